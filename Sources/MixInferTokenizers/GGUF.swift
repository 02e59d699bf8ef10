import Foundation
import MixInferSupport
import MixInferPretokenize

/// GGUF vocabulary-only files (llama.cpp `ggml-vocab-*.gguf`): key/value metadata with `tokenizer.ggml.*`.
/// `gpt2` models are byte-level BPE with a merge list; `llama` models are SentencePiece-style (scores).
enum GGUFReader: TokenizerFormatReader {
    static func recognizes(_ data: Data, path: String) -> Bool { data.starts(with: Array("GGUF".utf8)) }

    indirect enum Value {
        case integer(Int64)
        case float(Double)
        case bool(Bool)
        case string([UInt8])
        case array([Value])
        case skipped
    }

    struct Cursor {
        let bytes: [UInt8]
        var position = 0
        let version: UInt32

        mutating func take(_ count: Int) throws -> ArraySlice<UInt8> {
            guard count >= 0, bytes.count - position >= count else { throw ProtobufReader.Failure(reason: "truncated") }
            defer { position += count }
            return bytes[position..<position + count]
        }
        mutating func unsigned(_ width: Int) throws -> UInt64 {
            guard bytes.count - position >= width else { throw ProtobufReader.Failure(reason: "truncated") }
            var value: UInt64 = 0
            var index = 0
            while index < width {
                value |= UInt64(bytes[position + index]) << (8 * UInt64(index))
                index += 1
            }
            position += width
            return value
        }
        mutating func count() throws -> Int {
            let raw = try version == 1 ? unsigned(4) : unsigned(8)
            guard raw <= UInt64(bytes.count) else { throw ProtobufReader.Failure(reason: "length \(raw) exceeds the file") }
            return Int(raw)
        }
        mutating func string() throws -> [UInt8] { Array(try take(try count())) }

        mutating func value(type: UInt32, keep: Bool, depth: Int = 0) throws -> Value {
            switch type {
            case 0: return .integer(Int64(try unsigned(1)))
            case 1: return .integer(Int64(Int8(truncatingIfNeeded: try unsigned(1))))
            case 2: return .integer(Int64(try unsigned(2)))
            case 3: return .integer(Int64(Int16(truncatingIfNeeded: try unsigned(2))))
            case 4: return .integer(Int64(try unsigned(4)))
            case 5: return .integer(Int64(Int32(truncatingIfNeeded: try unsigned(4))))
            case 6: return .float(Double(Float(bitPattern: UInt32(try unsigned(4)))))
            case 7: return .bool(try unsigned(1) != 0)
            case 8:
                let text = try string()
                return keep ? .string(text) : .skipped
            case 9:
                guard depth < 4 else { throw ProtobufReader.Failure(reason: "arrays nested too deeply") }
                let elementType = UInt32(try unsigned(4))
                let count = try count()
                let fixed: [UInt32: Int] = [0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8]
                if !keep, let width = fixed[elementType] {
                    _ = try take(count * width)
                    return .skipped
                }
                var values: [Value] = []
                if keep { values.reserveCapacity(min(count, 1 << 20)) }
                for _ in 0..<count {
                    let element = try value(type: elementType, keep: keep, depth: depth + 1)
                    if keep { values.append(element) }
                }
                return keep ? .array(values) : .skipped
            case 10: return .integer(Int64(bitPattern: try unsigned(8)))
            case 11: return .integer(Int64(bitPattern: try unsigned(8)))
            case 12: return .float(Double(bitPattern: try unsigned(8)))
            default: throw ProtobufReader.Failure(reason: "unknown value type \(type)")
            }
        }
    }

