import MixInferSupport
import MixInferTokenizers
import MixInferCorpus
/// Replays a tokenizer's merges over each category's word counts, in parallel across categories.
package enum Replayer {
    /// Applies the first `steps` merges of `model` to `words` and records the transcript.
    package static func replay(_ words: WordCounts, model: TokenizerModel, steps: Int) -> Transcript {
        replay(words, model: model, steps: steps, ticker: nil)
    }

    /// Steps told to a progress ticker at a time (a lock per step would be felt on late, cheap steps).
    static let progressBatch = 64

    /// `replay`, telling `ticker` the steps done as it goes (`min(steps, merges)` in all).
    package static func replay(_ words: WordCounts, model: TokenizerModel, steps: Int, ticker: ProgressTicker?) -> Transcript {
        var table = WordTable(words: words, model: model)
        // SentencePiece: only the pairs its trainer counts (SentencePieceTraining); others: every pair.
        var candidates = PairCandidates(model)
        let initial = (candidates.filters ? table.pairCounts.filter { candidates.counts($0.key) } : table.pairCounts)
            .sorted { $0.key < $1.key }
        var transcript = Transcript(bytes: words.bytes, initialPairTotal: initial.reduce(0) { $0 + $1.value })
        transcript.initialKeys = initial.map(\.key)
        transcript.initialCounts = initial.map(\.value)
        var changes: [UInt64: Int64] = [:]
        var stepChanges: [(UInt64, Int64)] = []
        let rules = model.merges.prefix(steps)
        for (index, rule) in rules.enumerated() {
            transcript.mergeCounts.append(table.pairCounts[rule.pairKey] ?? 0)
            table.apply(rule, changes: &changes)
            stepChanges.removeAll(keepingCapacity: true)
            for (pair, delta) in changes where delta != 0 && candidates.counts(pair) {
                stepChanges.append((pair, table.pairCounts[pair] ?? 0))
            }
            stepChanges.sort { $0.0 < $1.0 }
            for (pair, count) in stepChanges {
                transcript.changeKeys.append(pair)
                transcript.changeCounts.append(count)
            }
            transcript.stepStarts.append(transcript.changeKeys.count)
            if (index + 1) % progressBatch == 0 { ticker?.advance(progressBatch) }
        }
        ticker?.advance(rules.count % progressBatch)
        return transcript
    }

    /// Transcripts of all categories (same order), replayed concurrently.
    package static func replay(_ words: [WordCounts], model: TokenizerModel, steps: Int) -> [Transcript] {
        replay(words, model: model, steps: steps, ticker: nil)
    }

    /// `replay` of all categories, telling `ticker` the steps done (`words.count × min(steps, merges)` in all),
    /// then `finish`.
    package static func replay(_ words: [WordCounts], model: TokenizerModel, steps: Int, ticker: ProgressTicker?) -> [Transcript] {
        let transcripts = concurrentMap(words.count) { replay(words[$0], model: model, steps: steps, ticker: ticker) }
        ticker?.finish()
        return transcripts
    }
}
