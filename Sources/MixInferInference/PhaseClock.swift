import Foundation

/// Measures consecutive phases of a run.
struct PhaseClock: Sendable {
    private var last = Date()
    private(set) var laps: [(phase: String, seconds: Double)] = []

    mutating func lap(_ phase: String) {
        let now = Date()
        laps.append((phase, now.timeIntervalSince(last)))
        last = now
    }
}