    /// The `tokenizer.*` metadata of a GGUF file.
    static func metadata(_ data: Data, path: String) throws -> [String: Value] {
        let bytes = [UInt8](data)
        do {
            var cursor = Cursor(bytes: bytes, position: 4, version: 0)
            let version = UInt32(try cursor.unsigned(4))
            guard (1...3).contains(version) else {
                throw TokenizerError.unsupportedModel(path: path, reason: "GGUF version \(version) is not supported")
            }
            cursor = Cursor(bytes: bytes, position: 8, version: version)
            _ = try cursor.count()  // tensors
            let keyCount = try cursor.count()
            var result: [String: Value] = [:]
            for _ in 0..<keyCount {
                let key = String(decoding: try cursor.string(), as: UTF8.self)
                let type = UInt32(try cursor.unsigned(4))
                let keep = key.hasPrefix("tokenizer.ggml.") && !key.hasSuffix("chat_template")
                let value = try cursor.value(type: type, keep: keep)
                if keep { result[key] = value }
            }
            return result
        } catch let failure as ProtobufReader.Failure {
            throw TokenizerError.malformed(path: path, reason: "bad GGUF metadata: \(failure.reason)")
        }
    }

    static func strings(_ value: Value?) -> [[UInt8]]? {
        guard case let .array(items)? = value else { return nil }
        var result: [[UInt8]] = []
        result.reserveCapacity(items.count)
        for item in items {
            guard case let .string(text) = item else { return nil }
            result.append(text)
        }
        return result
    }

    static func numbers(_ value: Value?) -> [Double]? {
        guard case let .array(items)? = value else { return nil }
        return items.compactMap {
            switch $0 {
            case let .integer(number): return Double(number)
            case let .float(number): return number
            default: return nil
            }
        }
    }

    static func read(_ data: Data, path: String, options: TokenizerLoadOptions) throws -> TokenizerModel {
        let meta = try metadata(data, path: path)
        guard case let .string(modelName)? = meta["tokenizer.ggml.model"] else {
            throw TokenizerError.malformed(path: path, reason: "no tokenizer.ggml.model (not a vocabulary file)")
        }
        let kind = String(decoding: modelName, as: UTF8.self)
        guard let tokens = strings(meta["tokenizer.ggml.tokens"]), !tokens.isEmpty else {
            throw TokenizerError.malformed(path: path, reason: "tokenizer.ggml.tokens is missing or not a string array")
        }
        let types = numbers(meta["tokenizer.ggml.token_type"]).map { $0.map { Int($0) } } ?? []
        guard types.isEmpty || types.count == tokens.count else {
            throw TokenizerError.malformed(path: path, reason: "token_type has \(types.count) entries for \(tokens.count) tokens")
        }
        func type(_ index: Int) -> Int { types.isEmpty ? 1 : types[index] }
        switch kind {
        case "gpt2":
            return try readByteLevel(meta, tokens: tokens, type: type, path: path, options: options)
        case "llama":
            guard let scores = numbers(meta["tokenizer.ggml.scores"]), scores.count == tokens.count else {
                throw TokenizerError.malformed(path: path, reason: "tokenizer.ggml.scores is missing or has the wrong length")
            }
            var pieces: [SentencePieceModelReader.Piece] = []
            for (index, text) in tokens.enumerated() {
                let pieceType = SentencePieceModelReader.PieceType(rawValue: type(index)) ?? .normal
                pieces.append(.init(text: text, score: Float(scores[index]), type: pieceType))
            }
            var addSpacePrefix = true
            if case let .bool(flag)? = meta["tokenizer.ggml.add_space_prefix"] { addSpacePrefix = flag }
            return try SentencePieceModelReader.build(
                pieces: pieces, byteFallback: pieces.contains { $0.type == .byte }, addDummyPrefix: addSpacePrefix,
                escapeWhitespaces: true, path: path, format: .gguf)
        default:
            throw TokenizerError.unsupportedModel(
                path: path, reason: "GGUF tokenizer model '\(kind)' is not BPE with merges mixinfer reads (gpt2, llama)")
        }
    }

