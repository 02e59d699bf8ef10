import Foundation

/// What `mixinfer inspect` reports about a tokenizer.
public struct TokenizerSummary {
    public var format: String
    public var family: String?
    public var pretokenizer: String
    public var normalizer: String
    public var vocabularySize: Int
    public var merges: Int
    public var byteLevel: Bool
    public var specialTokens: [String]
    public var unreachableTokens: Int
    /// The known vocabulary whose whole merge list this is (e.g. "cl100k").
    public var knownVocabulary: String?
    /// The longest known vocabulary whose merges start this tokenizer's list (and are fewer), with the number shared:
    /// e.g. Llama 3 → (cl100k, 100000). Constraints from merges after these are the informative ones.
    public var knownBase: (name: String, merges: Int)?
    /// Merges shared with `--base` from the start, and the size of that file's list.
    public var sharedWithBase: (name: String, shared: Int, baseMerges: Int)?
    /// SentencePiece: the trainer's piece rules the replay follows, and the counting normalizer (per line).
    public var trainerRules: String?
    public var countingNormalizer: String?
    /// Merges the file shows training did not choose (hand-added pieces); inference leaves them unconstrained.
    public var untrainedMerges: Int = 0

    public init(_ model: TokenizerModel, base: TokenizerModel? = nil, baseName: String? = nil) {
        format = model.format.rawValue
        family = model.family
        pretokenizer = model.pretokenizer.summary
        normalizer = model.normalizer.summary
        vocabularySize = model.vocabularySize
        merges = model.merges.count
        if case .bytes = model.initialSymbols { byteLevel = true } else { byteLevel = false }
        specialTokens = model.specialTokens
        unreachableTokens = model.unreachableTokens.count
        let matches = KnownMergePrefix.detect(model)
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
    public static func sharedPrefix(_ a: TokenizerModel, _ b: TokenizerModel) -> Int {
        var count = 0
        for (x, y) in zip(a.merges, b.merges) {
            guard a.tokenBytes[Int(x.left)] == b.tokenBytes[Int(y.left)],
                  a.tokenBytes[Int(x.right)] == b.tokenBytes[Int(y.right)] else { break }
            count += 1
        }
        return count
    }

    public var text: String {
        var lines = [
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

    public var json: String {
        var object: [String: Any] = [
            "format": format, "family": family ?? NSNull(), "normalizer": normalizer, "pretokenizer": pretokenizer,
            "vocabulary_size": vocabularySize, "merges": merges, "byte_level": byteLevel,
            "special_tokens": specialTokens.count, "unreachable_tokens": unreachableTokens,
        ]
        if let knownVocabulary { object["known_vocabulary"] = knownVocabulary }
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

/// Fingerprints of the merge lists of released vocabularies: FNV-1a over the byte pairs of the first merges.
enum KnownMergePrefix {
    /// (name, merges in its full list, fingerprint of the first `probe` merges, fingerprint of all its merges),
    /// measured on the files `scripts/fetch-tokenizers` fetches.
    static let probe = 2000
    static let known: [(name: String, merges: Int, probe: UInt64, full: UInt64)] = [
        ("r50k (GPT-2)", 50000, 1858482208884828564, 5910165422321216770),
        ("cl100k", 100000, 10889635523901024161, 17924337227828480478),
        ("o200k", 199742, 12668008504739728858, 2082850219232488113),
        ("qwen (1–3)", 151387, 183318235328512928, 2727183957227227682),
        ("llama3", 127066, 10889635523901024161, 5144346329740515151),
        ("llama4", 199744, 4802794267766838444, 10472743188610529986),
        ("qwen3.5/3.6", 247556, 3790257305644818851, 16074566397976212166),
        ("gpt-neox (OLMo)", 50009, 17685546136236168047, 8610653912130067949),
        ("deepseek-v3", 127741, 3940003132250756013, 6277166126078196992),
        ("claude-legacy", 64739, 4314062661004107517, 6019865362742502814),
        ("tekken (NeMo)", 129816, 14000415691691997761, 5225208646697938218),
        ("llama2", 29612, 8456155601688495670, 4514209088664261698),  // merges in training (id) order since issue #16
        ("mistral-v1", 28446, 2154125083456118566, 8671709606837091541),
        ("gemma", 234771, 1637717816303255073, 10027505605731454871),
    ]

    static func fingerprint(_ model: TokenizerModel, count: Int) -> UInt64? {
        guard model.merges.count >= count else { return nil }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ byte: UInt8) { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        for rule in model.merges.prefix(count) {
            for byte in model.tokenBytes[Int(rule.left)] { mix(byte) }
            mix(0xFF); mix(0xFE)
            for byte in model.tokenBytes[Int(rule.right)] { mix(byte) }
            mix(0xFF); mix(0xFD)
        }
        return hash
    }

    /// The known vocabulary with the longest merge list that starts this model's list: (name, merges shared).
    /// Known vocabularies whose whole merge list starts this model's list, longest first.
    static func detect(_ model: TokenizerModel) -> [(name: String, merges: Int)] {
        guard let print = fingerprint(model, count: probe) else { return [] }
        var found: [(name: String, merges: Int)] = []
        for entry in known where entry.probe == print && model.merges.count >= entry.merges {
            if fingerprint(model, count: entry.merges) == entry.full { found.append((entry.name, entry.merges)) }
        }
        return found.sorted { $0.merges > $1.merges }
    }
}
