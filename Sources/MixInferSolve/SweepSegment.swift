/// A sweep over one contiguous range of merge steps, with its own counts, weights and heap, so that the
/// ranges of one sweep run on different cores. Its counts at the first step do not depend on α: they are
/// built once and reused by every sweep.
struct SweepSegment {
    /// What a sweep looks for, shared by all segments.
    struct Settings {
        var maxPerStep: Int
        var relativeTolerance: Double
        var absoluteTolerance: Double
        var minMergeCount: Int64
        /// Steps that may be constrained (empty: all).
        var constrained: [Bool] = []

        /// Whether `step` gets constraints: its merged pair occurs, often enough, and the step is not left out.
        func allows(_ step: Int, space: PairSpace) -> Bool {
            space.mergePairs[step] >= 0 && space.mergeEvidence[step] >= max(1, minMergeCount)
                && (constrained.isEmpty || constrained[step])
        }
    }

    let space: PairSpace
    let scale: [Double]
    let steps: Range<Int>
    private let startCounts: [Int64]
    private var counts: [Int64] = []
    private var weight: [Double] = []
    private var version: [UInt32] = []
    private var lastDirty: [Int32] = []
    private var heap = MaxHeap<WeightEntry>()
    /// After `run`: per step of `steps`, its slack raised to cover the step's strongest rival.
    private(set) var covering: [Double] = []

    init(space: PairSpace, scale: [Double], steps: Range<Int>, startCounts: [Int64]) {
        self.space = space
        self.scale = scale
        self.steps = steps
        self.startCounts = startCounts
    }

    /// Weighted count Σ_i α_i·scale_i·count_i(p) under the current raw counts (`alphaScale` = α_i·scale_i).
    @inline(__always)
    private func weighted(_ pair: Int, _ alphaScale: [Double]) -> Double {
        let n = space.categories, base = pair * n
        var sum = 0.0
        for category in 0..<n where counts[base + category] != 0 {
            sum += alphaScale[category] * Double(counts[base + category])
        }
        return sum
    }

    /// Sets counts, versions and dirty marks back to the segment's start, in place once allocated: fresh
    /// arrays of this size per sweep cost more in page faults than the copy itself.
    private mutating func resetBuffers() {
        if counts.count == startCounts.count && !startCounts.isEmpty {
            counts.withUnsafeMutableBufferPointer { target in
                startCounts.withUnsafeBufferPointer { target.baseAddress!.update(from: $0.baseAddress!, count: $0.count) }
            }
        } else {
            counts = startCounts
        }
        if version.count == space.pairCount {
            for pair in version.indices { version[pair] = 0; lastDirty[pair] = -1 }
        } else {
            version = [UInt32](repeating: 0, count: space.pairCount)
            lastDirty = [Int32](repeating: -1, count: space.pairCount)
            weight = [Double](repeating: 0, count: space.pairCount)
        }
    }

    /// Sweeps `steps`; returns the violated constraints not in `existing`, and sets `covering`.
    mutating func run(alphaScale: [Double], stepSlack: [Double], pairSlack: [Double],
                      existing: Set<ViolationSweep.Violation>, settings: Settings) -> [ViolationSweep.Found] {
        resetBuffers()
        covering = Array(stepSlack[steps])
        for pair in 0..<space.pairCount { weight[pair] = weighted(pair, alphaScale) - pairSlack[pair] }
        heap.rebuild { entries in
            for pair in 0..<space.pairCount where weight[pair] > 0 {
                entries.append(WeightEntry(weight: weight[pair], pair: Int32(pair), version: 0))
            }
        }
        var found: [ViolationSweep.Found] = []
        var stash: [WeightEntry] = [], dirty: [Int32] = []
        for step in steps {
            let merge = Int(space.mergePairs[step])
            if settings.allows(step, space: space) {
                let mergeWeight = weight[merge] + pairSlack[merge]
                let threshold = mergeWeight + stepSlack[step]
                    + max(settings.absoluteTolerance, settings.relativeTolerance * abs(mergeWeight))
                var added = 0
                var strongest: Double?
                stash.removeAll(keepingCapacity: true)
                while let top = heap.top {
                    let pair = Int(top.pair)
                    if top.version != version[pair] { heap.pop(); continue }
                    if pair == merge { heap.pop(); stash.append(top); continue }
                    if strongest == nil { strongest = top.weight }
                    guard top.weight > threshold, added < settings.maxPerStep else { break }
                    heap.pop()
                    stash.append(top)
                    let violation = ViolationSweep.Violation(step: step, pair: top.pair)
                    if existing.contains(violation) { continue }
                    found.append(ViolationSweep.Found(violation: violation, coefficients: space.coefficients(counts, merge: merge, pair: pair, scale: scale),
                                                      excess: top.weight - mergeWeight - stepSlack[step]))
                    added += 1
                }
                // Raising v_t to cover the strongest rival makes every constraint of this step hold.
                covering[step - steps.lowerBound] = max(stepSlack[step], (strongest ?? 0) - mergeWeight)
                for entry in stash { heap.push(entry) }
            }
            applyChanges(of: step, alphaScale: alphaScale, dirty: &dirty)
        }
        return found
    }

    /// Applies a step's count changes. Each change moves one category's count: the weight moves by that term alone.
    private mutating func applyChanges(of step: Int, alphaScale: [Double], dirty: inout [Int32]) {
        dirty.removeAll(keepingCapacity: true)
        for change in space.stepStarts[step]..<space.stepStarts[step + 1] {
            let pair = Int(space.changePairs[change]), category = Int(space.changeCategories[change])
            if lastDirty[pair] != Int32(step) {
                lastDirty[pair] = Int32(step)
                dirty.append(Int32(pair))
            }
            weight[pair] += alphaScale[category] * Double(space.changeDeltas[change])
            counts[pair * space.categories + category] = space.changeCounts[change]
        }
        for pair in dirty {
            let p = Int(pair)
            version[p] &+= 1
            if weight[p] > 0 { heap.push(WeightEntry(weight: weight[p], pair: pair, version: version[p])) }
        }
    }
}
