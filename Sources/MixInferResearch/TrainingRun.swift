import MixInferSupport
import MixInferPretokenize
import MixInferTokenizers
import MixInferCorpus
/// Trains a ground-truth tokenizer on a known mixture of categories.
package struct TrainingRun: Sendable {
    /// The trained tokenizer.
    package var model: TokenizerModel
    /// The categories, in the mixture's order.
    package var names: [String]
    /// Word counts of each category's training text, in the order of `names`.
    package var words: [WordCounts]

    /// UTF-8 bytes actually taken from each category (the true mixture is these divided by their sum).
    package var bytes: [(name: String, bytes: Int)] { zip(names, words).map { ($0, $1.bytes) } }

    /// True byte shares of the training text.
    package var trueShares: [(name: String, share: Double)] {
        let total = Double(bytes.reduce(0) { $0 + $1.bytes })
        return bytes.map { ($0.name, Double($0.bytes) / total) }
    }

    /// Reads `share × totalBytes` bytes of each category (see `SampleReader`), pretokenizes with GPT-2's
    /// regex, and learns `vocabularySize − 256` merges (after the merges of `base`, if given: an extension).
    package static func train(categories: [Category], mixture: Mixture, totalBytes: Int,
                             vocabularySize: Int, continuing base: TokenizerModel? = nil) throws -> TrainingRun {
        guard vocabularySize > 256 else {
            throw UsageError.invalid("--vocab-size must exceed 256 (the byte alphabet), got \(vocabularySize)")
        }
        guard totalBytes > 0 else { throw UsageError.invalid("--total-bytes must be positive") }
        let pretokenizer = try Pretokenizer(.byteLevel(addPrefixSpace: false, useRegex: true))
        var combined = WordCounter()
        var counted: [WordCounts] = []
        for (name, share) in mixture.shares {
            guard let category = categories.first(where: { $0.name == name }) else {
                throw UsageError.invalid("--mixture names '\(name)', which is not a category (have: "
                    + categories.map(\.name).joined(separator: ", ") + ")")
            }
            let budget = Int((share * Double(totalBytes)).rounded())
            guard budget > 0 else { counted.append(WordCounts(bytes: 0)); continue }
            let counting = WordCounting(normalizer: .none, pretokenizer: pretokenizer,
                                        reader: SampleReader(budget: budget))
            let words = try counting.count(category)
            combined.add(words)
            counted.append(words)
        }
        let total = counted.map(\.bytes).reduce(0, +)
        let model = BPETrainer.train(words: combined.finish(bytes: total), merges: vocabularySize - 256,
                                        continuing: base)
        return TrainingRun(model: model, names: mixture.shares.map(\.name), words: counted)
    }
}
