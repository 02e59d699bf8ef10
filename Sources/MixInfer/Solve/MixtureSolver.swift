import Dispatch

/// What counts are divided by before they enter the LP (the answer is always a share of bytes).
public enum CountNormalization: String, Sendable, Codable, CaseIterable {
    /// Divide by the sample's bytes: α is directly a byte share.
    case bytes
    /// Divide by the sample's initial number of pairs (the paper's choice); converted to byte shares after solving.
    case pairs
    /// `pairs` for tokenizers whose merges start from characters (SentencePiece), `bytes` for byte-level ones;
    /// chosen by `MixInfer.infer` (docs/evaluation.md, SentencePiece). The solver itself reads it as `bytes`.
    case auto
}

/// The form in which the LP is handed to GLPK.
public enum LPFormulation: String, Sendable, CaseIterable {
    /// One row per constraint, dual simplex (DESIGN.md §2 as written).
    case primal
    /// One column per constraint, primal simplex on the dual LP.
    case dual
}

/// Settings of the lazy constraint generation.
public struct SolverOptions: Sendable {
    public var normalization: CountNormalization = .auto
    /// Most new constraints taken from one merge step per sweep. Late merges have many rivals, and taking
    /// more of them per sweep means fewer sweeps and solves (docs/performance.md, session 4).
    public var maxPerStep = 30
    /// Most new constraints given to GLPK per solve: the most violated ones of the sweep's pool.
    public var maxPerRound = 10_000
    /// Upper bound on GLPK solves (a safety net: T = 30,000 on 30 categories took ~3,600 to a 1e-5 gap).
    public var maxRounds = 50_000
    /// Stop once the total slack at the current α is provably within this fraction of the optimum
    /// ((upper − lower) ≤ tolerance·upper, both bounds computed every round); 0 runs until no constraint is violated.
    public var gapTolerance = 0.0
    /// In-out stabilisation: constraints are sought at this mix of the best feasible point and the LP's
    /// optimum (0: at the LP's optimum, the plain cutting-plane method). 0.9 rather than 0.8 since session 5:
    /// 13 % less time at T = 30,000, about the same below (docs/performance.md).
    public var stabilization = 0.9
    /// Seconds of LP solving after which generation stops and the best feasible point found is returned, with
    /// its certified gap (nil: no limit). The only setting whose result depends on the machine's speed.
    public var timeLimit: Double?
    /// Relative tolerance of the violation test.
    public var relativeTolerance = 1e-7
    /// Constraints are generated for steps at or after this one (0-based): "what was the extension trained on".
    public var firstStep = 0
    /// Constraints are generated only for steps whose merged pair some category's sample holds at least this
    /// many times just before the step (1: every merge that occurs). Late merges seen a handful of times in
    /// small samples carry mostly sampling noise (docs/evaluation.md measures the effect).
    public var minMergeCount = 1
    /// Steps (0-based) that get no constraint because the tokenizer file shows training did not choose them
    /// (`TokenizerModel.untrainedMerges`: hand-added pieces); their merge is still applied.
    public var unconstrainedSteps: Set<Int> = []
    /// If set, the final LP is written here in CPLEX LP format.
    public var dumpPath: String?
    /// Which form of the LP GLPK solves (same optimum): the dual is much faster on tall LPs.
    public var formulation: LPFormulation = .dual
    /// Steps that may be constrained, by index (nil: all); the bootstrap leaves a random half out.
    package var constrainedSteps: [Bool]?
    /// Shares to probe first instead of uniform ones (a warm start: a resample's LP starts at the full estimate).
    /// The optimum does not depend on it, only how fast it is reached.
    package var startingShares: [Double]?
    /// Receives one line per LP round (progress and diagnostics).
    public var trace: (@Sendable (String) -> Void)?

    public init() {}

    /// Rejects settings the lazy generation cannot run with; the error names the setting (`InvalidSetting`).
    public func validate() throws {
        guard maxPerStep > 0 else { throw InvalidSetting(.maxPerStep, "must be positive") }
        guard maxPerRound > 0 else { throw InvalidSetting(.maxPerRound, "must be positive") }
        guard minMergeCount >= 1 else { throw InvalidSetting(.minMergeCount, "must be at least 1") }
        guard maxRounds >= 0 else { throw InvalidSetting(.maxRounds, "must not be negative") }
        if let limit = timeLimit, !(limit > 0 && limit.isFinite) {
            throw InvalidSetting(.timeLimit, "must be a positive number of seconds")
        }
        guard gapTolerance >= 0 && gapTolerance < 1 else { throw InvalidSetting(.gap, "must be at least 0 and below 1") }
        // A probe outside the segment between the core and the LP optimum loses the in-out guarantee.
        guard stabilization >= 0 && stabilization < 1 else { throw InvalidSetting(.stabilization, "must be at least 0 and below 1") }
        guard relativeTolerance >= 0 && relativeTolerance.isFinite else {
            throw InvalidSetting(.tolerance, "must be a finite number ≥ 0")
        }
    }
}

