import Foundation
import MixInfer
import MixInferInference

extension Report {
    /// A JSON object with every trial and the per-method summary.
    package static func json(_ report: EvaluationReport, options: EvaluationOptions) -> String {
        func shares(_ names: [String], _ values: [Double]) -> String {
            "{" + zip(names, values).map { "\(quote($0)): \(number($1))" }.joined(separator: ", ") + "}"
        }
        let trials = report.trials.map { trial in
            let methods = trial.estimates.map { estimate in
                "\(quote(estimate.method)): {\"shares\": \(shares(trial.categories, estimate.shares)), "
                    + "\"mse\": \(number(estimate.accuracy.mse)), \"log10_mse\": \(number(estimate.accuracy.log10MSE)), "
                    + "\"max_abs_error\": \(number(estimate.accuracy.maxAbsoluteError))}"
            }.joined(separator: ", ")
            let intervals = trial.intervals.isEmpty ? "" : ", \"intervals\": {" + zip(trial.categories, trial.intervals).compactMap { name, interval in
                interval.map { "\(quote(name)): [\(number($0.low)), \(number($0.high))]" }
            }.joined(separator: ", ") + "}"
            let base = trial.baseTruth.map { ", \"base_truth\": \(shares(trial.categories, $0))" } ?? ""
            let absent = trial.absent.map { ", " + absentJSON($0, present: trial.categories) } ?? ""
            return "    {\"truth\": \(shares(trial.categories, trial.truth))\(base), \(methods)\(intervals)\(absent), "
                + "\"uncovered_merges\": \(number(trial.uncoveredShare))}"
        }.joined(separator: ",\n")
        let summary = report.methodsPresent.map { method in
            let s = report.summary(method)
            return "\(quote(method)): {\"mean_mse\": \(number(s.meanMSE)), \"median_mse\": \(number(s.medianMSE)), "
                + "\"mean_log10_mse\": \(number(s.meanLog10MSE)), \"mean_max_abs_error\": \(number(s.meanMaxError))}"
        }.joined(separator: ", ")
        let coverage = report.intervalSummary.map {
            ", \"intervals\": {\"level\": \(number(BootstrapIntervals.level)), \"unit\": \(quote(options.intervalUnit.rawValue)), "
                + "\"coverage\": \(number($0.coverage)), "
                + "\"mean_width\": \(number($0.meanWidth)), \"rmse\": \(number($0.rmse))}"
        } ?? ""
        let sources = report.sourceSides.isEmpty ? "" : ",\n  \"shift\": {" + report.sourceSides.map { sides in
            let list = { (names: [String]) in "[" + names.map(quote).joined(separator: ", ") + "]" }
            return "\(quote(sides.category)): {\"training\": \(list(sides.training)), \"inference\": \(list(sides.inference))}"
        }.joined(separator: ", ") + "}, \"shift_left_out\": [" + report.leftOutOfShift.map(quote).joined(separator: ", ") + "]"
        let absentSummary = report.absentSummary.map { ", \"absent\": " + absentSummaryJSON($0, candidates: options.absent) } ?? ""
        return """
        {"trials_run": \(report.trials.count), "n": \(options.categoriesPerTrial), "total_bytes": \(options.totalBytes), \
        "vocab_size": \(options.vocabularySize), "merges": \(options.merges), "extension_merges": \(options.extensionMerges), \
        "normalization": \(quote(options.solver.normalization.rawValue)), "seed": \(options.seed), \
        "sample": \(quote(options.inferFromTrainingText ? "training_text" : "held_out")),
          "summary": {\(summary)}\(absentSummary)\(coverage)\(sources),
          "trials": [
        \(trials)
          ]}

        """
    }

    /// One line per method: mean/median MSE, mean log10 MSE, mean max error.
    package static func table(_ report: EvaluationReport) -> String {
        var lines = ["method      mean MSE   median MSE  mean log10 MSE  mean max |err|"]
        for method in report.methodsPresent {
            let s = report.summary(method)
            lines.append(method.padding(toLength: 10, withPad: " ", startingAt: 0)
                + String(format: "  %9.3e  %9.3e  %14.2f  %14.4f", s.meanMSE, s.medianMSE, s.meanLog10MSE, s.meanMaxError))
        }
        if !report.leftOutOfShift.isEmpty {
            lines.append("source shift: left out " + report.leftOutOfShift.joined(separator: ", ") + " (documents from one source only)")
        }
        if let absent = report.absentSummary {
            lines.append(String(format: "absent candidates: %.2f %% of the shares; present MSE %.3e (%.2f× the "
                                + "present-only LP's %.3e); %d of %d present ≥ 1 %% kept (%d of the %d missed under their "
                                + "upper bound); %d of %d close groups right",
                                100 * absent.absentShare, absent.presentMSE, absent.presentMSE / max(absent.presentOnlyMSE, 1e-300),
                                absent.presentOnlyMSE, absent.largeKept, absent.large, absent.missedUnderUpper,
                                absent.large - absent.largeKept, absent.closeGroupsRight, absent.closeGroups))
        }
        if let intervals = report.intervalSummary {
            lines.append(String(format: "90 %% intervals: coverage %.1f %%, mean width %.4f (%.1f× mixinfer's RMSE %.4f)",
                                100 * intervals.coverage, intervals.meanWidth, intervals.meanWidth / max(intervals.rmse, 1e-12),
                                intervals.rmse))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A trial's absent candidates: their shares, the present-only reference and any study statistics.
    static func absentJSON(_ absent: AbsentOutcome, present: [String]) -> String {
        func shares(_ names: [String], _ values: [Double]) -> String {
            "{" + zip(names, values).map { "\(quote($0)): \(number($1))" }.joined(separator: ", ") + "}"
        }
        let stats = absent.stats.isEmpty ? "" : ", \"candidates\": [" + absent.stats.map {
            "{\"name\": \(quote($0.name)), \"present\": \(present.contains($0.name)), \"share\": \(number($0.share)), "
                + "\"removal_cost\": \(number($0.removalCost)), \"zero_fraction\": \(number($0.zeroFraction)), "
                + "\"replicate_mean\": \(number($0.replicateMean)), \"replicate_rms\": \(number($0.replicateRMS))}"
        }.joined(separator: ", ") + "]"
        let upper = zip(present, absent.upper).compactMap { name, bound in bound.map { "\(quote(name)): \(number($0))" } }
        return "\"absent\": \(shares(absent.names, absent.shares)), \"present_only\": \(shares(present, absent.presentOnly)), "
            + "\"upper\": {\(upper.joined(separator: ", "))}, "
            + "\"objective\": \(number(absent.objective)), \"confusable\": ["
            + absent.confusable.map { "[" + $0.map(quote).joined(separator: ", ") + "]" }.joined(separator: ", ") + "]\(stats)"
    }

    /// The summary of `--absent`.
    static func absentSummaryJSON(_ summary: AbsentSummary, candidates: Int) -> String {
        "{\"candidates\": \(candidates), \"mean_absent_share\": \(number(summary.absentShare)), "
            + "\"present_mse\": \(number(summary.presentMSE)), \"present_only_mse\": \(number(summary.presentOnlyMSE)), "
            + "\"large_present\": \(summary.large), \"large_present_kept\": \(summary.largeKept), "
            + "\"large_missed_under_upper\": \(summary.missedUnderUpper), "
            + "\"close_groups\": \(summary.closeGroups), \"close_groups_right\": \(summary.closeGroupsRight)}"
    }
}
