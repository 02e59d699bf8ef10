import Foundation

/// Hugging Face `tokenizer.json` with a BPE model (byte-level: GPT-2, Llama 3, Qwen, Claude legacy, ...).
enum HFTokenizerJSONReader: TokenizerFormatReader {
    static func recognizes(_ data: Data, path: String) -> Bool {
        guard let first = data.first(where: { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }), first == UInt8(ascii: "{") else {
            return false
        }
        return data.range(of: Data(#""model""#.utf8)) != nil
    }

    static func read(_ data: Data, path: String) throws -> TokenizerModel {
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
        guard pretokenizer.containsByteLevel || decoderType == "ByteLevel" else {
            throw TokenizerError.unsupportedModel(
                path: path, reason: "BPE without a ByteLevel pre-tokenizer or decoder is not supported yet")
        }
        var ids: [String: Int] = [:]
        ids.reserveCapacity(vocab.count)
        for (token, value) in vocab {
            guard let id = (value as? NSNumber)?.intValue else {
                throw TokenizerError.malformed(path: path, reason: "vocab entry \(token.debugDescription) has a non-integer id")
            }
            ids[token] = id
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
        let externalIds = interner.tokenBytes.map { ids[ByteLevelAlphabet.encode($0)] ?? -1 }
        let added = (root["added_tokens"] as? [[String: Any]] ?? []).compactMap { $0["content"] as? String }
        let maxId = max(ids.values.max() ?? -1, (root["added_tokens"] as? [[String: Any]] ?? [])
            .compactMap { ($0["id"] as? NSNumber)?.intValue }.max() ?? -1)
        return TokenizerModel(
            tokenBytes: interner.tokenBytes, externalIds: externalIds, merges: merges,
            initialSymbols: .bytes(byteIds: (0..<256).map { UInt32($0) }),
            normalizer: normalizer, pretokenizer: pretokenizer, format: .huggingFaceJSON,
            specialTokens: added, vocabularySize: maxId + 1)
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
