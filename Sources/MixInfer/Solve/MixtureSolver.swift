import Dispatch

/// What counts are divided by before they enter the LP (the answer is always a share of bytes).
public enum CountNormalization: String, Sendable, Codable, CaseIterable {
    /// Divide by the sample's bytes: α is directly a byte share.
    case bytes
    /// Divide by the sample's initial number of pairs (the paper's choice); converted to byte shares after solving.
    case pairs
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
    public var normalization: CountNormalization = .bytes
    /// Most new constraints taken from one merge step per round.
    public var maxPerStep = 10
    /// A sweep stops once this many new constraints were found (default: never; full sweeps with row
    /// dropping need far fewer GLPK solves than the paper's 100 per round, for the same optimum).
    public var maxPerRound = 1 << 30
    /// Upper bound on LP rounds (a safety net; convergence usually takes far fewer).
    public var maxRounds = 5000
    /// Relative tolerance of the violation test.
    public var relativeTolerance = 1e-7
    /// Constraints are generated for steps at or after this one (0-based): "what was the extension trained on".
    public var firstStep = 0
    /// If set, the final LP is written here in CPLEX LP format.
    public var dumpPath: String?
    /// Which form of the LP GLPK solves (same optimum): the dual is much faster on tall LPs.
    public var formulation: LPFormulation = .dual
    /// Delete constraints that are slack after each solve (keeps the LP small; same optimum).
    public var dropInactiveRows = true
    /// Receives one line per LP round (progress and diagnostics).
    public var trace: (@Sendable (String) -> Void)?

    public init() {}
}

/// The LP's answer and how it was reached.
public struct MixtureSolution: Sendable {
    /// Estimated byte share per category (same order as the input); ≥ 0, summing to 1.
    public var shares: [Double]
    /// Total slack Σv of the optimum, in counts per million bytes (or pairs).
    public var objective: Double
    public var rounds: Int
    /// Constraints generated in all rounds, and those left in the final LP (inactive ones are dropped).
    public var constraints: Int
    public var finalRows: Int
    /// Merge steps used (after `firstStep`) and those whose pair occurs in no sample.
    public var stepsUsed: Int
    public var missingMerges: [Int]
    /// True when the round limit stopped generation before no violated constraint was left.
    public var hitRoundLimit: Bool
    /// Step slack per step with a non-zero value (step index, slack).
    public var stepSlack: [(step: Int, slack: Double)]
    /// Pair slack per pair with a non-zero value (pair key, slack).
    public var pairSlack: [(pair: UInt64, slack: Double)]
    /// Seconds spent sweeping for violated constraints and in GLPK.
    public var sweepSeconds: Double = 0
    public var lpSeconds: Double = 0
}

/// Solves the data-mixture LP of DESIGN.md §2 by lazy constraint generation with GLPK.
public enum MixtureSolver {
    /// Estimates shares from the transcripts of the categories and the merged pair of each step.
    public static func solve(transcripts: [Transcript], mergeKeys: [UInt64],
                             options: SolverOptions = SolverOptions()) throws -> MixtureSolution {
        let n = transcripts.count
        guard n > 0 else { throw SolverError.noCategories }
        if let empty = transcripts.firstIndex(where: { $0.bytes <= 0 || $0.initialPairTotal <= 0 }) {
            throw SolverError.invalidInput(reason: "category #\(empty + 1) has no pairs to count")
        }
        let space = PairSpace(transcripts: transcripts, mergeKeys: mergeKeys)
        let missing = (min(options.firstStep, space.steps)..<space.steps).filter { !space.mergeOccurs[$0] }
        let denominators = transcripts.map {
            options.normalization == .bytes ? Double($0.bytes) : Double($0.initialPairTotal)
        }
        let scale = denominators.map { 1e6 / $0 }
        var sweep = ViolationSweep(space: space, scale: scale)
        sweep.maxPerStep = options.maxPerStep
        sweep.maxPerRound = options.maxPerRound
        sweep.relativeTolerance = options.relativeTolerance
        sweep.firstStep = options.firstStep

        var lp: MixtureLP = options.formulation == .dual
            ? try DualMixtureLP(categories: n) : try PrimalMixtureLP(categories: n)
        var alpha = [Double](repeating: 1 / Double(n), count: n)
        var stepSlack = [Double](repeating: 0, count: space.steps)
        var pairSlack = [Double](repeating: 0, count: space.pairCount)
        var existing = Set<ViolationSweep.Violation>()
        var rounds = 0, hitLimit = false, added = 0
        var sweepSeconds = 0.0, lpSeconds = 0.0
        while n > 1 {
            let sweepStart = DispatchTime.now().uptimeNanoseconds
            let found = sweep.run(alpha: alpha, stepSlack: stepSlack, pairSlack: pairSlack, existing: existing)
            let lpStart = DispatchTime.now().uptimeNanoseconds
            sweepSeconds += Double(lpStart - sweepStart) / 1e9
            if found.isEmpty { break }
            if rounds >= options.maxRounds { hitLimit = true; break }
            for (violation, coefficients) in found {
                existing.insert(violation)
                try lp.add(violation, coefficients: coefficients)
            }
            added += found.count
            let solved = try lp.solve()
            alpha = normalized(solved.alpha)
            for (step, value) in solved.stepSlack { stepSlack[step] = max(0, value) }
            for (pair, value) in solved.pairSlack { pairSlack[Int(pair)] = max(0, value) }
            if options.dropInactiveRows { for violation in try lp.dropInactive() { existing.remove(violation) } }
            rounds += 1
            lpSeconds += Double(DispatchTime.now().uptimeNanoseconds - lpStart) / 1e9
            options.trace?("round \(rounds): +\(found.count) constraints → \(lp.constraintCount) kept, "
                + "\(solved.iterations) simplex iterations, sweep \(String(format: "%.3f", Double(lpStart - sweepStart) / 1e9)) s, "
                + "LP \(String(format: "%.3f", Double(DispatchTime.now().uptimeNanoseconds - lpStart) / 1e9)) s")
        }
        if let path = options.dumpPath { try lp.write(to: path) }
        var shares = alpha
        if options.normalization == .pairs {
            shares = normalized(zip(alpha, transcripts).map { $0 * Double($1.bytes) / Double($1.initialPairTotal) })
        }
        return MixtureSolution(
            shares: shares,
            objective: n > 1 ? stepSlack.reduce(0, +) + pairSlack.reduce(0, +) : 0,
            rounds: rounds, constraints: added, finalRows: lp.constraintCount,
            stepsUsed: max(0, space.steps - options.firstStep), missingMerges: missing, hitRoundLimit: hitLimit,
            stepSlack: stepSlack.enumerated().filter { $0.element > 0 }.map { ($0.offset, $0.element) },
            pairSlack: pairSlack.enumerated().filter { $0.element > 0 }.map { (space.keys[$0.offset], $0.element) },
            sweepSeconds: sweepSeconds, lpSeconds: lpSeconds)
    }

    /// Clamps tiny negative values from the simplex to 0 and rescales to sum exactly 1.
    static func normalized(_ values: [Double]) -> [Double] {
        let clamped = values.map { max(0, $0) }
        let total = clamped.reduce(0, +)
        guard total > 0 else { return [Double](repeating: 1 / Double(values.count), count: values.count) }
        return clamped.map { $0 / total }
    }
}
