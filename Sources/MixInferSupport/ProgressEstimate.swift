import Foundation

/// What a phase counts, for its progress events and their lines.
package enum ProgressUnit: Sendable, Equatable {
    /// Bytes, shown in MB with one decimal: "12.3 MB", "8.2 MB/s".
    case bytes
    /// Whole things with a plural noun: "1200 steps", "2100 steps/s", "0.32 replicates/s".
    case count(String)

    /// The number alone: "12.3", "1200".
    func number(_ units: Int) -> String {
        switch self {
        case .bytes: return String(format: "%.1f", Double(units) / 1e6)
        case .count: return "\(units)"
        }
    }

    /// The number with its unit: "12.3 MB", "1200 steps".
    package func amount(_ units: Int) -> String {
        switch self {
        case .bytes: return number(units) + " MB"
        case let .count(noun): return number(units) + " " + noun
        }
    }

    package func rate(_ perSecond: Double) -> String {
        switch self {
        case .bytes: return String(format: "%.1f MB/s", perSecond / 1e6)
        case let .count(noun): return String(format: perSecond < 10 ? "%.2g" : "%.0f", perSecond) + " \(noun)/s"
        }
    }

    /// Its name in JSON progress events: "bytes", or the noun ("steps", "rounds").
    package var name: String {
        switch self {
        case .bytes: return "bytes"
        case let .count(noun): return noun
        }
    }
}

/// How far a phase of known size has come after `elapsed` seconds, with its rate and time left.
/// Pure arithmetic on numbers the caller measured: nothing here reads a clock, so it is testable, and progress
/// can never feed back into results.
package struct ProgressEstimate: Sendable, Equatable {
    /// Units done and in all; `done` may exceed `total` when the total was an estimate.
    var done: Int
    var total: Int
    /// Seconds since the phase started.
    package var elapsed: Double

    package init(done: Int, total: Int, elapsed: Double) {
        self.done = done
        self.total = total
        self.elapsed = elapsed
    }

    /// Units per second so far; nil before anything is done or any time has passed.
    package var rate: Double? { done > 0 && elapsed > 0 ? Double(done) / elapsed : nil }

    /// Seconds left at the rate so far (the ETA); 0 when done, nil while the rate is unknown.
    package var remaining: Double? {
        if done >= total { return 0 }
        return rate.map { Double(total - done) / $0 }
    }

    /// A duration for people, rounded to the second: "0s", "42s", "3m05s", then "2h07m" from an hour on;
    /// "?" for a negative or non-finite value.
    package static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "?" }
        let whole = Int(seconds.rounded())
        if whole < 60 { return "\(whole)s" }
        if whole < 3600 { return String(format: "%dm%02ds", whole / 60, whole % 60) }
        let minutes = Int((seconds / 60).rounded())
        return String(format: "%dh%02dm", minutes / 60, minutes % 60)
    }
}
