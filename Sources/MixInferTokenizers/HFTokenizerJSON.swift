import Foundation
import MixInferSupport
import MixInferPretokenize

/// Hugging Face `tokenizer.json` with a BPE model (byte-level: GPT-2, Llama 3, Qwen, Claude legacy, ...).
enum HFTokenizerJSONReader: TokenizerFormatReader {
    static func recognizes(_ data: Data, path: String) -> Bool {
        guard let first = data.first(where: { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }), first == UInt8(ascii: "{") else {
            return false
        }
        return data.range(of: Data(#""model""#.utf8)) != nil
    }

    static func read(_ data: Data, path: String, options: TokenizerLoadOptions) throws -> TokenizerModel {
        let root: [String: Any]
        do {
            guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                throw TokenizerError.malformed(path: path, reason: "top level is not a JSON object")
            }
            root = object
        } catch let error as TokenizerError {
            throw error
        } catch {
            throw TokenizerError.malformed(path: path, reason: "invalid JSON")
        }
        guard let model = root["model"] as? [String: Any] else {
            throw TokenizerError.malformed(path: path, reason: "no \"model\" object")
        }
        let type = model["type"] as? String ?? (model["merges"] != nil ? "BPE" : "unknown")
        guard type == "BPE" else {
            throw TokenizerError.unsupportedModel(path: path, reason: "model type is \(type), not BPE (mixinfer needs a BPE merge list)")
        }
        guard let vocab = model["vocab"] as? [String: Any] else {
            throw TokenizerError.malformed(path: path, reason: "model.vocab is missing or not an object")
        }
        guard let rawMerges = model["merges"] as? [Any] else {
            throw TokenizerError.malformed(path: path, reason: "model.merges is missing or not a list")
        }
        let normalizer = try parseNormalizer(root["normalizer"], path: path)
        let pretokenizer = try parsePretokenizer(root["pre_tokenizer"], path: path)
        let decoderType = (root["decoder"] as? [String: Any])?["type"] as? String
        let byteLevel = pretokenizer.containsByteLevel || decoderType == "ByteLevel"
        var ids: [String: Int] = [:]
        ids.reserveCapacity(vocab.count)
        for (token, value) in vocab {
            guard let id = (value as? NSNumber)?.intValue else {
                throw TokenizerError.malformed(path: path, reason: "vocab entry \(token.debugDescription) has a non-integer id")
            }
            guard id >= 0, id < 1 << 31 else {
                throw TokenizerError.malformed(path: path, reason: "vocab entry \(token.debugDescription) has id \(id), out of range")
            }
            ids[token] = id
        }
        for key in ["continuing_subword_prefix", "end_of_word_suffix"] {
            if let affix = model[key] as? String, !affix.isEmpty {
                throw TokenizerError.unsupportedModel(path: path, reason: "BPE with \(key) \(affix.debugDescription)")
            }
        }
        if (model["dropout"] as? NSNumber).map({ $0.doubleValue > 0 }) == true {
            throw TokenizerError.unsupportedModel(path: path, reason: "BPE dropout makes encoding random")
        }
        let ignoreMerges = model["ignore_merges"] as? Bool ?? false
        let addedTokens = (root["added_tokens"] as? [[String: Any]] ?? []).compactMap { entry -> AddedToken? in
            guard let content = entry["content"] as? String, !content.isEmpty,
                  let id = (entry["id"] as? NSNumber)?.intValue, id >= 0, id < 1 << 31 else { return nil }
            return AddedToken(content: content, id: id, special: entry["special"] as? Bool ?? false)
        }
        if !byteLevel {
            var result = try readCharacterLevel(model: model, ids: ids, rawMerges: rawMerges, path: path)
            result.normalizer = normalizer
            result.pretokenizer = pretokenizer
            result.addedTokens = addedTokens
            result.specialTokens = addedTokens.map(\.content)
            result.vocabularySize = max(result.vocabularySize, (addedTokens.map(\.id).max() ?? -1) + 1)
            if ignoreMerges { result.mergeSelection = .mergeListWholePieceFirst }
            return result
        }
        var interner = TokenInterner.byteLevel()
        var merges: [MergeRule] = []
        merges.reserveCapacity(rawMerges.count)
        for (index, raw) in rawMerges.enumerated() {
            let (left, right) = try splitMerge(raw, index: index, vocab: ids, path: path)
            guard let leftBytes = ByteLevelAlphabet.decode(left), let rightBytes = ByteLevelAlphabet.decode(right),
                  !leftBytes.isEmpty, !rightBytes.isEmpty else {
                throw TokenizerError.malformed(
                    path: path, reason: "merge #\(index + 1) (\(left) \(right)) is not spelled in the byte-level alphabet")
            }
            let rule = MergeRule(left: interner.id(leftBytes), right: interner.id(rightBytes),
                                 result: interner.id(leftBytes + rightBytes))
            merges.append(rule)
        }
        if ignoreMerges {
            // Whole-piece lookup can produce vocabulary tokens no merge builds: give them internal ids too.
            for (token, _) in ids.sorted(by: { $0.value < $1.value }) {
                if let bytes = ByteLevelAlphabet.decode(token), !bytes.isEmpty { _ = interner.id(bytes) }
            }
        }
        let externalIds = interner.tokenBytes.map { ids[ByteLevelAlphabet.encode($0)] ?? -1 }
        let added = (root["added_tokens"] as? [[String: Any]] ?? []).compactMap { $0["content"] as? String }
        let maxId = max(ids.values.max() ?? -1, (root["added_tokens"] as? [[String: Any]] ?? [])
            .compactMap { ($0["id"] as? NSNumber)?.intValue }.filter { $0 < 1 << 31 }.max() ?? -1)
        var result = TokenizerModel(
            tokenBytes: interner.tokenBytes, externalIds: externalIds, merges: merges,
            initialSymbols: .bytes(byteIds: (0..<256).map { UInt32($0) }),
            normalizer: normalizer, pretokenizer: pretokenizer, format: .huggingFaceJSON,
            specialTokens: added, vocabularySize: maxId + 1)
        result.addedTokens = addedTokens
        if ignoreMerges { result.mergeSelection = .mergeListWholePieceFirst }
        return result
    }

    /// SentencePiece-style BPE in HF form (Llama 2, Mistral): tokens are plain strings with `▁` for spaces,
    /// initial symbols are characters, unknown characters fall back to `<0xNN>` tokens when `byte_fallback` is set.
    static func readCharacterLevel(model: [String: Any], ids: [String: Int], rawMerges: [Any], path: String) throws -> TokenizerModel {
        let ordered = ids.sorted { $0.value != $1.value ? $0.value < $1.value : $0.key < $1.key }
        var internalIds: [String: UInt32] = [:]
        var tokenBytes: [[UInt8]] = []
        var externalIds: [Int] = []
        var characterIds: [[UInt8]: UInt32] = [:]
        var byteIds = [UInt32](repeating: UInt32.max, count: 256)
        for (token, id) in ordered {
            let internalId = UInt32(tokenBytes.count)
            internalIds[token] = internalId
            externalIds.append(id)
            let utf8 = Array(token.utf8)
            if utf8.count == 6, token.hasPrefix("<0x"), token.hasSuffix(">"), let value = UInt8(token.dropFirst(3).prefix(2), radix: 16) {
                byteIds[Int(value)] = internalId
                tokenBytes.append([value])
                continue
            }
            tokenBytes.append(utf8)
            if token.unicodeScalars.count == 1 { characterIds[utf8] = internalId }
        }
        var unknown: UInt32
        if let name = model["unk_token"] as? String, let id = internalIds[name] {
            unknown = id
        } else {
            unknown = UInt32(tokenBytes.count)  // a token without a file id: dropped by encoders, as HF does
            tokenBytes.append([])
            externalIds.append(-1)
        }
        var merges: [MergeRule] = []
        merges.reserveCapacity(rawMerges.count)
        for (index, raw) in rawMerges.enumerated() {
            let (left, right) = try splitMerge(raw, index: index, vocab: ids, path: path)
            guard let leftId = internalIds[left], let rightId = internalIds[right], let result = internalIds[left + right] else {
                throw TokenizerError.malformed(path: path, reason: "merge #\(index + 1) (\(left) \(right)) uses a token not in the vocabulary")
            }
            merges.append(MergeRule(left: leftId, right: rightId, result: result))
        }
        let fallback = (model["byte_fallback"] as? Bool ?? false) && !byteIds.contains(UInt32.max)
        let table = CharacterSymbols(characterIds: characterIds, byteFallback: fallback ? byteIds : [], unknown: unknown)
        var result = TokenizerModel(
            tokenBytes: tokenBytes, externalIds: externalIds, merges: merges, initialSymbols: .characters(table),
            normalizer: .none, pretokenizer: .none, format: .huggingFaceJSON,
            vocabularySize: (ids.values.max() ?? -1) + 1)
        result.family = "sentencepiece-style"
        return result
    }

    /// A merge is either `"a b"` or `["a", "b"]`.
    private static func splitMerge(_ raw: Any, index: Int, vocab: [String: Int], path: String) throws -> (String, String) {
        if let pair = raw as? [Any], pair.count == 2, let left = pair[0] as? String, let right = pair[1] as? String {
            return (left, right)
        }
        if let text = raw as? String {
            let parts = text.split(separator: " ", omittingEmptySubsequences: false)
            if parts.count == 2 { return (String(parts[0]), String(parts[1])) }
        }
        throw TokenizerError.malformed(path: path, reason: "merge #\(index + 1) is neither \"a b\" nor [\"a\", \"b\"]")
    }

    static func parseNormalizer(_ raw: Any?, path: String) throws -> NormalizerSpec {
        guard let object = raw as? [String: Any] else {
            if raw == nil || raw is NSNull { return .none }
            throw TokenizerError.malformed(path: path, reason: "normalizer is not an object")
        }
        let type = object["type"] as? String ?? "?"
        switch type {
        case "NFC": return .nfc
        case "NFD": return .nfd
        case "NFKC": return .nfkc
        case "NFKD": return .nfkd
        case "Lowercase": return .lowercase
        case "Sequence":
            let steps = object["normalizers"] as? [Any] ?? []
            return .sequence(try steps.map { try parseNormalizer($0, path: path) })
        case "Prepend":
            return .prepend(object["prepend"] as? String ?? "")
        case "Replace":
            guard let pattern = (object["pattern"] as? [String: Any])?["String"] as? String,
                  let content = object["content"] as? String else {
                throw TokenizerError.unsupportedModel(path: path, reason: "Replace normalizer with a regex pattern")
            }
            return .replace(pattern: pattern, content: content)
        default:
            throw TokenizerError.unsupportedModel(path: path, reason: "normalizer \(type) is not supported")
        }
    }

    static func parsePretokenizer(_ raw: Any?, path: String) throws -> PretokenizerSpec {
        guard let object = raw as? [String: Any] else {
            if raw == nil || raw is NSNull { return .none }
            throw TokenizerError.malformed(path: path, reason: "pre_tokenizer is not an object")
        }
        let type = object["type"] as? String ?? "?"
        switch type {
        case "ByteLevel":
            return .byteLevel(addPrefixSpace: object["add_prefix_space"] as? Bool ?? true,
                              useRegex: object["use_regex"] as? Bool ?? true)
        case "Split":
            let patternObject = object["pattern"] as? [String: Any]
            let pattern: SplitPattern
            if let regex = patternObject?["Regex"] as? String {
                pattern = .regex(regex)
            } else if let literal = patternObject?["String"] as? String {
                pattern = .literal(literal)
            } else {
                throw TokenizerError.malformed(path: path, reason: "Split pre-tokenizer without a pattern")
            }
            let behaviorName = object["behavior"] as? String ?? "Isolated"
            guard let behavior = SplitBehavior(rawValue: behaviorName) else {
                throw TokenizerError.unsupportedModel(path: path, reason: "Split behavior \(behaviorName)")
            }
            return .split(pattern: pattern, behavior: behavior, invert: object["invert"] as? Bool ?? false)
        case "Digits":
            return .digits(individual: object["individual_digits"] as? Bool ?? false)
        case "WhitespaceSplit":
            return .whitespaceSplit
        case "Whitespace":
            return .split(pattern: .regex(#"\w+|[^\w\s]+"#), behavior: .removed, invert: true)
        case "Sequence":
            let steps = object["pretokenizers"] as? [Any] ?? []
            return .sequence(try steps.map { try parsePretokenizer($0, path: path) })
        case "Metaspace":
            let replacement = object["replacement"] as? String ?? "\u{2581}"
            let scheme: MetaspacePrepend
            if let name = object["prepend_scheme"] as? String {
                guard let parsed = MetaspacePrepend(rawValue: name) else {
                    throw TokenizerError.unsupportedModel(path: path, reason: "Metaspace prepend_scheme \(name)")
                }
                scheme = parsed
            } else {
                scheme = (object["add_prefix_space"] as? Bool ?? true) ? .always : .never
            }
            return .metaspace(replacement: replacement, prependScheme: scheme, split: object["split"] as? Bool ?? true)
        default:
            throw TokenizerError.unsupportedModel(path: path, reason: "pre-tokenizer \(type) is not supported")
        }
    }
}

extension PretokenizerSpec {
    /// True when a ByteLevel step occurs anywhere in the spec.
    var containsByteLevel: Bool {
        switch self {
        case .byteLevel: return true
        case let .sequence(steps): return steps.contains { $0.containsByteLevel }
        default: return false
        }
    }
}
