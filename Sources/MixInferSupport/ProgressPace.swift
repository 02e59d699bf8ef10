/// When the next report of a phase is due: `interval` seconds after the last one, or `growth` times the time the
/// phase has run if that is longer (a growth of 0.1 makes a long phase report a few dozen times, not thousands).
/// Pure arithmetic on times the caller measured, so it is testable.
package struct ProgressPace: Sendable {
    package var interval: Double
    package var growth: Double
    private var next: Double?

    package init(interval: Double, growth: Double = 0) {
        self.interval = interval
        self.growth = growth
    }

    /// Whether a report is due at `now`, `elapsed` seconds into the phase (the first always is); when it is, the
    /// next is scheduled from `now`.
    package mutating func isDue(at now: Double, elapsed: Double) -> Bool {
        if let next, now < next { return false }
        next = now + max(interval, elapsed * growth)
        return true
    }
}
