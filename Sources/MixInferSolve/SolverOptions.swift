import MixInferSupport
/// What counts are divided by before they enter the LP (the answer is always a share of bytes).
package enum CountNormalization: String, Sendable, Codable, CaseIterable {
    /// Divide by the sample's bytes: α is directly a byte share.
    case bytes
    /// Divide by the sample's number of pairs where constraints start (before the first merge: the paper's
    /// choice); converted to byte shares after solving.
    case pairs
    /// Divide by how often the constrained merges act on the sample (Σ_t of the merged pair's count just
    /// before step t): the scale at which each category takes part in the window. After a base vocabulary,
    /// categories it already compresses have few pairs left, and by bytes or pairs they would meet every
    /// constraint for free (docs/evaluation.md, "Extensions"); converted to byte shares after solving.
    case merged
    /// `merged` when the constrained merges extend a base vocabulary, else `pairs` for tokenizers whose merges
    /// start from characters (SentencePiece) and `bytes` for byte-level ones; chosen by `Inference.run`
    /// (docs/evaluation.md, "SentencePiece" and "Extensions"). The solver itself reads it as `bytes`.
    case auto
}

/// Settings of the lazy constraint generation.
public struct SolverOptions: Sendable {
    package var normalization: CountNormalization = .auto
    /// Most new constraints taken from one merge step per sweep. Late merges have many rivals, and taking
    /// more of them per sweep means fewer sweeps and solves (docs/tuning.md, `--max-per-step`).
    package var maxPerStep = 30
    /// Most new constraints given to GLPK per solve: the most violated ones of the sweep's pool.
    package var maxPerRound = 5_000
    /// Upper bound on GLPK solves (a safety net: T = 30,000 on 30 categories took ~3,600 to a 1e-5 gap).
    package var maxRounds = 50_000
    /// Stop once the total slack at the current α is provably within this fraction of the optimum
    /// ((upper − lower) ≤ tolerance·upper, both bounds computed every round); 0 runs until no constraint is violated
    /// or the bounds agree to 1e-9.
    public var gapTolerance = 0.0
    /// In-out stabilisation: constraints are sought at this mix of the best feasible point and the LP's
    /// optimum (0: at the LP's optimum, the plain cutting-plane method). 0.9 rather than 0.8: 13 % less time at
    /// T = 30,000, about the same below (docs/tuning.md, `--stabilization`).
    package var stabilization = 0.9
    /// Seconds of constraint generation (sweeps and GLPK) after which it stops and the best feasible point found
    /// is returned, with its certified gap (nil: no limit). The only setting whose result depends on the machine.
    public var timeLimit: Double?
    /// Relative tolerance of the violation test.
    package var relativeTolerance = 1e-7
    /// Constraints are generated for steps at or after this one (0-based): "what was the extension trained on".
    package var firstStep = 0
    /// Constraints are generated only for steps whose merged pair some category's sample holds at least this
    /// many times just before the step (1: every merge that occurs). Late merges seen a handful of times in
    /// small samples carry mostly sampling noise (docs/evaluation.md measures the effect).
    public var minMergeCount = 1
    /// Steps (0-based) that get no constraint because the tokenizer file shows training did not choose them
    /// (`TokenizerModel.untrainedMerges`: hand-added pieces); their merge is still applied.
    package var unconstrainedSteps: Set<Int> = []
    /// If set, the final LP is written here in CPLEX LP format.
    package var dumpPath: String?
    /// Stop as soon as the bounds on the optimum show which side of this value it lies (nil: never): the lower
    /// bound reaches it, or a feasible point's slack is at most it. Enough when that is the question (a presence
    /// test); the answer's `objective` and `lowerBound` are those bounds.
    package var decisionBound: Double?
    /// A point to sweep first, before the LP's optimum: when it is close to the answer (another solve's, with a
    /// category removed), its slack bounds the optimum from above at once. The optimum does not depend on it.
    package var startingPoint: StartingPoint?
    package struct StartingPoint: Sendable {
        /// Byte shares, in the order of the categories.
        package var shares: [Double]
        /// Pair slacks by pair key.
        package var pairSlack: [UInt64: Double]

        package init(shares: [Double], pairSlack: [UInt64: Double]) {
            self.shares = shares
            self.pairSlack = pairSlack
        }
    }
    /// Categories held at a share of 0 (by index), whose counts still say which merges occur in some sample: the LP
    /// without them, over the same constraints.
    package var excludedCategories: Set<Int> = []
    /// A share held at or above a floor (`ShareFloor`): the LP's optimum with it is the total slack the samples need
    /// when the category's share is at least that (the bound of a category not detected).
    package var shareFloor: ShareFloor?
    package struct ShareFloor: Sendable, Equatable {
        package var category: Int
        /// In the LP's units of α (byte shares with `bytes` normalisation).
        package var alpha: Double

        package init(category: Int, alpha: Double) {
            self.category = category
            self.alpha = alpha
        }

        /// Shares (summing to 1) moved onto the floor: the category raised to it if below, the others scaled down.
        func lift(_ shares: [Double]) -> [Double] {
            guard shares[category] < alpha else { return shares }
            let others = shares.indices.filter { $0 != category }.map { shares[$0] }.reduce(0, +)
            return shares.indices.map { $0 == category ? alpha : others > 0 ? shares[$0] * (1 - alpha) / others : 0 }
        }
    }
    /// Steps that may be constrained, by index (nil: all); the bootstrap leaves a random half out.
    package var constrainedSteps: [Bool]?
    /// Constraints the LP starts with: a warm start from another solve's final rows (a resample's LP starts with
    /// the full estimate's). Those the sweep would not generate here are left out; the optimum does not depend
    /// on them, only how fast it is reached.
    package var seedConstraints: [ConstraintKey] = []
    /// Receives one line per LP round (the solver's log: `mixinfer -v -v`).
    package var trace: (@Sendable (String) -> Void)?
    /// Receives solve events: the rounds and the certified gap, a few per second at most, and one at the end
    /// (`SolveMeter`).
    package var progress: (@Sendable (ProgressEvent) -> Void)?

    public init() {}

    /// Rejects settings the lazy generation cannot run with; the error names the setting (`InvalidSetting`).
    package func validate() throws {
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
        if let floor = shareFloor, !(floor.alpha >= 0 && floor.alpha < 1) || excludedCategories.contains(floor.category) {
            throw SolverError.invalidInput(reason: "a share floor must lie in [0, 1) on a category that is offered")
        }
        guard relativeTolerance >= 0 && relativeTolerance.isFinite else {
            throw InvalidSetting(.tolerance, "must be a finite number ≥ 0")
        }
    }
}
