import Foundation
import MixInfer

/// What research code measures about each candidate category of a run, to learn which statistic tells the
/// categories of the training mixture from those it never saw (issue: present or absent). Each is computed from
/// the samples alone.
package struct CandidateStats: Sendable {
    package var name: String
    package var share: Double
    /// The LP's optimum with this category's share held at 0 (its counts still saying which merges occur) minus
    /// its optimum with every category (0 for a share of 0), over the latter (`PresenceStudy.removalGap`).
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
    /// A removal solve stops within this gap of its optimum, or after `removalRounds` rounds with its lower bound
    /// as the cost. (A decision bound would stop it as soon as its upper bound fell below the bound, leaving the
    /// cost anywhere under it.)
    static let removalGap = 0.001
    static let removalRounds = 400

    /// The statistics of every category of `prepared` (which must hold each sample's parts), with the estimate of
    /// all of them.
    package static func stats(_ prepared: PreparedRun, estimate: MixtureEstimate) throws -> [CandidateStats] {
        guard let parts = prepared.parts else { throw UsageError.invalid("the presence study needs each sample's parts") }
        let draws = try BootstrapIntervals.replicateShares(prepared.model, blockCounts: parts, estimate: estimate,
                                                           request: prepared.request, replicates: replicates,
                                                           halfOfTheMerges: false)
        var seeded = prepared.request
        seeded.solver.seedConstraints = estimate.solution.finalConstraints
        seeded.solver.gapTolerance = removalGap
        seeded.solver.maxRounds = removalRounds
        seeded.baselines = false
        seeded.progress = nil
        let full = try Inference.estimate(prepared.model, names: prepared.names, words: prepared.words, request: seeded)
            .solution.objective
        return try prepared.names.indices.map { index in
            let share = estimate.categories[index].share
            var removal = 0.0
            if share > 0 {
                var without = seeded
                without.solver.excludedCategories = [index]
                let solved = try Inference.estimate(prepared.model, names: prepared.names, words: prepared.words, request: without)
                let solution = solved.solution
                removal = (solution.hitRoundLimit ? solution.lowerBound : solution.objective) / full - 1
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
