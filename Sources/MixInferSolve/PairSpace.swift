import MixInferReplay
/// Transcripts of all categories re-expressed over one dense pair index, pair-major:
/// the count of pair p in category i is at `p * categories + i`.
package struct PairSpace {
    let categories: Int
    let steps: Int
    /// Dense index → pair key.
    var keys: [UInt64] = []
    /// Raw counts before the first merge, pair-major.
    var initial: [Int64] = []
    /// Per step, the changes: (pair index, category, new raw count).
    var stepStarts: [Int] = [0]
    var changePairs: [Int32] = []
    var changeCategories: [Int32] = []
    var changeCounts: [Int64] = []
    /// Per change, the new count minus the one before it: sweeps update weights without reading the old
    /// count, whose random access dominated their time.
    var changeDeltas: [Int64] = []
    /// Dense index of each step's merged pair, or -1 when that pair never occurs in any sample.
    var mergePairs: [Int32] = []
    /// The largest raw count of each step's merged pair in any category just before the step.
    var mergeEvidence: [Int64] = []
    /// Per category, the number of adjacent pairs (overlapping ones counted) just before step `totalsAt`.
    var pairTotals: [Int64] = []

    var pairCount: Int { keys.count }

    /// Whether a step's merged pair occurs in some sample just before the step.
    func mergeOccurs(_ step: Int) -> Bool { mergeEvidence[step] > 0 }

    /// Moves pair-major raw `counts` on by the count changes of `steps`.
    func apply(_ steps: Range<Int>, to counts: inout [Int64]) {
        for step in steps {
            for change in stepStarts[step]..<stepStarts[step + 1] {
                counts[Int(changePairs[change]) * categories + Int(changeCategories[change])] = changeCounts[change]
            }
        }
    }

    /// The LP coefficients α_i of the constraint "`merge` beats `pair`" under the raw `counts`:
    /// scale_i·(c_i(merge) − c_i(pair)).
    func coefficients(_ counts: [Int64], merge: Int, pair: Int, scale: [Double]) -> [Double] {
        (0..<categories).map { scale[$0] * Double(counts[merge * categories + $0] - counts[pair * categories + $0]) }
    }

    package init(transcripts: [Transcript], mergeKeys: [UInt64], totalsAt totalsStep: Int = 0) {
        categories = transcripts.count
        steps = min(mergeKeys.count, transcripts.map(\.steps).min() ?? 0)
        var index: [UInt64: Int32] = [:]
        func intern(_ key: UInt64) -> Int32 {
            if let found = index[key] { return found }
            let id = Int32(keys.count)
            index[key] = id
            keys.append(key)
            return id
        }
        for transcript in transcripts {
            for key in transcript.initialKeys { _ = intern(key) }
            for key in transcript.changeKeys { _ = intern(key) }
        }
        initial = [Int64](repeating: 0, count: keys.count * categories)
        for (category, transcript) in transcripts.enumerated() {
            for (key, count) in zip(transcript.initialKeys, transcript.initialCounts) {
                initial[Int(index[key]!) * categories + category] = count
            }
        }
        var current = initial
        var totals = transcripts.map(\.initialPairTotal)
        pairTotals = totals
        for step in 0..<steps {
            for (category, transcript) in transcripts.enumerated() {
                for change in transcript.changes(at: step) {
                    let pair = index[transcript.changeKeys[change]]!, count = transcript.changeCounts[change]
                    let slot = Int(pair) * categories + category
                    changePairs.append(pair)
                    changeCategories.append(Int32(category))
                    changeCounts.append(count)
                    changeDeltas.append(count - current[slot])
                    totals[category] += count - current[slot]
                    current[slot] = count
                }
            }
            stepStarts.append(changePairs.count)
            mergePairs.append(index[mergeKeys[step]] ?? -1)
            mergeEvidence.append(transcripts.map { $0.mergeCounts[step] }.max() ?? 0)
            if step + 1 == totalsStep { pairTotals = totals }
        }
    }
}
