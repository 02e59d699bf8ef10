import Dispatch
import MixInferSupport

/// One pass over the merge steps under a candidate solution, finding the most violated constraints:
/// pairs whose weighted count (minus their slack) exceeds that of the merge chosen at the step.
/// The steps are cut into `segmentCount` ranges of about equal work, swept concurrently; the result
/// depends on `segmentCount` alone, never on how many cores run it.
struct ViolationSweep {
    struct Violation: Hashable {
        var step: Int
        var pair: Int32
    }

    /// A violated constraint found by a sweep: its α coefficients and by how much it is violated.
    struct Found {
        var violation: Violation
        var coefficients: [Double]
        var excess: Double
    }

    let space: PairSpace
    /// Per-category factor turning a raw count into the LP's unit (counts per million bytes or pairs).
    let scale: [Double]
    /// Most violated rivals returned per step (the solver passes `SolverOptions.maxPerStep`).
    var maxPerStep = SolverOptions().maxPerStep
    /// Relative tolerance of the violation test, scaled by the merge's own weighted count.
    var relativeTolerance = SolverOptions().relativeTolerance
    var absoluteTolerance = 1e-12
    var firstStep = 0
    /// Steps whose merged pair no category saw this many times are not constrained.
    var minMergeCount = Int64(SolverOptions().minMergeCount)
    /// Steps that may be constrained (empty: all).
    var constrainedSteps: [Bool] = []
    /// Ranges of steps swept concurrently (each holds its own copy of the counts).
    var segmentCount = 2

    private var segments: [SweepSegment] = []

    /// Total slack of a feasible point of the full LP at the swept α: the given pair slacks, with each
    /// step slack raised to cover its strongest rival. An upper bound on the optimum.
    private(set) var upperBound = 0.0
    /// The step slacks of that feasible point.
    private(set) var coveringStepSlack: [Double] = []

    init(space: PairSpace, scale: [Double]) {
        self.space = space
        self.scale = scale
    }

    /// Sweeps the steps; returns new violated constraints with their α coefficients, in step order.
    /// `existing` holds constraints already in the LP (never returned again).
    mutating func run(alpha: [Double], stepSlack: [Double], pairSlack: [Double],
                      existing: Set<Violation>) -> [Found] {
        if segments.isEmpty { segments = makeSegments() }
        let alphaScale = zip(alpha, scale).map { $0 * $1 }
        let settings = self.settings
        let found = segments.withUnsafeMutableBufferPointer { buffer in
            let shared = UncheckedSendable(buffer)
            return concurrentMap(buffer.count) { index in
                shared.value[index].run(alphaScale: alphaScale, stepSlack: stepSlack, pairSlack: pairSlack,
                                        existing: existing, settings: settings)
            }
        }
        coveringStepSlack = stepSlack
        for segment in segments {
            coveringStepSlack.replaceSubrange(segment.steps, with: segment.covering)
        }
        upperBound = SolverPoint.total(stepSlack: coveringStepSlack, pairSlack: pairSlack)
        return found.flatMap { $0 }
    }

    /// What every segment looks for.
    var settings: SweepSegment.Settings {
        SweepSegment.Settings(maxPerStep: maxPerStep, relativeTolerance: relativeTolerance,
                              absoluteTolerance: absoluteTolerance, minMergeCount: minMergeCount,
                              constrained: constrainedSteps)
    }

    /// Cuts the steps from `firstStep` on into ranges with about equal numbers of count changes, each
    /// with the counts just before its first step (these do not depend on α).
    private func makeSegments() -> [SweepSegment] {
        let start = min(firstStep, space.steps), end = space.steps
        var counts = space.initial
        space.apply(0..<start, to: &counts)
        let work = space.stepStarts[end] - space.stepStarts[start]
        let pieces = max(1, segmentCount)
        var segments: [SweepSegment] = [], lower = start
        for piece in 1...pieces {
            var upper = end
            if piece < pieces {
                let target = space.stepStarts[start] + work * piece / pieces
                upper = lower
                while upper < end && space.stepStarts[upper + 1] <= target { upper += 1 }
            }
            segments.append(SweepSegment(space: space, scale: scale, steps: lower..<upper, startCounts: counts))
            if piece < pieces { space.apply(lower..<upper, to: &counts) }
            lower = upper
        }
        return segments
    }
}
