import Foundation
import MixInferSupport
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
        let presence = presenceJSON(estimate) + groupsJSON(estimate) + pairSharesJSON(estimate)
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
        "sample_bytes": {\(bytes)}\(presence)\(slack)\(baselines)\(intervals), "warnings": \(warnings(estimate.warnings))\(runJSON(estimate.run))}

        """
    }

    /// `category,share,detected,upper` lines, sorted by descending share (with `low,high` under intervals), then one
    /// `group:NAME` line per group, after one `# warning:` comment line per warning.
    package static func csv(_ estimate: MixtureEstimate) -> String {
        let comments = estimate.warnings.map { "# warning: \($0.code.rawValue): " + $0.message.replacingOccurrences(of: "\n", with: " ") }
        let intervals = estimate.categories.contains { $0.interval != nil }
        func range(_ interval: (low: Double, high: Double)?) -> String {
            !intervals ? "" : interval.map { ",\(number($0.low)),\(number($0.high))" } ?? ",,"
        }
        let rows = estimate.ranked.map { category in
            "\(csvField(category.name)),\(number(category.share)),\(category.detected)," + (category.upper.map(number) ?? "")
                + range(category.interval)
        }
        let groups = estimate.groups.map { "\(csvField("group:" + $0.name)),\(number($0.share)),," + range($0.interval) }
        return (comments + ["category,share,detected,upper" + (intervals ? ",low,high" : "")] + rows + groups)
            .joined(separator: "\n") + "\n"
    }

    /// `"run"` (after a comma): what produced the estimate, when known.
    static func runJSON(_ record: RunRecord?) -> String {
        guard let record else { return "" }
        let intervals = record.intervals.map {
            ", \"interval_replicates\": \($0.replicates), \"interval_unit\": \(quote($0.unit.rawValue))"
        } ?? ""
        return ", \"run\": {\"mixinfer\": \(quote(record.version)), "
            + "\"merges_fingerprint\": \(quote("fnv1a64:" + FNV1a.hex(record.mergeFingerprint))), "
            + "\"merges_replayed\": \(record.mergesReplayed), \"first_merge\": \(record.firstMerge), "
            + "\"processing\": \(quote(record.processing)), \"sample_bytes_limit\": \(record.sampleBytesLimit), "
            + "\"gap\": \(number(record.gap)), \"min_merge_count\": \(record.minMergeCount), "
            + "\"presence\": \(record.presence), \"prove_bounds\": \(record.proveBounds)\(intervals)}"
    }

    /// `"presence"`, and when it was decided, `"detected"`, `"upper"` with `"upper_proved"`, and `"confusable"` (JSON
    /// members, each after a comma).
    static func presenceJSON(_ estimate: MixtureEstimate) -> String {
        let ranked = estimate.ranked
        var text = ", \"presence\": \(estimate.presenceDecided), \"detected\": {"
            + ranked.map { "\(quote($0.name)): \($0.detected)" }.joined(separator: ", ") + "}"
        let bounded = ranked.filter { $0.upper != nil }
        if !bounded.isEmpty {
            text += ", \"upper\": {" + bounded.map { "\(quote($0.name)): \(number($0.upper!))" }.joined(separator: ", ") + "}"
                + ", \"upper_proved\": \(estimate.boundsProved)"
        }
        if !estimate.confusable.isEmpty {
            text += ", \"confusable\": [" + estimate.confusable.map { names in
                let sum = names.compactMap { estimate.share(of: $0) }.reduce(0, +)
                return "{\"categories\": [" + names.map(quote).joined(separator: ", ") + "], \"share\": \(number(sum))}"
            }.joined(separator: ", ") + "]"
        }
        return text
    }

    /// `"pair_shares"`: the shares as fractions of initial token pairs (the unit of the paper's released-tokenizer
    /// tables), largest byte share first, with each group's (a JSON member after a comma), or nothing.
    static func pairSharesJSON(_ estimate: MixtureEstimate) -> String {
        let shares = estimate.pairShares
        guard !shares.isEmpty else { return "" }
        let index = Dictionary(uniqueKeysWithValues: estimate.names.enumerated().map { ($0.element, $0.offset) })
        var text = ", \"pair_shares\": {" + estimate.ranked.map { "\(quote($0.name)): \(number(shares[index[$0.name]!]))" }
            .joined(separator: ", ") + "}"
        if !estimate.groups.isEmpty {
            text += ", \"group_pair_shares\": {" + estimate.groups.map { group in
                "\(quote(group.name)): \(number(group.categories.compactMap { index[$0].map { shares[$0] } }.reduce(0, +)))"
            }.joined(separator: ", ") + "}"
        }
        return text
    }

    /// `"groups"`: each group's share, categories and interval (a JSON member after a comma), or nothing.
    static func groupsJSON(_ estimate: MixtureEstimate) -> String {
        guard !estimate.groups.isEmpty else { return "" }
        return ", \"groups\": {" + estimate.groups.map { group in
            "\(quote(group.name)): {\"share\": \(number(group.share)), \"categories\": ["
                + group.categories.map(quote).joined(separator: ", ") + "]"
                + (group.interval.map { ", \"interval\": [\(number($0.low)), \(number($0.high))]" } ?? "") + "}"
        }.joined(separator: ", ") + "}"
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

    package static func quote(_ text: String) -> String { JSONText.quote(text) }

    static func csvField(_ text: String) -> String {
        text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" })
            ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }
}
