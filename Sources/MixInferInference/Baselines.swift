import MixInferTokenizers
import MixInferCorpus
import MixInferReplay
/// The paper's simple baselines, computed from the same replay as the LP, for side-by-side evaluation.
///
/// - **TEE** (tokenizer encoding efficiency): a tokenizer compresses the categories it saw more of better.
///   Each category's bytes per token after all merges, minus 1 (the bytes-only baseline), is taken as
///   proportional to its share.
/// - **TC** (token classification): every token a merge produced is assigned to the category where it is
///   most frequent per byte of sample; a category's share is its fraction of the assigned tokens.
/// - **Uniform**: 1/n for each category.
package enum Baselines {
    /// Token occurrences per category after applying the first `steps` merges.
    package static func tokenCounts(_ words: [WordCounts], model: TokenizerModel, steps: Int) -> [[UInt32: Int64]] {
        words.map { sample in
            var table = WordTable(words: sample, model: model)
            var changes: [UInt64: Int64] = [:]
            for rule in model.merges.prefix(steps) { table.apply(rule, changes: &changes) }
            var counts: [UInt32: Int64] = [:]
            for index in 0..<table.wordCount {
                for token in table.word(index) { counts[token, default: 0] += table.counts[index] }
            }
            return counts
        }
    }

    package static func encodingEfficiency(words: [WordCounts], tokenCounts: [[UInt32: Int64]]) -> [Double] {
        let gains = zip(words, tokenCounts).map { sample, counts -> Double in
            let tokens = counts.values.reduce(0, +)
            return tokens > 0 ? max(0, Double(sample.bytes) / Double(tokens) - 1) : 0
        }
        return normalizedOrUniform(gains)
    }

    package static func tokenClassification(words: [WordCounts], tokenCounts: [[UInt32: Int64]],
                                           model: TokenizerModel, steps: Int) -> [Double] {
        var assigned = [Double](repeating: 0, count: words.count)
        let produced = Set(model.merges.prefix(steps).map(\.result))
        for token in produced {
            var best = -1, bestRate = 0.0
            for (category, counts) in tokenCounts.enumerated() {
                let rate = Double(counts[token] ?? 0) / Double(max(1, words[category].bytes))
                if rate > bestRate { (best, bestRate) = (category, rate) }
            }
            if best >= 0 { assigned[best] += 1 }
        }
        return normalizedOrUniform(assigned)
    }

    package static func uniform(_ count: Int) -> [Double] { [Double](repeating: 1 / Double(count), count: count) }

    static func normalizedOrUniform(_ values: [Double]) -> [Double] {
        let total = values.reduce(0, +)
        return total > 0 ? values.map { $0 / total } : uniform(values.count)
    }
}
