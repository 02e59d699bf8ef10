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
    var maxPerRound = 100
    /// Relative tolerance of the violation test, scaled by the merge's own weighted count.
    var relativeTolerance = 1e-7
    var absoluteTolerance = 1e-12
    var firstStep = 0

    private var counts: [Int64] = []
    /// Counts just before `firstStep`: they do not depend on α, so they are built once.
    private var countsAtFirstStep: [Int64]?
    private var weight: [Double] = []
    private var version: [UInt32] = []
    private var heap = MaxHeap<WeightEntry>()

    init(space: PairSpace, scale: [Double]) {
        self.space = space
        self.scale = scale
    }

    /// Weighted count Σ_i α_i·scale_i·count_i(p) under the current raw counts.
    @inline(__always)
    private func weighted(_ pair: Int, _ alpha: [Double]) -> Double {
        let n = space.categories, base = pair * n
        var sum = 0.0
        for category in 0..<n where counts[base + category] != 0 {
            sum += alpha[category] * scale[category] * Double(counts[base + category])
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

    /// The LP coefficients α_i of the constraint (step, pair): scale_i·(c_i(merge) − c_i(pair)), read now.
    private func coefficients(merge: Int, pair: Int) -> [Double] {
        let n = space.categories
        return (0..<n).map { scale[$0] * Double(counts[merge * n + $0] - counts[pair * n + $0]) }
    }

    /// Sweeps the steps; returns new violated constraints with their α coefficients.
    /// `existing` holds constraints already in the LP (never returned again).
    mutating func run(alpha: [Double], stepSlack: [Double], pairSlack: [Double],
                      existing: Set<Violation>) -> [(Violation, [Double])] {
        counts = startCounts()
        version = [UInt32](repeating: 0, count: space.pairCount)
        weight = (0..<space.pairCount).map { weighted($0, alpha) - pairSlack[$0] }
        heap = MaxHeap((0..<space.pairCount).compactMap { pair in
            weight[pair] > 0 ? WeightEntry(weight: weight[pair], pair: Int32(pair), version: 0) : nil
        })
        var found: [(Violation, [Double])] = []
        var stash: [WeightEntry] = []
        var dirty: [Int32] = []
        for step in min(firstStep, space.steps)..<space.steps {
            let merge = Int(space.mergePairs[step])
            if step >= firstStep && merge >= 0 && space.mergeOccurs[step] {
                let mergeWeight = weight[merge] + pairSlack[merge]
                let threshold = mergeWeight + stepSlack[step] + max(absoluteTolerance, relativeTolerance * abs(mergeWeight))
                var added = 0
                stash.removeAll(keepingCapacity: true)
                while let top = heap.top, top.weight > threshold, added < maxPerStep {
                    heap.pop()
                    let pair = Int(top.pair)
                    guard top.version == version[pair] else { continue }
                    stash.append(top)
                    let violation = Violation(step: step, pair: top.pair)
                    if pair == merge || existing.contains(violation) { continue }
                    found.append((violation, coefficients(merge: merge, pair: pair)))
                    added += 1
                }
                for entry in stash { heap.push(entry) }
            }
            dirty.removeAll(keepingCapacity: true)
            for change in space.stepStarts[step]..<space.stepStarts[step + 1] {
                let pair = Int(space.changePairs[change])
                counts[pair * space.categories + Int(space.changeCategories[change])] = space.changeCounts[change]
                dirty.append(Int32(pair))
            }
            for pair in dirty {
                let p = Int(pair)
                let updated = weighted(p, alpha) - pairSlack[p]
                if updated == weight[p] { continue }
                weight[p] = updated
                version[p] &+= 1
                if updated > 0 { heap.push(WeightEntry(weight: updated, pair: pair, version: version[p])) }
            }
            if found.count >= maxPerRound { break }
        }
        return found
    }
}
