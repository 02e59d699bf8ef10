/// The LP's answer and how it was reached.
public struct MixtureSolution: Sendable {
    /// Estimated byte share per category (same order as the input); ≥ 0, summing to 1.
    package var shares: [Double]
    /// Total slack Σv at the returned shares, in counts per million bytes (or pairs): the optimum when
    /// converged, otherwise within `gapTolerance` of it.
    public var objective: Double
    package var rounds: Int
    /// Constraints generated in all rounds, and those left in the final LP (inactive ones are dropped).
    package var constraints: Int
    package var finalRows: Int
    /// Merge steps used (after `firstStep`) and those whose pair occurs in no sample.
    package var stepsUsed: Int
    public var missingMerges: [Int]
    /// Per category, how often the constrained merges apply to its sample (merged-pair counts per million bytes).
    package var mergeActivity: [Double] = []
    /// Steps left unconstrained because their merge occurs, but fewer than `minMergeCount` times in every sample.
    package var rareMerges = 0
    /// Steps left unconstrained as `SolverOptions.unconstrainedSteps` (within the steps used).
    package var untrainedMerges = 0
    /// True when the round limit stopped generation before no violated constraint was left.
    package var hitRoundLimit: Bool
    /// True when `timeLimit` stopped generation (the gap is then whatever `lowerBound` certifies).
    package var hitTimeLimit = false
    /// Step slack per step with a non-zero value (step index, slack).
    package var stepSlack: [(step: Int, slack: Double)]
    /// Pair slack per pair with a non-zero value (pair key, slack).
    package var pairSlack: [(pair: UInt64, slack: Double)]
    /// The rows of the final LP, in step order (a warm start for another solve: `SolverOptions.seedConstraints`).
    package var finalConstraints: [ConstraintKey] = []
    /// The shares of the relaxed LP's optimum when generation stopped (byte shares): where the LP moves the shares,
    /// even when the answer is a point it was given to start from.
    package var relaxedShares: [Double] = []
    /// The LP's lower bound on the optimal total slack (≤ `objective`; equal when fully converged).
    public var lowerBound: Double = 0
    /// Seconds spent sweeping for violated constraints and in GLPK.
    package var sweepSeconds: Double = 0
    package var lpSeconds: Double = 0
}
