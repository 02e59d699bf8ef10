import Dispatch
import Foundation

/// Adds up the units of one phase done by concurrent workers and reports a `ProgressEstimate` now and then:
/// once at least `interval` seconds have passed since the last report, and no more often than every tenth of the
/// time elapsed (a long phase prints a few dozen lines, not thousands), plus once at `finish()`.
/// Reports are made one at a time, in the order of the counts: `done` never goes down from one to the next.
/// It only observes: the work it counts runs the same with or without it.
package final class ProgressTicker: @unchecked Sendable {
    /// Receives each estimate; `finished` is true for the last one (from `finish()`).
    typealias Report = @Sendable (_ estimate: ProgressEstimate, _ finished: Bool) -> Void

    private let total: Int
    private let interval: Double
    private let clock: @Sendable () -> Double
    private let report: Report
    private let start: Double
    private var done = 0
    private var nextReport: Double
    private var isFinished = false
    private let lock = NSLock()

    /// `clock` gives seconds on any monotonic scale (tests pass a fake one).
    init(total: Int, interval: Double = 1, clock: @escaping @Sendable () -> Double = ProgressTicker.uptime,
         report: @escaping Report) {
        self.total = total
        self.interval = interval
        self.clock = clock
        self.report = report
        start = clock()
        nextReport = start + interval
    }

    /// Seconds since boot on the monotonic clock.
    package static func uptime() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

    /// Counts `units` more done; reports when the time has come. Safe from any thread.
    package func advance(_ units: Int) {
        guard units > 0 else { return }
        lock.lock()
        defer { lock.unlock() }
        done += units
        let now = clock()
        guard !isFinished, now >= nextReport else { return }
        let elapsed = now - start
        nextReport = now + max(interval, elapsed / 10)
        report(ProgressEstimate(done: done, total: total, elapsed: elapsed), false)
    }

    /// Reports the final estimate (once; later calls do nothing).
    package func finish() {
        lock.lock()
        defer { lock.unlock() }
        guard !isFinished else { return }
        isFinished = true
        report(ProgressEstimate(done: done, total: total, elapsed: clock() - start), true)
    }
}

extension ProgressTicker {
    /// A ticker writing `ProgressEstimate.line(phase, unit:)` lines to `sink`, and `summary` of the final estimate
    /// when given. Nil without a sink or work, so that no progress costs nothing.
    package static func lines(_ phase: String, unit: ProgressUnit, total: Int, to sink: (@Sendable (String) -> Void)?,
                      summary: (@Sendable (ProgressEstimate) -> String)? = nil) -> ProgressTicker? {
        guard let sink, total > 0 else { return nil }
        return ProgressTicker(total: total) { estimate, finished in
            if !finished {
                sink(estimate.line(phase, unit: unit))
            } else if let summary {
                sink(summary(estimate))
            }
        }
    }
}
