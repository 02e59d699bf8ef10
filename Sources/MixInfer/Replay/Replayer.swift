/// Replays a tokenizer's merges over each category's word counts, in parallel across categories.
public enum Replayer {
    /// Applies the first `steps` merges of `model` to `words` and records the transcript.
    public static func replay(_ words: WordCounts, model: TokenizerModel, steps: Int) -> Transcript {
        var table = WordTable(words: words, model: model)
        let initial = table.pairCounts.sorted { $0.key < $1.key }
        var transcript = Transcript(bytes: words.bytes, initialPairTotal: initial.reduce(0) { $0 + $1.value })
        transcript.initialKeys = initial.map(\.key)
        transcript.initialCounts = initial.map(\.value)
        var changes: [UInt64: Int64] = [:]
        var stepChanges: [(UInt64, Int64)] = []
        for rule in model.merges.prefix(steps) {
            transcript.mergeCounts.append(table.pairCounts[rule.pairKey] ?? 0)
            table.apply(rule, changes: &changes)
            stepChanges.removeAll(keepingCapacity: true)
            for (pair, delta) in changes where delta != 0 {
                stepChanges.append((pair, table.pairCounts[pair] ?? 0))
            }
            stepChanges.sort { $0.0 < $1.0 }
            for (pair, count) in stepChanges {
                transcript.changeKeys.append(pair)
                transcript.changeCounts.append(count)
            }
            transcript.stepStarts.append(transcript.changeKeys.count)
        }
        return transcript
    }

    /// Transcripts of all categories (same order), replayed concurrently.
    public static func replay(_ words: [WordCounts], model: TokenizerModel, steps: Int) -> [Transcript] {
        concurrentMap(words.count) { replay(words[$0], model: model, steps: steps) }
    }
}
