import Foundation

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
    public static func table(_ estimate: MixtureEstimate, tokenizer: String, top: Int? = nil) -> String {
        let all = estimate.ranked
        let ranked = Array(all.prefix(top ?? all.count))
        let width = max(8, ranked.map(\.name.count).max() ?? 0)
        let halves = estimate.splitHalves.count == 2
            ? Dictionary(uniqueKeysWithValues: estimate.categories.indices.map {
                (estimate.categories[$0], (estimate.splitHalves[0][$0], estimate.splitHalves[1][$0]))
            }) : [:]
        var lines = ["\("category".padding(toLength: width, withPad: " ", startingAt: 0))     share"
            + (halves.isEmpty ? "" : "   halves (A / B)")]
        for (name, share) in ranked {
            let bar = String(repeating: "█", count: Int((share * 40).rounded()))
            let half = halves[name].map { String(format: "  %6.2f%% / %6.2f%%", $0.0 * 100, $0.1 * 100) } ?? ""
            lines.append("\(name.padding(toLength: width, withPad: " ", startingAt: 0))  \(String(format: "%7.2f%%", share * 100))\(half)  \(bar)")
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
            + (solution.lowerBound < solution.objective * (1 - 1e-9)
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
        return lines.joined(separator: "\n") + "\n"
    }

    /// One JSON object: shares, merges_used, objective, missing_merges, and run details.
    public static func json(_ estimate: MixtureEstimate, tokenizer: String) -> String {
        let solution = estimate.solution
        let shares = estimate.ranked.map { "\(quote($0.name)): \(number($0.share))" }.joined(separator: ", ")
        let baselines = estimate.baselines.isEmpty ? "" : ", \"baselines\": {" + estimate.baselines.map { method, shares in
            "\(quote(method)): {" + zip(estimate.categories, shares).map { "\(quote($0)): \(number($1))" }.joined(separator: ", ") + "}"
        }.joined(separator: ", ") + "}"
        let halves = estimate.splitHalves.count == 2 ? ", \"split_halves\": {" + estimate.categories.indices.map {
            "\(quote(estimate.categories[$0])): [\(number(estimate.splitHalves[0][$0])), \(number(estimate.splitHalves[1][$0]))]"
        }.joined(separator: ", ") + "}" : ""
        let slack = ", \"largest_step_slack\": [" + estimate.largestStepSlack.map {
            "{\"step\": \($0.step), \"merge\": \(quote($0.merge)), \"slack\": \(number($0.slack))}" }.joined(separator: ", ")
            + "], \"largest_pair_slack\": [" + estimate.largestPairSlack.map {
            "{\"pair\": \(quote($0.pair)), \"slack\": \(number($0.slack))}" }.joined(separator: ", ") + "]"
        let bytes = zip(estimate.categories, estimate.sampleBytes).map { "\(quote($0)): \($1)" }.joined(separator: ", ")
        return """
        {"tokenizer": \(quote(tokenizer)), "shares": {\(shares)}, "merges_used": \(estimate.mergesUsed), \
        "objective": \(number(solution.objective)), "lower_bound": \(number(solution.lowerBound)), "missing_merges": \(solution.missingMerges.count), \
        "rare_merges": \(solution.rareMerges), \
        \(solution.untrainedMerges > 0 ? "\"untrained_merges\": \(solution.untrainedMerges), " : "")\
        "normalization": \(quote(estimate.normalization.rawValue)), "lp_rounds": \(solution.rounds), \
        "constraints": \(solution.constraints), "hit_round_limit": \(solution.hitRoundLimit), \
        "hit_time_limit": \(solution.hitTimeLimit), \
        "sample_bytes": {\(bytes)}\(slack)\(baselines)\(halves)}

        """
    }

    /// `category,share` lines, sorted by descending share.
    public static func csv(_ estimate: MixtureEstimate) -> String {
        (["category,share"] + estimate.ranked.map { "\(csvField($0.name)),\(number($0.share))" }).joined(separator: "\n") + "\n"
    }

    static func number(_ value: Double) -> String {
        value.isFinite ? String(format: "%.10g", value) : "null"
    }

    static func quote(_ text: String) -> String { HFTokenizerJSONWriter.quote(text) }

    static func csvField(_ text: String) -> String {
        text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" })
            ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }
}