/// The LP's answer and how it was reached.
public struct MixtureSolution: Sendable {
    /// Estimated byte share per category (same order as the input); ≥ 0, summing to 1.
    public var shares: [Double]
    /// Total slack Σv at the returned shares, in counts per million bytes (or pairs): the optimum when
    /// converged, otherwise within `gapTolerance` of it.
    public var objective: Double
    public var rounds: Int
    /// Constraints generated in all rounds, and those left in the final LP (inactive ones are dropped).
    public var constraints: Int
    public var finalRows: Int
    /// Merge steps used (after `firstStep`) and those whose pair occurs in no sample.
    public var stepsUsed: Int
    public var missingMerges: [Int]
    /// Steps left unconstrained because their merge occurs, but fewer than `minMergeCount` times in every sample.
    public var rareMerges = 0
    /// Steps left unconstrained as `SolverOptions.unconstrainedSteps` (within the steps used).
    public var untrainedMerges = 0
    /// True when the round limit stopped generation before no violated constraint was left.
    public var hitRoundLimit: Bool
    /// True when `timeLimit` stopped generation (the gap is then whatever `lowerBound` certifies).
    public var hitTimeLimit = false
    /// Step slack per step with a non-zero value (step index, slack).
    public var stepSlack: [(step: Int, slack: Double)]
    /// Pair slack per pair with a non-zero value (pair key, slack).
    public var pairSlack: [(pair: UInt64, slack: Double)]
    /// The LP's lower bound on the optimal total slack (≤ `objective`; equal when fully converged).
    public var lowerBound: Double = 0
    /// Seconds spent sweeping for violated constraints and in GLPK.
    public var sweepSeconds: Double = 0
    public var lpSeconds: Double = 0
}

/// Solves the data-mixture LP of DESIGN.md §2 by lazy constraint generation with GLPK.
package enum MixtureSolver {
    /// Estimates shares from the transcripts of the categories and the merged pair of each step.
    public static func solve(transcripts: [Transcript], mergeKeys: [UInt64],
                             options: SolverOptions = SolverOptions()) throws -> MixtureSolution {
        try options.validate()
        let n = transcripts.count
        guard n > 0 else { throw SolverError.noCategories }
        if let empty = transcripts.firstIndex(where: { $0.bytes <= 0 || $0.initialPairTotal <= 0 }) {
            throw SolverError.invalidInput(reason: "category #\(empty + 1) has no pairs to count")
        }
        var space = PairSpace(transcripts: transcripts, mergeKeys: mergeKeys)
        let constrained = min(options.firstStep, space.steps)..<space.steps
        let untrained = constrained.filter { options.unconstrainedSteps.contains($0) }
        for step in untrained { space.mergeEvidence[step] = 0 }  // the sweep skips steps without evidence
        let missing = constrained.filter { !space.mergeOccurs($0) && !options.unconstrainedSteps.contains($0) }
        let rare = constrained.filter { space.mergeOccurs($0) && space.mergeEvidence[$0] < options.minMergeCount }.count
        let denominators = transcripts.map {
            options.normalization == .pairs ? Double($0.initialPairTotal) : Double($0.bytes)
        }
        let scale = denominators.map { 1e6 / $0 }
        var sweep = ViolationSweep(space: space, scale: scale)
        sweep.maxPerStep = options.maxPerStep
        sweep.relativeTolerance = options.relativeTolerance
        sweep.firstStep = options.firstStep
        sweep.minMergeCount = Int64(options.minMergeCount)
        sweep.constrainedSteps = options.constrainedSteps ?? []

        var relaxed = try RelaxedLP(formulation: options.formulation, categories: n, steps: space.steps,
                                    pairs: space.pairCount)
        // In-out separation: constraints are sought at a point between the LP's optimum and the best
        // feasible point known (the core); a constraint violated there is violated at the LP's optimum too,
        // but α no longer jumps between extremes from round to round.
        var core: SolverPoint?
        var hitLimit = false, hitTime = false, probeRelaxed = false
        var clock = (sweep: 0.0, lp: 0.0)
        let started = DispatchTime.now().uptimeNanoseconds
        var start = options.startingShares.flatMap {
            $0.count == n ? SolverPoint(alpha: $0, stepSlack: relaxed.point.stepSlack, pairSlack: relaxed.point.pairSlack) : nil
        }
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
            if relaxed.solves > 0 && best - relaxed.point.total <= options.gapTolerance * best { break }
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
                if let limit = options.timeLimit, Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9 >= limit {
                    hitTime = true
                    break search
                }
            }
            options.trace?(String(format: "sweeps %.1f s, LP %.1f s so far", clock.sweep, clock.lp))
        }
        if let path = options.dumpPath { try relaxed.write(to: path) }
        // The answer is the best feasible point: its slack is certified within the gap of the optimum.
        let answer = core ?? relaxed.point
        var shares = answer.alpha
        if options.normalization == .pairs {
            shares = normalized(zip(answer.alpha, transcripts).map { $0 * Double($1.bytes) / Double($1.initialPairTotal) })
        }
        return MixtureSolution(
            shares: shares,
            objective: n > 1 ? answer.total : 0,
            rounds: relaxed.solves, constraints: relaxed.added, finalRows: relaxed.constraintCount,
            stepsUsed: max(0, space.steps - options.firstStep), missingMerges: missing, rareMerges: rare,
            untrainedMerges: untrained.count, hitRoundLimit: hitLimit, hitTimeLimit: hitTime,
            stepSlack: answer.stepSlack.enumerated().filter { $0.element > 0 }.map { ($0.offset, $0.element) },
            pairSlack: answer.pairSlack.enumerated().filter { $0.element > 0 }.map { (space.keys[$0.offset], $0.element) },
            lowerBound: n > 1 ? min(relaxed.point.total, answer.total) : 0, sweepSeconds: clock.sweep, lpSeconds: clock.lp)
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
