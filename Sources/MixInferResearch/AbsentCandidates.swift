import Foundation
import MixInfer

/// The categories a trial offers besides those of its training mixture (`evaluate --absent K`): candidates the
/// tokenizer never saw, as most of a released tokenizer's 100+ candidates are.
package enum AbsentCandidates {
    /// Categories whose text is close: a language and its variant or neighbour, two programming languages that
    /// share most of their syntax. With one of a group in the mixture, the others are offered first.
    package static let closeGroups: [[String]] = [
        ["pt", "pt-pt"], ["zh", "zh-tw"], ["hr", "bs", "sr"], ["nb", "nn"], ["id", "ms"], ["c", "cpp"],
        ["javascript", "typescript"],
    ]

    /// The close relatives of `name` (empty when it has none).
    package static func relatives(of name: String) -> [String] {
        closeGroups.first { $0.contains(name) }.map { $0.filter { $0 != name } } ?? []
    }

    /// `count` names of `pool` that are not `present`: the present ones' close relatives first, then others drawn
    /// at random; sorted by name.
    static func pick(_ count: Int, present: [String], pool: [String], using random: inout SeededRandom) -> [String] {
        let others = pool.filter { !present.contains($0) }
        var picked: [String] = []
        for relative in present.flatMap(relatives) where others.contains(relative) && !picked.contains(relative) {
            picked.append(relative)
        }
        picked = Array(picked.prefix(count))
        picked += others.filter { !picked.contains($0) }.shuffled(using: &random).prefix(count - picked.count)
        return picked.sorted()
    }
}

/// How a trial with absent candidates went.
package struct AbsentOutcome: Sendable {
    /// The absent candidates and the shares the estimator gave them.
    package var names: [String]
    package var shares: [Double]
    /// The paper's LP given only the mixture's categories: the reference an estimator that must also decide which
    /// categories are present is held to.
    package var presentOnly: [Double]
    /// The estimator's total slack with every candidate.
    package var objective: Double
    /// The groups of candidates the estimator reported confusable (by name).
    package var confusable: [[String]] = []
    /// Per present category (in the mixture's order), the `upper` bound the estimator gave it when it did not
    /// detect it (nil when detected).
    package var upper: [Double?] = []
    /// Per candidate, the mixture's first (with `EvaluationOptions.studyPresence`).
    package var stats: [CandidateStats] = []
}

/// What `--absent` reports over the trials.
package struct AbsentSummary: Sendable {
    /// Mean total share of the absent candidates.
    package var absentShare: Double
    /// Mean MSE over the present categories (the estimator's, and the present-only reference's).
    package var presentMSE: Double
    package var presentOnlyMSE: Double
    /// Present categories of a true share ≥ 1 %, and how many of them the estimator kept (a share above 0).
    package var large: Int
    package var largeKept: Int
    /// Of the present categories of ≥ 1 % not kept, how many have their true share at or under the `upper` bound
    /// the estimate states for them ("not detected: c < 4.79 %").
    package var missedUnderUpper = 0
    /// Present categories offered with a close relative, and how often the present one took ≥ 80 % of the group's
    /// estimated share, or the estimator reported it confusable with a relative and their sum within 0.01 of the
    /// truth.
    package var closeGroups: Int
    package var closeGroupsRight: Int
}

extension EvaluationReport {
    /// The summary of the trials' absent candidates (nil when no trial had any).
    package var absentSummary: AbsentSummary? {
        let withAbsent = trials.filter { $0.absent != nil }
        guard !withAbsent.isEmpty else { return nil }
        var summary = AbsentSummary(absentShare: 0, presentMSE: 0, presentOnlyMSE: 0, large: 0, largeKept: 0,
                                    closeGroups: 0, closeGroupsRight: 0)
        for trial in withAbsent {
            let absent = trial.absent!
            let shares = trial.estimates.first { $0.method == "mixinfer" }!.shares
            summary.absentShare += absent.shares.reduce(0, +)
            summary.presentMSE += Accuracy(estimate: shares, truth: trial.truth).mse
            summary.presentOnlyMSE += Accuracy(estimate: absent.presentOnly, truth: trial.truth).mse
            for (index, truth) in trial.truth.enumerated() where truth >= 0.01 {
                summary.large += 1
                if shares[index] > 0 {
                    summary.largeKept += 1
                } else if let upper = absent.upper.indices.contains(index) ? absent.upper[index] : nil, truth <= upper {
                    summary.missedUnderUpper += 1
                }
            }
            for (index, name) in trial.categories.enumerated() {
                let relatives = AbsentCandidates.relatives(of: name).compactMap { absent.names.firstIndex(of: $0) }
                guard !relatives.isEmpty else { continue }
                summary.closeGroups += 1
                let group = shares[index] + relatives.map { absent.shares[$0] }.reduce(0, +)
                let reported = absent.confusable.contains { names in
                    names.contains(name) && relatives.contains { names.contains(absent.names[$0]) }
                }
                if group > 0 && shares[index] >= 0.8 * group || reported && abs(group - trial.truth[index]) <= 0.01 {
                    summary.closeGroupsRight += 1
                }
            }
        }
        let count = Double(withAbsent.count)
        summary.absentShare /= count
        summary.presentMSE /= count
        summary.presentOnlyMSE /= count
        return summary
    }
}
