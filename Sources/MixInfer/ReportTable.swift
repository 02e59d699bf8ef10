import Foundation
import MixInferSupport
import MixInferInference

extension Report {
    /// Aligned columns with a bar per share: the detected categories (a confusable group on one line, its sum),
    /// then those not detected with their bounds, the groups' totals, the run's details and its warnings.
    package static func table(_ estimate: MixtureEstimate, tokenizer: String, top: Int? = nil) -> String {
        let rows = TableRow.rows(estimate)
        let shown = Array(rows.prefix(top ?? rows.count))
        let width = max(8, shown.map(\.label.count).max() ?? 0, estimate.groups.map(\.name.count).max() ?? 0)
        let intervals = estimate.categories.contains { $0.interval != nil }
        var lines = ["category".padding(toLength: width, withPad: " ", startingAt: 0) + "     share"
            + (intervals ? "   90 % interval   " : "")]
        lines += shown.map { $0.line(width: width, intervals: intervals) }
        if shown.count < rows.count {
            let rest = rows.dropFirst(shown.count).reduce(0) { $0 + $1.share }
            lines.append("(\(rows.count - shown.count) more)".padding(toLength: width, withPad: " ", startingAt: 0)
                + "  \(String(format: "%7.2f%%", rest * 100))")
        }
        if let absent = notDetected(estimate) { lines.append(absent) }
        if !estimate.groups.isEmpty {
            lines.append("")
            lines.append("group".padding(toLength: width, withPad: " ", startingAt: 0) + "     share"
                + (intervals ? "   90 % interval   " : ""))
            lines += estimate.groups.sorted { $0.share > $1.share }.map {
                TableRow(label: $0.name, share: $0.share, interval: $0.interval, note: "")
                    .line(width: width, intervals: intervals)
            }
        }
        lines += details(estimate, tokenizer: tokenizer)
        if !estimate.warnings.isEmpty { lines.append("") }
        for warning in estimate.warnings { lines.append("warning: " + warning.message) }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The categories not detected, largest `upper` first; nil when every category was detected. Proved bounds
    /// read "not detected (3): ja < 0.90 %, …"; otherwise `upper` is the paper's LP's share, which is not a bound for
    /// a present category the decision missed, so it is not written as one: "not detected (3; their shares in the
    /// paper's LP): ja 0.33 %, …".
    static func notDetected(_ estimate: MixtureEstimate) -> String? {
        let absent = estimate.categories.filter { !$0.detected }.sorted { ($0.upper ?? 0, $1.name) > ($1.upper ?? 0, $0.name) }
        guard !absent.isEmpty else { return nil }
        let proved = estimate.boundsProved
        let listed = absent.prefix(8).map {
            $0.name + (proved ? " < " : " ") + String(format: "%.2f %%", 100 * max($0.upper ?? 0, 0.0001))
        }
        let more = absent.count <= 8 ? "" : ", and \(absent.count - 8) more " + (proved ? "below " : "of at most ")
            + String(format: "%.2f %%", 100 * (absent[8].upper ?? 0))
        let heading = "not detected (\(absent.count)" + (proved ? "): " : "; their shares in the paper's LP): ")
        return heading + listed.joined(separator: ", ") + more
    }

    /// The lines after the shares: merges, LP, slack and time.
    static func details(_ estimate: MixtureEstimate, tokenizer: String) -> [String] {
        let solution = estimate.solution
        var lines = [""]
        lines.append("tokenizer \(tokenizer): \(estimate.mergesUsed) merges, \(solution.missingMerges.count) found in no sample"
            + (solution.rareMerges > 0 ? ", \(solution.rareMerges) too rare to constrain" : "")
            + (solution.untrainedMerges > 0 ? ", \(solution.untrainedMerges) untrained (hand-added pieces), unconstrained" : "") + "; "
            + "\(solution.rounds) LP rounds, \(solution.constraints) constraints, total slack \(String(format: "%.4g", solution.objective))"
            + (solution.objective - solution.lowerBound > max(1e-6, 1e-9 * solution.objective)
                ? String(format: " (optimum ≥ %.4g, gap %.2g%%)", solution.lowerBound, 100 * (1 - solution.lowerBound / solution.objective)) : "")
            + (solution.hitTimeLimit ? "; stopped at --time-limit" : solution.hitRoundLimit ? "; stopped at --max-rounds" : ""))
        if !estimate.largestStepSlack.isEmpty {
            lines.append("most slack, steps: " + estimate.largestStepSlack.map {
                "#\($0.step + 1) \($0.merge) (\(String(format: "%.3g", $0.slack)))" }.joined(separator: ", "))
        }
        if !estimate.largestPairSlack.isEmpty {
            lines.append("most slack, pairs: " + estimate.largestPairSlack.map {
                "\($0.pair) (\(String(format: "%.3g", $0.slack)))" }.joined(separator: ", "))
        }
        let phases = estimate.timings.map { "\($0.phase) \(String(format: "%.2f", $0.seconds)) s" }.joined(separator: ", ")
        lines.append("time: \(phases) (sweeps \(String(format: "%.2f", solution.sweepSeconds)) s, GLPK "
            + "\(String(format: "%.2f", solution.lpSeconds)) s)")
        return lines
    }
}

/// One line of the table: a detected category, or a group of confusable ones with their sum.
struct TableRow {
    var label: String
    var share: Double
    var interval: (low: Double, high: Double)?
    var note: String

    /// The detected categories by descending share, each confusable group on one line ("pt + pt-pt").
    static func rows(_ estimate: MixtureEstimate) -> [TableRow] {
        let grouped = Set(estimate.confusable.joined())
        var rows = estimate.ranked.filter { $0.detected && !grouped.contains($0.name) }.map {
            TableRow(label: $0.name, share: $0.share, interval: $0.interval, note: "")
        }
        for names in estimate.confusable {
            let members = names.compactMap { name in estimate.categories.first { $0.name == name } }
            rows.append(TableRow(label: names.joined(separator: " + "), share: members.reduce(0) { $0 + $1.share },
                                 interval: nil, note: "confusable"))
        }
        return rows.sorted { $0.share != $1.share ? $0.share > $1.share : $0.label < $1.label }
    }

    func line(width: Int, intervals: Bool) -> String {
        let bar = String(repeating: "█", count: Int((share * 40).rounded()))
        let range = !intervals ? "" : interval.map { String(format: "  %6.2f – %6.2f%%", $0.low * 100, $0.high * 100) }
            ?? "         –        "
        return label.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + String(format: "%7.2f%%", share * 100)
            + range + "  " + bar + (note.isEmpty ? "" : "  (\(note))")
    }
}
