import Foundation
import MixInferSupport

/// The progress events of one solve: one at the start, then after a GLPK solve the certified gap between the best feasible shares' slack
/// and the LP's lower bound, at most once per `ProgressTicker.interval`, and a last event when the solve ends.
///
/// The time left is a rough estimate, made only where it can be: towards a positive target gap, from the rate at
/// which the logarithm of (upper − lower) / lower fell over the last half of the solve so far (at least a second of
/// it); with a time limit, never more than the time the limit leaves. An exact solve without a time limit has none.
/// (The gap itself, (upper − lower) / upper, stays near 1 while the first feasible shares are poor, then falls fast;
/// its logarithm relative to the lower bound falls at a steadier rate, so it extrapolates better.)
struct SolveMeter {
    private let sink: @Sendable (ProgressEvent) -> Void
    private let target: Double
    private let timeLimit: Double?
    private let clock: @Sendable () -> Double
    private let start: Double
    private var pace = ProgressPace(interval: ProgressTicker.interval)
    /// (seconds into the solve, ln((upper − lower) / lower)) after each GLPK solve where both bounds are positive and
    /// apart.
    private var history: [(time: Double, logGap: Double)] = []

    /// Nil without a sink; sends the first event (no round solved, no bound known) at once.
    init?(_ options: SolverOptions, clock: @escaping @Sendable () -> Double = ProgressTicker.uptime) {
        guard let sink = options.progress else { return nil }
        self.sink = sink
        target = options.gapTolerance
        timeLimit = options.timeLimit
        self.clock = clock
        start = clock()
        _ = pace.isDue(at: 0, elapsed: 0)
        sink(event(rounds: 0, bounds: .init(lower: 0, upper: .infinity, target: target), elapsed: 0,
                   remaining: timeLimit))
    }

    /// After GLPK solve number `rounds`: the bounds on the optimum (`upper` infinite while no feasible point is known).
    mutating func solved(rounds: Int, lower: Double, upper: Double) {
        let elapsed = clock() - start
        let bounds = ProgressEvent.Bounds(lower: lower, upper: upper, target: target)
        if let ratio = Self.ratio(bounds) { history.append((elapsed, log(ratio))) }
        guard pace.isDue(at: elapsed, elapsed: elapsed) else { return }
        sink(event(rounds: rounds, bounds: bounds, elapsed: elapsed, remaining: remaining(bounds, at: elapsed)))
    }

    /// The last event: the rounds solved and the bounds of the answer.
    func finish(rounds: Int, lower: Double, upper: Double) {
        let bounds = ProgressEvent.Bounds(lower: lower, upper: upper, target: target)
        var last = event(rounds: rounds, bounds: bounds, elapsed: clock() - start, remaining: 0)
        last.finished = true
        sink(last)
    }

    private func event(rounds: Int, bounds: ProgressEvent.Bounds, elapsed: Double, remaining: Double?) -> ProgressEvent {
        var event = ProgressEvent(.solve, done: rounds, total: nil, unit: .count("rounds"), elapsed: elapsed,
                                  remaining: remaining)
        event.bounds = bounds
        return event
    }

    /// Seconds left, where they can be estimated (see the type's comment).
    func remaining(_ bounds: ProgressEvent.Bounds, at elapsed: Double) -> Double? {
        let left = timeLimit.map { max(0, $0 - elapsed) }
        guard target > 0, let gap = bounds.gap else { return left }
        if gap <= target { return 0 }
        guard let ratio = Self.ratio(bounds), let then = history.first(where: { $0.time >= elapsed / 2 }),
              elapsed - then.time >= 1 else { return left }
        let rate = (then.logGap - log(ratio)) / (elapsed - then.time)
        guard rate > 0 else { return left }
        // The gap is within the target once (upper − lower) / lower ≤ target / (1 − target).
        let estimate = (log(ratio) - log(target / (1 - target))) / rate
        return left.map { min($0, estimate) } ?? estimate
    }

    /// (upper − lower) / lower, where both are finite, the lower bound positive and the upper above it.
    static func ratio(_ bounds: ProgressEvent.Bounds) -> Double? {
        guard bounds.upper.isFinite, bounds.lower > 0, bounds.upper > bounds.lower else { return nil }
        return (bounds.upper - bounds.lower) / bounds.lower
    }
}
