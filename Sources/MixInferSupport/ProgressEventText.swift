import Foundation

extension ProgressEvent {
    /// The event as one plain line, with its batch pair first: "pair 3 of 24 (claude × code): replay 40%: …".
    var text: String {
        guard let pair, phase != .batch else { return phaseText }
        return "pair \(pair.index) of \(pair.total) (\(pair.name)): " + phaseText
    }

    /// The line without the batch pair: what the phase has done, and its rate and time left while it runs.
    package var phaseText: String {
        switch phase {
        case .solve: return solveText
        case .batch: return batchText
        case .counting, .replay, .presence, .intervals: return finished ? doneText : runningText
        }
    }

    /// "counting 31%: 12.3 of 40.0 MB, 3 of 50 files, 8.2 MB/s, ETA 3s" (rate and ETA while unknown left out).
    private var runningText: String {
        var text = phase.rawValue
        if let total {
            text += " \(percent(done, of: total))%: \(unit.number(done)) of \(unit.amount(total))"
        } else {
            text += ": " + unit.amount(done)
        }
        if let files { text += ", \(files.done) of \(files.total) files" }
        if let rate { text += ", " + unit.rate(rate) }
        if let remaining { text += ", ETA " + ProgressEstimate.duration(remaining) }
        return text
    }

    /// "counting done: 40.0 MB (50 files) in 4.9 s, 8.2 MB/s".
    private var doneText: String {
        var text = "\(phase.rawValue) done: " + unit.amount(done)
        if let files { text += " (\(files.done) files)" }
        text += " in " + Self.seconds(elapsed)
        if let rate { text += ", " + unit.rate(rate) }
        return text
    }

    /// "solve: round 97, gap 0.78% → 1%, ETA ~20s, optimum in [228296, 230088]"; at the end
    /// "solve done: 152 rounds in 5.1 s, exact" or "solve stopped: …, gap 3.2% (target 1%)".
    private var solveText: String {
        guard let bounds else { return "solve: round \(done)" }
        let target = bounds.target > 0 ? Self.percent(bounds.target) : "exact"
        let gap = bounds.gap.map(Self.percent) ?? "unknown"
        if finished {
            let ending = bounds.isWithinTarget ? "done" : "stopped"
            let reached = bounds.isWithinTarget && bounds.target == 0 ? "exact" : "gap \(gap) (target \(target))"
            return "solve \(ending): \(done) rounds in \(Self.seconds(elapsed)), " + reached
        }
        if done == 0 && bounds.gap == nil { return "solve: starting, gap → \(target)" }
        var text = "solve: round \(done), gap \(gap) → \(target)"
        if let remaining { text += ", ETA ~" + ProgressEstimate.duration(remaining) }
        if bounds.upper.isFinite {
            text += String(format: ", optimum in [%.6g, %.6g]", bounds.lower, bounds.upper)
        }
        return text
    }

    /// "claude × code: ok (3 of 8 pairs done, ETA 3m25s)".
    private var batchText: String {
        var text = (pair.map { $0.name + ": " } ?? "") + (status ?? "done") + " (\(done) of \(total ?? done) pairs done"
        if let remaining, remaining > 0 { text += ", ETA " + ProgressEstimate.duration(remaining) }
        return text + ")"
    }

    /// Units per second so far; nil before anything is done or any time has passed.
    package var rate: Double? { done > 0 && elapsed > 0 ? Double(done) / elapsed : nil }

    private func percent(_ done: Int, of total: Int) -> Int {
        total > 0 ? Int(min(1, Double(max(0, done)) / Double(total)) * 100) : 100
    }

    /// A fraction as a percentage with two significant digits: "0.78%", "12%", "0" for none.
    package static func percent(_ fraction: Double) -> String {
        let value = fraction * 100
        if value <= 0 { return "0" }
        if value < 1e-4 { return "<0.0001%" }
        return (value >= 10 ? String(format: "%.0f", value) : String(format: "%.2g", value)) + "%"
    }

    /// A phase's duration: "4.9 s" under a minute, then as `ProgressEstimate.duration` ("3m05s").
    package static func seconds(_ value: Double) -> String {
        value < 59.95 ? String(format: "%.1f s", max(0, value)) : ProgressEstimate.duration(value)
    }
}
