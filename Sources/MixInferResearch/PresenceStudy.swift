import Foundation
import MixInfer

/// What research code measures about each candidate category of a run, to learn which statistic tells the
/// categories of the training mixture from those it never saw (issue: present or absent). Each is computed from
/// the samples alone.
package struct CandidateStats: Sendable {
    package var name: String
    package var share: Double
    /// The LP's optimum with this category's share held at 0 (its counts still saying which merges occur) minus
    /// its optimum with every category (0 for a share of 0), over the latter; at least `PresenceStudy.removalCap`
    /// (where the solve stopped) when it is larger.
    package var removalCost: Double
    /// Of bootstrap replicates that keep every merge: the share of them that give this category 0, their mean
    /// and their root-mean-square distance from `share`.
    package var zeroFraction: Double
    package var replicateMean: Double
    package var replicateRMS: Double
}

package enum PresenceStudy {
    /// Replicates behind `CandidateStats`' bootstrap figures.
    package static let replicates = 12
    /// Removal costs above this fraction of the optimum are not solved further.
    package static let removalCap = 0.2

    /// The statistics of every category of `prepared` (which must hold each sample's parts), with the estimate of
    /// all of them.
    package static func stats(_ prepared: PreparedRun, estimate: MixtureEstimate) throws -> [CandidateStats] {
        guard let parts = prepared.parts else { throw UsageError.invalid("the presence study needs each sample's parts") }
        let draws = try BootstrapIntervals.replicateShares(prepared.model, blockCounts: parts, estimate: estimate,
                                                           request: prepared.request, replicates: replicates,
                                                           halfOfTheMerges: false)
        let full = estimate.solution.objective
        var seeded = prepared.request
        seeded.solver.seedConstraints = estimate.solution.finalConstraints
        seeded.baselines = false
        seeded.progress = nil
        return try prepared.names.indices.map { index in
            let share = estimate.categories[index].share
            var removal = 0.0
            if share > 0 {
                var without = seeded
                without.solver.excludedCategories = [index]
                without.solver.decisionBound = full * (1 + removalCap)
                let solved = try Inference.estimate(prepared.model, names: prepared.names, words: prepared.words, request: without)
                removal = (min(solved.solution.objective, max(solved.solution.lowerBound, full * (1 + removalCap))) - full) / full
            }
            let values = draws.map { $0[index] }
            let zeros = values.filter { $0 <= 0 }.count
            let squares = values.map { ($0 - share) * ($0 - share) }.reduce(0, +)
            return CandidateStats(name: prepared.names[index], share: share, removalCost: removal,
                                  zeroFraction: Double(zeros) / Double(values.count),
                                  replicateMean: values.reduce(0, +) / Double(values.count),
                                  replicateRMS: (squares / Double(values.count)).squareRoot())
        }
    }
}
