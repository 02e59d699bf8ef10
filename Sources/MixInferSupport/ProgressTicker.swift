import Dispatch
import Foundation

/// Adds up the units of one phase done by concurrent workers (and the files read, for counting) and sends a
/// `ProgressEvent` now and then: at the start, at most once per `interval` seconds as work is done, and once at
/// `finish()`, with the rate so far and the time left at that rate.
/// Events are sent one at a time, in the order of the counts: `done` never goes down from one to the next.
/// It only observes: the work it counts runs the same with or without it.
package final class ProgressTicker: @unchecked Sendable {
    /// Seconds between events at most (a terminal line redrawn four times a second moves smoothly).
    package static let interval = 0.25

    private let phase: ProgressEvent.Phase
    private let unit: ProgressUnit
    private var total: Int
    private let files: Int?
    private let clock: @Sendable () -> Double
    private let sink: @Sendable (ProgressEvent) -> Void
    private let start: Double
    private var done = 0
    private var filesRead = 0
    private var pace: ProgressPace
    private var isFinished = false
    private let lock = NSLock()

    /// `files`: how many files the phase reads (counting), nil for none. `clock` gives seconds on any monotonic
    /// scale (tests pass a fake one). The first event, with nothing done, is sent at once.
    package init(_ phase: ProgressEvent.Phase, unit: ProgressUnit, total: Int, files: Int? = nil,
                 interval: Double = ProgressTicker.interval, clock: @escaping @Sendable () -> Double = ProgressTicker.uptime,
                 sink: @escaping @Sendable (ProgressEvent) -> Void) {
        self.phase = phase
        self.unit = unit
        self.total = total
        self.files = files
        self.clock = clock
        self.sink = sink
        start = clock()
        pace = ProgressPace(interval: interval)
        _ = pace.isDue(at: start, elapsed: 0)
        sink(event(elapsed: 0))
    }

    /// A ticker sending to `sink`; nil without a sink, so that no progress costs nothing.
    package static func events(_ phase: ProgressEvent.Phase, unit: ProgressUnit, total: Int, files: Int? = nil,
                               to sink: (@Sendable (ProgressEvent) -> Void)?) -> ProgressTicker? {
        sink.map { ProgressTicker(phase, unit: unit, total: total, files: files, sink: $0) }
    }

    /// Seconds since boot on the monotonic clock.
    package static func uptime() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

    /// Counts `units` more done; reports when the time has come. Safe from any thread.
    package func advance(_ units: Int) {
        guard units > 0 else { return }
        lock.lock()
        defer { lock.unlock() }
        done += units
        reportIfDue()
    }

    /// Adds `units` to the total, for work found on the way (presence's second pass). Safe from any thread.
    package func extend(by units: Int) {
        guard units > 0 else { return }
        lock.lock()
        defer { lock.unlock() }
        total += units
    }

    /// Counts one more file read. Safe from any thread.
    package func fileRead() {
        lock.lock()
        defer { lock.unlock() }
        filesRead += 1
        reportIfDue()
    }

    /// Reports the final event (once; later calls do nothing).
    package func finish() {
        lock.lock()
        defer { lock.unlock() }
        guard !isFinished else { return }
        isFinished = true
        var last = event(elapsed: clock() - start)
        last.finished = true
        last.remaining = 0
        sink(last)
    }

    /// Called with the lock held.
    private func reportIfDue() {
        let now = clock()
        guard !isFinished, pace.isDue(at: now, elapsed: now - start) else { return }
        sink(event(elapsed: now - start))
    }

    private func event(elapsed: Double) -> ProgressEvent {
        let estimate = ProgressEstimate(done: done, total: total, elapsed: elapsed)
        var event = ProgressEvent(phase, done: done, total: total, unit: unit, elapsed: elapsed,
                                  remaining: estimate.remaining)
        event.files = files.map { ProgressEvent.Count(done: filesRead, total: $0) }
        return event
    }
}
