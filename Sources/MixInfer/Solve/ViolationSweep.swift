/// One pass over the merge steps under a candidate solution, finding the most violated constraints:
/// pairs whose weighted count (minus their slack) exceeds that of the merge chosen at the step.
struct ViolationSweep {
    struct Violation: Hashable {
        var step: Int
        var pair: Int32
    }

    let space: PairSpace
    /// Per-category factor turning a raw count into the LP's unit (counts per million bytes or pairs).
    let scale: [Double]
    var maxPerStep = 10
    /// Relative tolerance of the violation test, scaled by the merge's own weighted count.
    var relativeTolerance = 1e-7
    var absoluteTolerance = 1e-12
    var firstStep = 0
    /// Steps whose merged pair no category saw this many times are not constrained.
    var minMergeCount: Int64 = 1

    private var counts: [Int64] = []
    /// Counts just before `firstStep`: they do not depend on α, so they are built once.
    private var countsAtFirstStep: [Int64]?
    private var weight: [Double] = []
    private var version: [UInt32] = []
    private var heap = MaxHeap<WeightEntry>()
    private var lastDirty: [Int32] = []

    init(space: PairSpace, scale: [Double]) {
        self.space = space
        self.scale = scale
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

    private mutating func startCounts() -> [Int64] {
        if let cached = countsAtFirstStep { return cached }
        var start = space.initial
        for step in 0..<min(firstStep, space.steps) {
            for change in space.stepStarts[step]..<space.stepStarts[step + 1] {
                start[Int(space.changePairs[change]) * space.categories + Int(space.changeCategories[change])] = space.changeCounts[change]
            }
        }
        countsAtFirstStep = start
        return start
    }

    /// Sets counts, versions and dirty marks back to the start of a sweep, in place once allocated: fresh
    /// arrays of this size per sweep cost more in page faults than the copy itself.
    private mutating func resetBuffers() {
        let start = startCounts()
        if counts.count == start.count && !start.isEmpty {
            counts.withUnsafeMutableBufferPointer { target in
                start.withUnsafeBufferPointer { target.baseAddress!.update(from: $0.baseAddress!, count: $0.count) }
            }
        } else {
            counts = start
        }
        if version.count == space.pairCount {
            for pair in version.indices { version[pair] = 0; lastDirty[pair] = -1 }
        } else {
            version = [UInt32](repeating: 0, count: space.pairCount)
            lastDirty = [Int32](repeating: -1, count: space.pairCount)
            weight = [Double](repeating: 0, count: space.pairCount)
        }
    }

    /// The LP coefficients α_i of the constraint (step, pair): scale_i·(c_i(merge) − c_i(pair)), read now.
    private func coefficients(merge: Int, pair: Int) -> [Double] {
        let n = space.categories
        return (0..<n).map { scale[$0] * Double(counts[merge * n + $0] - counts[pair * n + $0]) }
    }

    /// A violated constraint found by a sweep: its α coefficients and by how much it is violated.
    struct Found {
        var violation: Violation
        var coefficients: [Double]
        var excess: Double
    }

    /// Total slack of a feasible point of the full LP at the swept α: the given pair slacks, with each
    /// step slack raised to cover its strongest rival. An upper bound on the optimum.
    private(set) var upperBound = 0.0
    /// The step slacks of that feasible point.
    private(set) var coveringStepSlack: [Double] = []

    /// Sweeps the steps; returns new violated constraints with their α coefficients.
    /// `existing` holds constraints already in the LP (never returned again).
    mutating func run(alpha: [Double], stepSlack: [Double], pairSlack: [Double],
                      existing: Set<Violation>) -> [Found] {
        coveringStepSlack = stepSlack
        resetBuffers()
        let alphaScale = zip(alpha, scale).map { $0 * $1 }
        for pair in 0..<space.pairCount { weight[pair] = weighted(pair, alphaScale) - pairSlack[pair] }
        heap.rebuild { entries in
            for pair in 0..<space.pairCount where weight[pair] > 0 {
                entries.append(WeightEntry(weight: weight[pair], pair: Int32(pair), version: 0))
            }
        }
        var found: [Found] = []
        var stash: [WeightEntry] = []
        var dirty: [Int32] = []
        let start = min(firstStep, space.steps), end = space.steps
        for step in start..<end {
            let merge = Int(space.mergePairs[step])
            if step >= firstStep && merge >= 0 && space.mergeEvidence[step] >= max(1, minMergeCount) {
                let mergeWeight = weight[merge] + pairSlack[merge]
                let threshold = mergeWeight + stepSlack[step] + max(absoluteTolerance, relativeTolerance * abs(mergeWeight))
                var added = 0
                var strongest: Double?
                stash.removeAll(keepingCapacity: true)
                while let top = heap.top {
                    let pair = Int(top.pair)
                    if top.version != version[pair] { heap.pop(); continue }
                    if pair == merge { heap.pop(); stash.append(top); continue }
                    if strongest == nil { strongest = top.weight }
                    guard top.weight > threshold, added < maxPerStep else { break }
                    heap.pop()
                    stash.append(top)
                    let violation = Violation(step: step, pair: top.pair)
                    if existing.contains(violation) { continue }
                    found.append(Found(violation: violation, coefficients: coefficients(merge: merge, pair: pair),
                                       excess: top.weight - mergeWeight - stepSlack[step]))
                    added += 1
                }
                // Raising v_t to cover the strongest rival makes every constraint of this step hold.
                coveringStepSlack[step] = max(stepSlack[step], (strongest ?? 0) - mergeWeight)
                for entry in stash { heap.push(entry) }
            }
            // Each change moves one category's count: update the weight by its term alone.
            dirty.removeAll(keepingCapacity: true)
            for change in space.stepStarts[step]..<space.stepStarts[step + 1] {
                let pair = Int(space.changePairs[change]), category = Int(space.changeCategories[change])
                if lastDirty[pair] != Int32(step) {
                    lastDirty[pair] = Int32(step)
                    dirty.append(Int32(pair))
                }
                let index = pair * space.categories + category
                weight[pair] += alphaScale[category] * Double(space.changeDeltas[change])
                counts[index] = space.changeCounts[change]
            }
            for pair in dirty {
                let p = Int(pair)
                version[p] &+= 1
                if weight[p] > 0 { heap.push(WeightEntry(weight: weight[p], pair: pair, version: version[p])) }
            }
        }
        upperBound = coveringStepSlack.reduce(0, +) + pairSlack.reduce(0, +)
        return found
    }
}
