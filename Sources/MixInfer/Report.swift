import Foundation
import MixInferTokenizers
import MixInferInference

/// Output formats of an estimate.
public enum ReportFormat: String, Sendable, CaseIterable {
    case table, json, csv
}

/// Renders a `MixtureEstimate` for people (table) and programs (JSON, CSV).
public enum Report {
    public static func render(_ estimate: MixtureEstimate, as format: ReportFormat, tokenizer: String, top: Int? = nil) -> String {
        switch format {
        case .table: return table(estimate, tokenizer: tokenizer, top: top)
        case .json: return json(estimate, tokenizer: tokenizer)
        case .csv: return csv(estimate)
        }
    }

    /// Aligned columns with a bar per share.
    package static func table(_ estimate: MixtureEstimate, tokenizer: String, top: Int? = nil) -> String {
        let all = estimate.ranked
        let ranked = Array(all.prefix(top ?? all.count))
        let width = max(8, ranked.map(\.name.count).max() ?? 0)
        let intervals = ranked.contains { $0.interval != nil }
        var lines = ["\("category".padding(toLength: width, withPad: " ", startingAt: 0))     share"
            + (intervals ? "   90 % interval   " : "")]
        for category in ranked {
            let (name, share) = (category.name, category.share)
            let bar = String(repeating: "█", count: Int((share * 40).rounded()))
            let interval = !intervals ? "" : category.interval.map {
                String(format: "  %6.2f – %6.2f%%", $0.low * 100, $0.high * 100)
            } ?? "         –        "
            lines.append("\(name.padding(toLength: width, withPad: " ", startingAt: 0))  \(String(format: "%7.2f%%", share * 100))"
                + "\(interval)  \(bar)")
        }
        if ranked.count < all.count {
            let rest = all.dropFirst(ranked.count).reduce(0) { $0 + $1.share }
            lines.append("(\(all.count - ranked.count) more)".padding(toLength: width, withPad: " ", startingAt: 0)
                + "  \(String(format: "%7.2f%%", rest * 100))")
        }
        let solution = estimate.solution
        lines.append("")
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
        lines.append("time: \(phases) (sweeps \(String(format: "%.2f", solution.sweepSeconds)) s, GLPK \(String(format: "%.2f", solution.lpSeconds)) s)")
        if !estimate.warnings.isEmpty { lines.append("") }
        for warning in estimate.warnings { lines.append("warning: " + warning.message) }
        return lines.joined(separator: "\n") + "\n"
    }

    /// One JSON object: shares, merges_used, objective, missing_merges, and run details.
    package static func json(_ estimate: MixtureEstimate, tokenizer: String) -> String {
        let solution = estimate.solution
        let shares = estimate.ranked.map { "\(quote($0.name)): \(number($0.share))" }.joined(separator: ", ")
        let baselines = estimate.baselineMethods.isEmpty ? "" : ", \"baselines\": {" + estimate.baselineMethods.map { method in
            "\(quote(method)): {" + estimate.categories.map { "\(quote($0.name)): \(number($0.baselines[method] ?? 0))" }
                .joined(separator: ", ") + "}"
        }.joined(separator: ", ") + "}"
        let slack = ", \"largest_step_slack\": [" + estimate.largestStepSlack.map {
            "{\"step\": \($0.step), \"merge\": \(quote($0.merge)), \"slack\": \(number($0.slack))}" }.joined(separator: ", ")
            + "], \"largest_pair_slack\": [" + estimate.largestPairSlack.map {
            "{\"pair\": \(quote($0.pair)), \"slack\": \(number($0.slack))}" }.joined(separator: ", ") + "]"
        let bytes = estimate.categories.map { "\(quote($0.name)): \($0.sampleBytes)" }.joined(separator: ", ")
        let bounded = estimate.ranked.compactMap { category in category.interval.map { (category.name, $0) } }
        let unit = estimate.intervalUnit.map { ", \"interval_unit\": \(quote($0.rawValue))" } ?? ""
        let intervals = bounded.isEmpty ? "" : ", \"interval_level\": \(number(BootstrapIntervals.level))\(unit), \"intervals\": {"
            + bounded.map { "\(quote($0.0)): [\(number($0.1.low)), \(number($0.1.high))]" }.joined(separator: ", ") + "}"
        return """
        {"tokenizer": \(quote(tokenizer)), "tokenizer_file": \(estimate.tokenizerFile.map(quote) ?? "null"), \
        "shares": {\(shares)}, "merges_used": \(estimate.mergesUsed), \
        "objective": \(number(solution.objective)), "lower_bound": \(number(solution.lowerBound)), "missing_merges": \(solution.missingMerges.count), \
        "rare_merges": \(solution.rareMerges), \
        \(solution.untrainedMerges > 0 ? "\"untrained_merges\": \(solution.untrainedMerges), " : "")\
        "normalization": \(quote(estimate.normalization.rawValue)), \
        "lp_rounds": \(solution.rounds), \
        "constraints": \(solution.constraints), "hit_round_limit": \(solution.hitRoundLimit), \
        "hit_time_limit": \(solution.hitTimeLimit), \
        "sample_bytes": {\(bytes)}\(slack)\(baselines)\(intervals), "warnings": \(warnings(estimate.warnings))}

        """
    }

    /// `category,share` lines, sorted by descending share, after one `# warning:` comment line per warning.
    package static func csv(_ estimate: MixtureEstimate) -> String {
        let comments = estimate.warnings.map { "# warning: \($0.code.rawValue): " + $0.message.replacingOccurrences(of: "\n", with: " ") }
        let intervals = estimate.categories.contains { $0.interval != nil }
        let rows = estimate.ranked.map { category in
            "\(csvField(category.name)),\(number(category.share))" + (!intervals ? "" : category.interval.map {
                ",\(number($0.low)),\(number($0.high))" } ?? ",,")
        }
        return (comments + ["category,share" + (intervals ? ",low,high" : "")] + rows).joined(separator: "\n") + "\n"
    }

    /// The warnings as a JSON list of `{"code", "message", "category"?}`.
    static func warnings(_ list: [RunWarning]) -> String {
        "[" + list.map { warning in
            "{\"code\": \(quote(warning.code.rawValue)), \"message\": \(quote(warning.message))"
                + (warning.category.map { ", \"category\": \(quote($0))" } ?? "") + "}"
        }.joined(separator: ", ") + "]"
    }

    package static func number(_ value: Double) -> String {
        value.isFinite ? String(format: "%.10g", value) : "null"
    }

    package static func quote(_ text: String) -> String { HFTokenizerJSONWriter.quote(text) }

    static func csvField(_ text: String) -> String {
        text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" })
            ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }
}
