import Foundation
import MixInferSupport
import MixInferPretokenize

/// GPT-2-style `merges.txt` / `vocab.bpe` (one merge `"a b"` per line in the byte-level alphabet, `#version`
/// header), with `vocab.json` / `encoder.json` beside it for the file ids; and CLIP's `bpe_simple_vocab_16e6.txt(.gz)`,
/// whose merges mark word ends with `</w>` and whose vocabulary is built from them.
enum MergesTextReader: TokenizerFormatReader {
    static let endOfWord = Array("</w>".utf8)

    static func recognizes(_ data: Data, path: String) -> Bool {
        let head = [UInt8](data.prefix(4096))
        guard let text = String(bytes: head, encoding: .utf8) ?? String(bytes: head.dropLast(3), encoding: .utf8) else { return false }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
        if let first = lines.first, first.contains("#version") { lines.removeFirst() }
        let sample = lines.prefix(20)
        // "<base64> <rank>" lines are a (possibly damaged) tiktoken file, not merges.
        if sample.allSatisfy({ $0.split(separator: " ").last?.allSatisfy(\.isNumber) == true }) { return false }
        return !sample.isEmpty && sample.allSatisfy { line in
            let parts = line.split(separator: " ", omittingEmptySubsequences: false)
            return parts.count == 2 && !parts[0].isEmpty && !parts[1].isEmpty && !line.contains("\t")
        }
    }

    static func read(_ data: Data, path: String, options: TokenizerLoadOptions) throws -> TokenizerModel {
        guard let text = String(data: data, encoding: .utf8) else {
            throw TokenizerError.malformed(path: path, reason: "merges file is not UTF-8")
        }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true).map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
        if let first = lines.first, first.contains("#version") { lines.removeFirst() }
        let clip = lines.prefix(2000).contains { $0.hasSuffix("</w>") }
        // open_clip / CLIP use the first 49152 - 256 - 2 merges of bpe_simple_vocab_16e6 (262,144 lines).
        if clip && lines.count == 262_144 { lines = Array(lines.prefix(49_152 - 256 - 2)) }
        var interner = TokenInterner.byteLevel()
        // Byte order of the byte-level alphabet as CLIP lists it: printable bytes first.
        let alphabetOrder = (0..<256).sorted { ByteLevelAlphabet.scalars[$0].value < ByteLevelAlphabet.scalars[$1].value }
        var endOfWordIds: [UInt32] = []
        var externalIds: [Int] = []
        if clip {
            for byte in 0..<256 { endOfWordIds.append(interner.id([UInt8(byte)] + endOfWord)) }
            var external = [Int](repeating: -1, count: 512)
            for (position, byte) in alphabetOrder.enumerated() {
                external[byte] = position
                external[256 + byte] = 256 + position
            }
            externalIds = external
        }
        func decode(_ part: Substring, index: Int) throws -> [UInt8] {
            var spelled = String(part)
            var suffix: [UInt8] = []
            if clip && spelled.hasSuffix("</w>") {
                spelled.removeLast(4)
                suffix = endOfWord
            }
            guard let bytes = ByteLevelAlphabet.decode(spelled), !bytes.isEmpty else {
                throw TokenizerError.malformed(path: path, reason: "merge #\(index + 1) (\(part)) is not spelled in the byte-level alphabet")
            }
            return bytes + suffix
        }
        var merges: [MergeRule] = []
        merges.reserveCapacity(lines.count)
        for (index, line) in lines.enumerated() {
            let parts = line.split(separator: " ", omittingEmptySubsequences: false)
            guard parts.count == 2 else {
                throw TokenizerError.malformed(path: path, reason: "line \(index + 1) is not a merge \"a b\"")
            }
            let left = try decode(parts[0], index: index), right = try decode(parts[1], index: index)
            let rule = MergeRule(left: interner.id(left), right: interner.id(right), result: interner.id(left + right))
            merges.append(rule)
            if clip {
                while externalIds.count < interner.tokenBytes.count { externalIds.append(-1) }
                externalIds[Int(rule.result)] = 512 + index  // later duplicates win, as in CLIP's dict
            }
        }
        var model = TokenizerModel(
            tokenBytes: interner.tokenBytes, externalIds: [], merges: merges,
            initialSymbols: .bytes(byteIds: (0..<256).map { UInt32($0) }), normalizer: .none,
            pretokenizer: .byteLevel(addPrefixSpace: false, useRegex: true), format: .mergesText,
            specialTokens: [], vocabularySize: interner.tokenBytes.count)
        if clip {
            model.externalIds = externalIds
            model.endOfWordIds = endOfWordIds
            let preset = PretokenizerPresets.named["clip"]
            model.pretokenizer = preset?.pretokenizer ?? .none
            model.normalizer = .lowercase
            model.specialTokens = ["<start_of_text>", "<end_of_text>"]
            model.vocabularySize = 512 + merges.count + 2
            model.family = "clip"
        } else {
            model.externalIds = try vocabularyIds(besides: path, for: interner.tokenBytes)
            model.family = "gpt2 merges.txt"
        }
        return model
    }

    /// File ids from `vocab.json` / `encoder.json` next to the merges file; -1 everywhere when there is none.
    static func vocabularyIds(besides path: String, for tokens: [[UInt8]]) throws -> [Int] {
        // (NSString.deletingLastPathComponent traps on a bare file name in swift-corelibs-foundation.)
        let directory = path.lastIndex(of: "/").map { String(path[...$0]) } ?? ""
        for name in ["vocab.json", "encoder.json"] {
            let candidate = directory + name
            guard let data = FileManager.default.contents(atPath: candidate) else { continue }
            guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
                throw TokenizerError.malformed(path: candidate, reason: "not a JSON object of token → id")
            }
            var ids: [[UInt8]: Int] = [:]
            for (token, value) in object {
                guard let id = (value as? NSNumber)?.intValue else {
                    throw TokenizerError.malformed(path: candidate, reason: "token \(token.debugDescription) has a non-integer id")
                }
                if let bytes = ByteLevelAlphabet.decode(token) { ids[bytes] = id }
            }
            return tokens.map { ids[$0] ?? -1 }
        }
        return [Int](repeating: -1, count: tokens.count)
    }
}
