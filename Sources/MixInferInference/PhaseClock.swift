import Foundation

/// Measures consecutive phases of a run.
package struct PhaseClock: Sendable {
    private var last = Date()

    package init() {}
    package private(set) var laps: [(phase: String, seconds: Double)] = []

    package mutating func lap(_ phase: String) {
        let now = Date()
        laps.append((phase, now.timeIntervalSince(last)))
        last = now
    }
}
