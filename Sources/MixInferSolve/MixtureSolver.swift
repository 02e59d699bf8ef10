import Dispatch
import MixInferSupport
import MixInferReplay

/// Solves the data-mixture LP of docs/method.md by lazy constraint generation with GLPK.
package enum MixtureSolver {
    /// Estimates shares from the transcripts of the categories and the merged pair of each step.
    package static func solve(transcripts: [Transcript], mergeKeys: [UInt64],
                             options: SolverOptions = SolverOptions()) throws -> MixtureSolution {
        try solve(transcripts: transcripts, space: PairSpace(transcripts: transcripts, mergeKeys: mergeKeys, totalsAt: options.firstStep),
                  options: options)
    }

    /// `solve` over the transcripts' pair space made already (`PairSpace(transcripts:mergeKeys:totalsAt:)` with
    /// the options' first step): solving the same counts again, as a presence test does, need not rebuild it.
    package static func solve(transcripts: [Transcript], space given: PairSpace, options: SolverOptions) throws -> MixtureSolution {
        try solve(transcripts: transcripts, space: given, options: options, from: nil).solution
    }

    /// `solve` that also keeps its final LP in GLPK (`WarmLP`), for variants to start from; starting from a copy of
    /// `base` (the kept LP of a solve over the same `space` and options, with its categories held at 0 freed or
    /// offered again as these options say) instead of from the seed constraints, when given.
    package static func solveKeepingLP(transcripts: [Transcript], space: PairSpace, options: SolverOptions,
                                       from base: WarmLP? = nil) throws -> (solution: MixtureSolution, lp: WarmLP) {
        if let base {
            guard base.steps == space.steps, base.pairs == space.pairCount else {
                throw SolverError.invalidInput(reason: "the kept LP is of another problem")
            }
            guard base.relaxed.floor == nil else { throw SolverError.invalidInput(reason: "the kept LP holds a share floor") }
        }
        let (solution, relaxed) = try solve(transcripts: transcripts, space: space, options: options, from: base)
        return (solution, WarmLP(relaxed, space: space, excluded: options.excludedCategories))
    }

    private static func solve(transcripts: [Transcript], space given: PairSpace, options: SolverOptions,
                              from base: WarmLP?) throws -> (solution: MixtureSolution, relaxed: RelaxedLP) {
        try options.validate()
        let n = transcripts.count
        guard n > 0 else { throw SolverError.noCategories }
        if let empty = transcripts.firstIndex(where: { $0.bytes <= 0 || $0.initialPairTotal <= 0 }) {
            throw SolverError.invalidInput(reason: "category #\(empty + 1) has no pairs to count")
        }
        var space = given
        let constrained = min(options.firstStep, space.steps)..<space.steps
        let untrained = constrained.filter { options.unconstrainedSteps.contains($0) }
        for step in untrained { space.mergeEvidence[step] = 0 }  // the sweep skips steps without evidence
        let missing = constrained.filter { !space.mergeOccurs($0) && !options.unconstrainedSteps.contains($0) }
        let rare = constrained.filter { space.mergeOccurs($0) && space.mergeEvidence[$0] < options.minMergeCount }.count
        let mergeActivity = activity(transcripts, steps: constrained)
        let denominators = normalizers(options.normalization, transcripts, space, activity: mergeActivity)
        let scale = denominators.map { 1e6 / $0 }
        var sweep = ViolationSweep(space: space, scale: scale)
        sweep.maxPerStep = options.maxPerStep
        sweep.relativeTolerance = options.relativeTolerance
        sweep.firstStep = options.firstStep
        sweep.minMergeCount = Int64(options.minMergeCount)
        sweep.constrainedSteps = options.constrainedSteps ?? []

        // In-out separation: constraints are sought at a point between the LP's optimum and the best
        // feasible point known (the core); a constraint violated there is violated at the LP's optimum too,
        // but α no longer jumps between extremes from round to round.
        var core: SolverPoint?
        var hitLimit = false, hitTime = false, probeRelaxed = false
        var clock = (sweep: 0.0, lp: 0.0)
        let started = DispatchTime.now().uptimeNanoseconds
        var meter = SolveMeter(options)
        var relaxed: RelaxedLP
        if let base {
            relaxed = try timed(&clock.lp) {
                try base.relaxed.copy(excluding: options.excludedCategories, offering: base.excluded.subtracting(options.excludedCategories))
            }
        } else {
            relaxed = try RelaxedLP(categories: n, steps: space.steps, pairs: space.pairCount, excluded: options.excludedCategories)
            let seeds = sweep.constraints(options.seedConstraints)
            if n > 1 && !seeds.isEmpty { _ = try timed(&clock.lp) { try relaxed.add(seeds[...]) } }
        }
        if let floor = options.shareFloor { try relaxed.setFloor(floor) }
        // Whether the bounds answer what was asked: the optimum within the gap (bounds that agree to rounding are
        // the optimum: a constraint violated by rounding alone is dropped again as inactive after each solve, and
        // generation would go round in circles), or on which side of the decision bound it lies.
        func settled(upper: Double) -> Bool {
            guard relaxed.solves > 0 else { return false }
            let lower = relaxed.point.total
            if upper - lower <= max(options.gapTolerance, roundingGap) * upper { return true }
            guard let bound = options.decisionBound else { return false }
            return lower >= bound || upper <= bound
        }
        var start = options.startingPoint.map { startingPoint($0, space: space, transcripts: transcripts, denominators: denominators) }
        if let floor = options.shareFloor, start != nil { start!.alpha = floor.lift(start!.alpha) }
        search: while n > 1 {
            let atRelaxed = probeRelaxed || core == nil || options.stabilization == 0
            var probe = atRelaxed ? relaxed.point : core!.mixed(with: relaxed.point, weight: options.stabilization)
            if let first = start { probe = first; start = nil }
            var pool = timed(&clock.sweep) {
                sweep.run(alpha: probe.alpha, stepSlack: probe.stepSlack, pairSlack: probe.pairSlack, existing: relaxed.existing)
            }
            if sweep.upperBound < core?.total ?? .infinity {
                core = SolverPoint(alpha: probe.alpha, stepSlack: sweep.coveringStepSlack, pairSlack: probe.pairSlack)
            }
            let best = core?.total ?? .infinity
            if pool.isEmpty && atRelaxed { break }
            if settled(upper: best) { break }
            probeRelaxed = pool.isEmpty
            if pool.isEmpty { continue }
            // Partial pricing: GLPK gets the most violated constraints of the pool in batches; after each
            // solve the rest of the pool is checked against the new optimum, and a new sweep starts only
            // when the pool holds nothing violated any more.
            while !pool.isEmpty {
                if relaxed.solves >= options.maxRounds { hitLimit = true; break search }
                try timed(&clock.lp) {
                    pool.sort { $0.excess > $1.excess }
                    let batch = pool.prefix(options.maxPerRound)
                    let iterations = try relaxed.add(batch)
                    pool = pool.dropFirst(batch.count).compactMap {
                        relaxed.point.violation(of: $0, tolerance: options.relativeTolerance)
                    }
                    options.trace?(String(format: "round %d: optimum in [%.6g, %.6g]; ", relaxed.solves, relaxed.point.total, best)
                        + "+\(batch.count) constraints → \(relaxed.constraintCount) kept, \(pool.count) more pending, "
                        + "\(iterations) simplex iterations")
                }
                meter?.solved(rounds: relaxed.solves, lower: relaxed.point.total, upper: best)
                // The lower bound rises with each batch: it can settle the question before the pool is used up
                // (a removal that raises the optimum far can leave millions of violated constraints pending).
                if settled(upper: best) { break search }
                if let limit = options.timeLimit, Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9 >= limit {
                    hitTime = true
                    break search
                }
            }
            options.trace?(String(format: "sweeps %.1f s, LP %.1f s so far", clock.sweep, clock.lp))
        }
        // The answer is the best feasible point: its slack is certified within the gap of the optimum.
        let answer = core ?? relaxed.point
        let byteShares = { (alpha: [Double]) -> [Double] in
            guard options.normalization == .pairs || options.normalization == .merged else { return alpha }
            return normalized(zip(alpha, zip(transcripts, denominators)).map { $0 * Double($1.0.bytes) / $1.1 })
        }
        let shares = byteShares(answer.alpha)
        if let path = options.dumpPath { try relaxed.write(to: path) }
        let lowerBound = n > 1 ? min(relaxed.point.total, answer.total) : 0
        meter?.finish(rounds: relaxed.solves, lower: lowerBound, upper: n > 1 ? answer.total : 0)
        var solution = MixtureSolution(
            shares: shares,
            objective: n > 1 ? answer.total : 0,
            rounds: relaxed.solves, constraints: relaxed.added, finalRows: relaxed.constraintCount,
            stepsUsed: max(0, space.steps - options.firstStep), missingMerges: missing,
            mergeActivity: mergeActivity, rareMerges: rare,
            untrainedMerges: untrained.count, hitRoundLimit: hitLimit, hitTimeLimit: hitTime,
            stepSlack: answer.stepSlack.enumerated().filter { $0.element > 0 }.map { ($0.offset, $0.element) },
            pairSlack: answer.pairSlack.enumerated().filter { $0.element > 0 }.map { (space.keys[$0.offset], $0.element) },
            finalConstraints: relaxed.existing.map { ConstraintKey(step: $0.step, pair: space.keys[Int($0.pair)]) }.sorted(),
            lowerBound: lowerBound, sweepSeconds: clock.sweep, lpSeconds: clock.lp)
        solution.relaxedShares = n > 1 ? byteShares(relaxed.point.alpha) : shares
        return (solution, relaxed)
    }

    /// What each category's counts are divided by. Pairs are counted where constraints start: after a base
    /// vocabulary's merges that is what is left to merge, not what the text began with.
    /// `activity` is `activity(transcripts, steps:)` over the constrained steps.
    static func normalizers(_ normalization: CountNormalization, _ transcripts: [Transcript], _ space: PairSpace,
                            activity rates: [Double]) -> [Double] {
        switch normalization {
        case .pairs: return space.pairTotals.map { Double(max(1, $0)) }
        case .merged:
            // A category the window hardly acts on would get a scale beyond what GLPK can solve stably.
            let floor = (rates.max() ?? 0) * minimumRelativeActivity
            let merged = zip(rates, transcripts).map { max($0, floor) * Double($1.bytes) }
            // One common factor does not change the optimum; this one keeps GLPK's numbers as large as by bytes.
            let total = merged.reduce(0, +)
            let bytes = Double(transcripts.map(\.bytes).reduce(0, +))
            return total > 0 ? merged.map { $0 * bytes / total } : transcripts.map { Double($0.bytes) }
        case .bytes, .auto: return transcripts.map { Double($0.bytes) }
        }
    }

    /// Per category, its sample's bytes over the denominator its counts are divided by (`normalizers`): α_i times
    /// this is proportional to the byte share (1 for all with `bytes`).
    package static func byteWeights(transcripts: [Transcript], space: PairSpace, options: SolverOptions) -> [Double] {
        let constrained = min(options.firstStep, space.steps)..<space.steps
        let denominators = normalizers(options.normalization, transcripts, space, activity: activity(transcripts, steps: constrained))
        return zip(transcripts, denominators).map { Double($0.bytes) / $1 }
    }

    /// `SolverOptions.startingPoint` as a point of the LP: byte shares turned into α per unit of the denominators,
    /// the pair slacks of the pairs it names, no step slack (a sweep covers it).
    static func startingPoint(_ start: SolverOptions.StartingPoint, space: PairSpace, transcripts: [Transcript],
                              denominators: [Double]) -> SolverPoint {
        let alpha = normalized(zip(start.shares, zip(transcripts, denominators)).map { $0 * $1.1 / Double($1.0.bytes) })
        var pairSlack = [Double](repeating: 0, count: space.pairCount)
        let index = Dictionary(uniqueKeysWithValues: space.keys.enumerated().map { ($0.element, $0.offset) })
        for (key, slack) in start.pairSlack { if let pair = index[key] { pairSlack[pair] = slack } }
        return SolverPoint(alpha: alpha, stepSlack: [Double](repeating: 0, count: space.steps), pairSlack: pairSlack)
    }

    /// The relative gap between the bounds below which they are taken to be equal (the floor of `gapTolerance`).
    static let roundingGap = 1e-9

    /// Below this fraction of the most active category's rate of merged pairs, a category is one the constrained
    /// merges hardly act on: its share is only capped by them (`RunWarning.Code.inactiveCategories`).
    package static let minimumRelativeActivity = 0.01

    /// Per category, how often the constrained merges apply to its sample: Σ_t of the merged pair's count just
    /// before step t, per million bytes.
    static func activity(_ transcripts: [Transcript], steps: Range<Int>) -> [Double] {
        transcripts.map { 1e6 * Double($0.mergeCounts[steps].reduce(0, +)) / Double($0.bytes) }
    }

    /// Runs `work`, adding its wall time in seconds to `total`.
    static func timed<T>(_ total: inout Double, _ work: () throws -> T) rethrows -> T {
        let start = DispatchTime.now().uptimeNanoseconds
        defer { total += Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
        return try work()
    }

    /// Clamps tiny negative values from the simplex to 0 and rescales to sum exactly 1.
    static func normalized(_ values: [Double]) -> [Double] {
        let clamped = values.map { max(0, $0) }
        let total = clamped.reduce(0, +)
        guard total > 0 else { return [Double](repeating: 1 / Double(values.count), count: values.count) }
        return clamped.map { $0 / total }
    }
}
