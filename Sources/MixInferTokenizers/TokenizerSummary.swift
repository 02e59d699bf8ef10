import Foundation

/// What `mixinfer inspect` reports about a tokenizer.
package struct TokenizerSummary {
    /// The file read: for a Hub id, the file in its cached snapshot.
    package var file: String?
    package var format: String
    package var family: String?
    package var pretokenizer: String
    package var normalizer: String
    package var vocabularySize: Int
    package var merges: Int
    package var byteLevel: Bool
    package var specialTokens: [String]
    package var unreachableTokens: Int
    /// The known vocabulary whose whole merge list this is (e.g. "cl100k").
    package var knownVocabulary: String?
    /// The longest known vocabulary whose merges start this tokenizer's list (and are fewer), with the number shared:
    /// e.g. Llama 3 → (cl100k, 100000). Constraints from merges after these are the informative ones.
    package var knownBase: (name: String, merges: Int)?
    /// Merges shared with `--base` from the start, and the size of that file's list.
    package var sharedWithBase: (name: String, shared: Int, baseMerges: Int)?
    /// SentencePiece: the trainer's piece rules the replay follows, and the counting normalizer (per line).
    package var trainerRules: String?
    package var countingNormalizer: String?
    /// Merges the file shows training did not choose (hand-added pieces); inference leaves them unconstrained.
    package var untrainedMerges: Int = 0

    package init(_ model: TokenizerModel, base: TokenizerModel? = nil, baseName: String? = nil) {
        file = model.sourceFile
        format = model.format.rawValue
        family = model.family
        pretokenizer = model.pretokenizer.summary
        normalizer = model.normalizer.summary
        vocabularySize = model.vocabularySize
        merges = model.merges.count
        if case .bytes = model.initialSymbols { byteLevel = true } else { byteLevel = false }
        specialTokens = model.specialTokens
        unreachableTokens = model.unreachableTokens.count
        let matches = KnownTokenizer.mergePrefixes(of: model)
        knownVocabulary = matches.first { $0.merges == model.merges.count }?.name
        knownBase = matches.first { $0.merges < model.merges.count }
        if family == nil { family = knownVocabulary }
        untrainedMerges = model.untrainedMerges.count
        if let training = model.sentencePieceTraining {
            trainerRules = "max piece \(training.maxPieceLength) characters"
                + (training.splitByUnicodeScript ? ", one script" : "") + (training.splitDigits ? ", digits alone" : "")
                + (training.splitByNumber ? "" : ", numbers join scripts") + (training.splitByWhitespace ? ", ▁ in front only" : ", ▁ inside")
                + (training.allowWhitespaceOnlyPieces ? ", ▁ runs" : "") + (training.treatWhitespaceAsSuffix ? ", ▁ as suffix" : "")
                + "; byte-fallback and user-defined pieces never pair"
            countingNormalizer = model.countingNormalizer.summary
        }
        if let base {
            sharedWithBase = (baseName ?? "base", TokenizerSummary.sharedPrefix(model, base), base.merges.count)
        }
    }

    /// Number of leading merges that are the same byte pairs in both models.
    package static func sharedPrefix(_ a: TokenizerModel, _ b: TokenizerModel) -> Int {
        var count = 0
        for (x, y) in zip(a.merges, b.merges) {
            guard a.tokenBytes[Int(x.left)] == b.tokenBytes[Int(y.left)],
                  a.tokenBytes[Int(x.right)] == b.tokenBytes[Int(y.right)] else { break }
            count += 1
        }
        return count
    }

    package var text: String {
        var lines = file.map { ["file:            \($0)"] } ?? []
        lines += [
            "format:          \(format)",
            "family:          \(family ?? "unknown")",
            "normalizer:      \(normalizer)",
            "pretokenizer:    \(pretokenizer)",
            "vocabulary size: \(vocabularySize)",
            "merges:          \(merges)",
            "byte-level:      \(byteLevel ? "yes" : "no (characters + byte fallback)")",
            "special tokens:  \(specialTokens.count)\(specialTokens.isEmpty ? "" : " (" + specialTokens.prefix(5).joined(separator: ", ") + (specialTokens.count > 5 ? ", …" : "") + ")")",
            "unreachable:     \(unreachableTokens) tokens no single merge of lower-ranked tokens builds",
        ]
        if let countingNormalizer { lines.append("counting:        \(countingNormalizer) (each line a sentence, as the trainer reads it)") }
        if let trainerRules { lines.append("trainer rules:   \(trainerRules)") }
        if trainerRules != nil || untrainedMerges > 0 {
            lines.append("untrained:       \(untrainedMerges) merges the trainer's rules forbid (hand-added pieces), left unconstrained")
        }
        if let knownVocabulary { lines.append("known vocabulary: \(knownVocabulary) (all merges identical)") }
        if let knownBase { lines.append("known base:      \(knownBase.name) (first \(knownBase.merges) merges identical)") }
        if let sharedWithBase {
            lines.append("shared with base: \(sharedWithBase.shared) leading merges of \(sharedWithBase.name)'s \(sharedWithBase.baseMerges)")
        }
        return lines.joined(separator: "\n")
    }

    package var json: String {
        var object: [String: Any] = [
            "format": format, "family": family ?? NSNull(), "normalizer": normalizer, "pretokenizer": pretokenizer,
            "vocabulary_size": vocabularySize, "merges": merges, "byte_level": byteLevel,
            "special_tokens": specialTokens.count, "unreachable_tokens": unreachableTokens,
        ]
        if let knownVocabulary { object["known_vocabulary"] = knownVocabulary }
        if let file { object["file"] = file }
        if let trainerRules { object["trainer_rules"] = trainerRules }
        if let countingNormalizer { object["counting_normalizer"] = countingNormalizer }
        if trainerRules != nil || untrainedMerges > 0 { object["untrained_merges"] = untrainedMerges }
        if let knownBase { object["known_base"] = ["name": knownBase.name, "merges": knownBase.merges] }
        if let sharedWithBase {
            object["base"] = ["file": sharedWithBase.name, "shared_merges": sharedWithBase.shared,
                              "base_merges": sharedWithBase.baseMerges]
        }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
