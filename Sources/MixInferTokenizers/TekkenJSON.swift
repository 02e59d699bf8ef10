import Foundation
import MixInferSupport

/// Mistral's Tekken JSON (`tekken_*.json`): `config` (regex, vocab sizes) and `vocab` entries
/// `{rank, token_bytes (base64), token_str}`. Token id = rank + number of special tokens.
enum TekkenJSONReader: TokenizerFormatReader {
    static func recognizes(_ data: Data, path: String) -> Bool {
        guard let first = data.first(where: { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }), first == UInt8(ascii: "{") else {
            return false
        }
        return data.range(of: Data(#""token_bytes""#.utf8)) != nil && data.range(of: Data(#""config""#.utf8)) != nil
    }

    static func read(_ data: Data, path: String, options: TokenizerLoadOptions) throws -> TokenizerModel {
        guard let root = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw TokenizerError.malformed(path: path, reason: "invalid JSON or top level is not an object")
        }
        guard let config = root["config"] as? [String: Any] else {
            throw TokenizerError.malformed(path: path, reason: "no \"config\" object")
        }
        guard let pattern = config["pattern"] as? String else {
            throw TokenizerError.malformed(path: path, reason: "config.pattern is missing or not a string")
        }
        guard let entries = root["vocab"] as? [Any] else {
            throw TokenizerError.malformed(path: path, reason: "\"vocab\" is missing or not a list")
        }
        let specials = (root["special_tokens"] as? [Any])?.count
            ?? (config["default_num_special_tokens"] as? NSNumber)?.intValue ?? 0
        guard specials >= 0, specials < 1 << 24 else {
            throw TokenizerError.malformed(path: path, reason: "number of special tokens \(specials) is out of range")
        }
        var used = entries.count
        if let size = (config["default_vocab_size"] as? NSNumber)?.intValue {
            guard size >= specials else {
                throw TokenizerError.malformed(path: path, reason: "config.default_vocab_size is smaller than the special tokens")
            }
            used = min(used, size - specials)
        }
        var tokens: [(bytes: [UInt8], rank: Int)] = []
        tokens.reserveCapacity(used)
        for (position, raw) in entries.prefix(used).enumerated() {
            guard let entry = raw as? [String: Any], let encoded = entry["token_bytes"] as? String else {
                throw TokenizerError.malformed(path: path, reason: "vocab entry \(position) has no token_bytes string")
            }
            guard let decoded = Data(base64Encoded: encoded), !decoded.isEmpty else {
                throw TokenizerError.malformed(path: path, reason: "vocab entry \(position) has invalid base64")
            }
            let rank = (entry["rank"] as? NSNumber)?.intValue ?? position
            guard rank >= 0, rank < 1 << 40 else { throw TokenizerError.malformed(path: path, reason: "vocab entry \(position) has a rank out of range") }
            tokens.append(([UInt8](decoded), rank))
        }
        let vocabulary = try RankedVocabulary(tokens: tokens, path: path)
        var model = TokenizerModel(
            tokenBytes: vocabulary.tokenBytes, externalIds: vocabulary.ranks.map { $0 + specials },
            merges: vocabulary.merges, initialSymbols: .bytes(byteIds: vocabulary.byteIds), normalizer: .none,
            pretokenizer: .split(pattern: .regex(pattern), behavior: .isolated, invert: false), format: .tekken,
            specialTokens: (root["special_tokens"] as? [[String: Any]])?.compactMap { $0["token_str"] as? String } ?? [],
            vocabularySize: used + specials)
        model.mergeSelection = vocabulary.selection
        model.unreachableTokens = vocabulary.unreachable
        model.family = "tekken"
        return model
    }
}
