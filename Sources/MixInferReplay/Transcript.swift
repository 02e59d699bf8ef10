/// The record of replaying merges over one category's sample: the pair counts before the first merge,
/// then, for every step, the pairs whose count that step changed and their new counts.
/// Counts are raw; `bytes` is the sample size they are normalised by.
package struct Transcript: Sendable, Equatable {
    package var bytes: Int
    /// Total number of adjacent pairs before any merge (for pair-count normalisation).
    package var initialPairTotal: Int64
    package var initialKeys: [UInt64] = []
    package var initialCounts: [Int64] = []
    /// Changes of step `t` are at `stepStarts[t]..<stepStarts[t+1]`.
    package var stepStarts: [Int] = [0]
    package var changeKeys: [UInt64] = []
    package var changeCounts: [Int64] = []
    /// Count of each step's merged pair just before it was applied.
    package var mergeCounts: [Int64] = []

    package init(bytes: Int, initialPairTotal: Int64) {
        self.bytes = bytes
        self.initialPairTotal = initialPairTotal
    }

    package var steps: Int { mergeCounts.count }

    /// Indices into `changeKeys` / `changeCounts` for step `t` (0-based).
    package func changes(at step: Int) -> Range<Int> { stepStarts[step]..<stepStarts[step + 1] }

    /// Pair counts after applying the first `steps` merges, rebuilt from the transcript (tests, diagnostics).
    package func counts(afterSteps steps: Int) -> [UInt64: Int64] {
        var counts = Dictionary(uniqueKeysWithValues: zip(initialKeys, initialCounts))
        for step in 0..<steps {
            for index in changes(at: step) {
                counts[changeKeys[index]] = changeCounts[index] == 0 ? nil : changeCounts[index]
            }
        }
        return counts
    }
}