    static func readByteLevel(_ meta: [String: Value], tokens: [[UInt8]], type: (Int) -> Int, path: String,
                              options: TokenizerLoadOptions) throws -> TokenizerModel {
        guard let rawMerges = strings(meta["tokenizer.ggml.merges"]) else {
            throw TokenizerError.malformed(path: path, reason: "tokenizer.ggml.merges is missing or not a string array")
        }
        var pre = ""
        if case let .string(name)? = meta["tokenizer.ggml.pre"] { pre = String(decoding: name, as: UTF8.self) }
        guard let preset = KnownTokenizer.gguf(pre) else {
            if options.pretokenizer == nil {
                throw TokenizerError.unsupportedModel(
                    path: path, reason: "tokenizer.ggml.pre '\(pre)' is not one mixinfer knows; pass --pretokenizer NAME")
            }
            return try build(meta, tokens: tokens, type: type, merges: rawMerges, pretokenizer: .none, pre: pre,
                             ignoreMerges: false, path: path)
        }
        let spec: PretokenizerSpec = .sequence(preset.regexes.map { .split(pattern: .regex($0), behavior: .isolated, invert: false) })
        return try build(meta, tokens: tokens, type: type, merges: rawMerges, pretokenizer: spec, pre: pre,
                         ignoreMerges: preset.ignoreMerges, path: path)
    }

    static func build(_ meta: [String: Value], tokens: [[UInt8]], type: (Int) -> Int, merges rawMerges: [[UInt8]],
                      pretokenizer: PretokenizerSpec, pre: String, ignoreMerges: Bool, path: String) throws -> TokenizerModel {
        var interner = TokenInterner.byteLevel()
        var merges: [MergeRule] = []
        merges.reserveCapacity(rawMerges.count)
        for (index, raw) in rawMerges.enumerated() {
            guard let space = raw.firstIndex(of: 0x20), space > 0, space < raw.count - 1,
                  let left = ByteLevelAlphabet.decode(String(decoding: raw[..<space], as: UTF8.self)),
                  let right = ByteLevelAlphabet.decode(String(decoding: raw[(space + 1)...], as: UTF8.self)) else {
                throw TokenizerError.malformed(path: path, reason: "merge #\(index + 1) is not two byte-level tokens separated by a space")
            }
            merges.append(MergeRule(left: interner.id(left), right: interner.id(right), result: interner.id(left + right)))
        }
        var fileIds: [[UInt8]: Int] = [:]
        var added: [AddedToken] = []
        var specials: [String] = []
        for (index, text) in tokens.enumerated() {
            switch type(index) {
            case 1:
                if let bytes = ByteLevelAlphabet.decode(String(decoding: text, as: UTF8.self)), fileIds[bytes] == nil {
                    fileIds[bytes] = index
                }
            case 4:
                added.append(AddedToken(content: String(decoding: text, as: UTF8.self), id: index, special: false))
            case 3:
                specials.append(String(decoding: text, as: UTF8.self))
            default: continue
            }
        }
        if ignoreMerges {
            // Whole-piece lookup can produce tokens no merge builds: give them internal ids too.
            for bytes in fileIds.keys.sorted(by: { fileIds[$0]! < fileIds[$1]! }) { _ = interner.id(bytes) }
        }
        var model = TokenizerModel(
            tokenBytes: interner.tokenBytes, externalIds: interner.tokenBytes.map { fileIds[$0] ?? -1 }, merges: merges,
            initialSymbols: .bytes(byteIds: (0..<256).map { UInt32($0) }), normalizer: .none,
            pretokenizer: pretokenizer, format: .gguf, specialTokens: specials + added.map(\.content),
            vocabularySize: tokens.count)
        model.addedTokens = added
        model.family = pre.isEmpty ? "gguf (no pre)" : "gguf \(pre)"
        if ignoreMerges {
            model.mergeSelection = .mergeListWholePieceFirst
        }
        return model
    }
}
