import Foundation
import MixInfer
import MixInferCorpus
import MixInferInference
import MixInferReplay
import MixInferSolve

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
    /// Two-fold by alternate parts: how much holding this category at 0 raises the step slack of the shares fitted on
    /// one half, scored on the other half's counts, over that of the shares fitted with it (mean of the folds).
    package var heldOutGain = 0.0
    /// The same with the slack over the merged pairs' weighted count, which does not move with α's scale.
    package var heldOutRatioGain = 0.0
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
        let (heldOut, heldOutRatio) = try heldOutGains(prepared, parts: parts, estimate: estimate)
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
                                  replicateRMS: (squares / Double(values.count)).squareRoot(), heldOutGain: heldOut[index], heldOutRatioGain: heldOutRatio[index])
        }
    }

    /// Per category (0 for a share of 0), `CandidateStats.heldOutGain`.
    static func heldOutGains(_ prepared: PreparedRun, parts: [[WordCounts]], estimate: MixtureEstimate) throws -> ([Double], [Double]) {
        let steps = estimate.firstMerge + estimate.mergesUsed
        let keys = prepared.model.merges.prefix(steps).map(\.pairKey)
        let halves = [0, 1].map { side in
            parts.map { sample -> WordCounts in
                let held = sample.filter { $0.bytes > 0 }
                guard held.count >= 2 else { return WordCounts(summing: held) }
                return WordCounts(summing: held.enumerated().filter { $0.offset % 2 == side }.map(\.element))
            }
        }
        let transcripts = halves.map { Replayer.replay($0, model: prepared.model, steps: steps) }
        var options = prepared.request.solver
        options.seedConstraints = estimate.solution.finalConstraints
        options.trace = nil
        options.progress = nil
        options.dumpPath = nil
        var gains = [Double](repeating: 0, count: prepared.names.count), ratios = gains
        for fold in 0..<2 {
            let (fit, score) = (transcripts[fold], transcripts[1 - fold])
            func scored(_ excluded: Set<Int>) throws -> (slack: Double, merged: Double) {
                var without = options
                without.excludedCategories = excluded
                let shares = try MixtureSolver.solve(transcripts: fit, mergeKeys: keys, options: without).shares
                return MixtureSolver.stepSlackTotal(transcripts: score, mergeKeys: keys, options: options, shares: shares)
            }
            let all = try scored([])
            for index in prepared.names.indices where estimate.categories[index].share > 0 {
                let without = try scored([index])
                gains[index] += (without.slack - all.slack) / all.slack / 2
                ratios[index] += (without.slack / without.merged - all.slack / all.merged) / (all.slack / all.merged) / 2
            }
        }
        return (gains, ratios)
    }
}
