import ArgumentParser
import MixInfer

/// The estimator variants compared with the paper's LP (docs/estimators.md), shared by `infer` (hidden, with the
/// other tuning knobs) and `evaluate`. The defaults are the paper's LP.
struct EstimatorFlags: ParsableArguments {
    @Option(help: "Solve this many windows of the merges alone and take each share's median (1: one LP).")
    var windows: Int = SolverOptions().windows

    @Option(help: "How slack is priced: uniform (the paper's LP) or poisson (by the noise of the count it excuses).")
    var slackWeighting: SlackWeighting = SolverOptions().slackWeighting

    @Option(help: "Cost of a unit of pair slack in the LP's objective, against 1 for step slack (1: the paper's LP).")
    var pairSlackWeight: Double = SolverOptions().pairSlackWeight

    @Option(help: "Solve again without the merges whose slack exceeds this fraction of their strongest rival's weighted count (1: off).")
    var trim: Double = SolverOptions().trimThreshold

    func apply(to solver: inout SolverOptions) {
        solver.windows = windows
        solver.slackWeighting = slackWeighting
        solver.pairSlackWeight = pairSlackWeight
        solver.trimThreshold = trim
    }
}
