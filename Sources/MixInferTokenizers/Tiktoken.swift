import Foundation
import MixInferSupport
import MixInferPretokenize

/// tiktoken rank files (`*.tiktoken`, Llama 3/4 `tokenizer.model`): lines `<base64 token> <rank>`.
/// The pretokenizer is not in the file: known vocabularies are recognised by content.
enum TiktokenReader: TokenizerFormatReader {
    static func recognizes(_ data: Data, path: String) -> Bool {
        var sawSpace = false, sawDigit = false
        for byte in data.prefix(300) {
            switch byte {
            case UInt8(ascii: "\n"): return sawSpace && sawDigit
            case UInt8(ascii: " "):
                if sawSpace { return false }
                sawSpace = true
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                if sawSpace { sawDigit = true }
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "+"), UInt8(ascii: "/"), UInt8(ascii: "="):
                if sawSpace { return false }
            default: return false
            }
        }
        return false
    }

    /// Parses the lines into (bytes, rank).
    static func parseLines(_ data: Data, path: String) throws -> [(bytes: [UInt8], rank: Int)] {
        var tokens: [(bytes: [UInt8], rank: Int)] = []
        let bytes = [UInt8](data)
        var lineNumber = 0
        var start = 0
        while start < bytes.count {
            var end = start
            while end < bytes.count && bytes[end] != 0x0A { end += 1 }
            lineNumber += 1
            var line = bytes[start..<end]
            if line.last == 0x0D { line = line.dropLast() }
            start = end + 1
            if line.isEmpty { continue }
            guard let space = line.firstIndex(of: 0x20) else {
                throw TokenizerError.malformed(path: path, reason: "line \(lineNumber) is not '<base64> <rank>'")
            }
            let rankText = line[(space + 1)...]
            guard !rankText.isEmpty, rankText.count < 10, rankText.allSatisfy({ (0x30...0x39).contains($0) }) else {
                throw TokenizerError.malformed(path: path, reason: "line \(lineNumber) has no decimal rank")
            }
            let rank = rankText.reduce(0) { $0 * 10 + Int($1 - 0x30) }
            guard let decoded = Data(base64Encoded: Data(line[..<space])), !decoded.isEmpty else {
                throw TokenizerError.malformed(path: path, reason: "line \(lineNumber) has invalid base64")
            }
            tokens.append(([UInt8](decoded), rank))
        }
        guard !tokens.isEmpty else { throw TokenizerError.malformed(path: path, reason: "no ranks") }
        return tokens
    }

    static func read(_ data: Data, path: String, options: TokenizerLoadOptions) throws -> TokenizerModel {
        let tokens = try parseLines(data, path: path)
        let vocabulary = try RankedVocabulary(tokens: tokens, path: path)
        let known = vocabulary.tokenBytes.last.flatMap { KnownTokenizer.rankFile(count: vocabulary.tokenBytes.count, lastToken: $0) }
        guard known != nil || options.pretokenizer != nil else {
            throw TokenizerError.unsupportedModel(
                path: path, reason: "tiktoken vocabulary of \(tokens.count) ranks is not one mixinfer knows; "
                    + "pass --pretokenizer NAME (one of \(PretokenizerPresets.names.joined(separator: ", ")))")
        }
        let preset = known.flatMap { rankFile in
            KnownTokenizer.all.first { $0.rankFile?.family == rankFile.family }?.preset.flatMap { PretokenizerPresets.named[$0] }
        }
        var model = TokenizerModel(
            tokenBytes: vocabulary.tokenBytes, externalIds: vocabulary.ranks, merges: vocabulary.merges,
            initialSymbols: .bytes(byteIds: vocabulary.byteIds), normalizer: preset?.normalizer ?? .none,
            pretokenizer: preset?.pretokenizer ?? .none, format: .tiktoken,
            specialTokens: known?.specialTokens ?? [], vocabularySize: known?.vocabularySize ?? ((vocabulary.ranks.last ?? 0) + 1))
        model.mergeSelection = vocabulary.selection
        model.unreachableTokens = vocabulary.unreachable
        model.family = known?.family
        return model
    }
}
