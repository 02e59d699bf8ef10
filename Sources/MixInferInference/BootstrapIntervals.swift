import Foundation
import MixInferSupport
import MixInferTokenizers
import MixInferCorpus
import MixInferReplay
import MixInferSolve

/// Intervals for the shares from a bootstrap over documents: each category's sample is dealt into `blocks` parts
/// (documents in turn, or whole files with `IntervalUnit.file`); a replicate redraws as many parts with replacement
/// in every category, leaves a random half of the merge steps unconstrained, is replayed and solved again (starting
/// with the rows of the full estimate's final LP, to a 5 % gap), and the replicates' root-mean-square distance from
/// the estimate gives its interval: share ± z·rms·√(G/(G−1)), with G the sample's non-empty parts, clipped to [0, 1].
/// It measures how much the answer depends on which documents the samples hold and which merges are constrained,
/// and the bias that noise causes — not a shift between the samples and the training data.
/// Coverage and width on ground truth: docs/evaluation.md ("Intervals").
package enum BootstrapIntervals {
    /// Parts each sample is dealt into.
    package static let blocks = 20
    /// The interval's level, and its normal quantile.
    package static let level = 0.9
    static let z = 1.6449
    /// Replicates are solved to this gap at least: 5 % instead of 1 % left coverage and width on ground truth as
    /// they were, and the intervals cost less (docs/performance.md, "`--intervals`").
    static let replicateGap = 0.05

    /// Whether a sample's parts give the bootstrap something to resample: two or more hold text.
    static func resamples(_ parts: [WordCounts]) -> Bool { parts.filter { $0.bytes > 0 }.count >= 2 }

    /// The interval of every category (in the order of `blockCounts`), or nil where a sample has fewer than two
    /// non-empty parts (its counts then stay as they are in every replicate, so the other intervals leave its
    /// sampling noise out); then the interval of every group of `groups` (their members' indices).
    static func intervals(_ model: TokenizerModel, blockCounts: [[WordCounts]], estimate: MixtureEstimate,
                          request: InferenceRequest, replicates: Int, groups: [[Int]] = [],
                          seed: UInt64 = 1) throws -> (categories: [(low: Double, high: Double)?], groups: [(low: Double, high: Double)?]) {
        guard blockCounts.contains(where: resamples), replicates >= 2 else {
            return (blockCounts.map { _ in nil }, groups.map { _ in nil })
        }
        let draws = try replicateShares(model, blockCounts: blockCounts, estimate: estimate, request: request,
                                        replicates: replicates, halfOfTheMerges: true, seed: seed)
        let parts = blockCounts.map { $0.filter { $0.bytes > 0 }.count }
        let categories = estimate.categories.indices.map { index -> (low: Double, high: Double)? in
            guard resamples(blockCounts[index]) else { return nil }
            return interval(of: [index], draws: draws, share: estimate.categories[index].share, parts: parts[index])
        }
        let intervals = groups.map { members -> (low: Double, high: Double)? in
            let resampled = members.filter { resamples(blockCounts[$0]) }
            guard !resampled.isEmpty else { return nil }
            let share = members.map { estimate.categories[$0].share }.reduce(0, +)
            return interval(of: members, draws: draws, share: share, parts: resampled.map { parts[$0] }.min()!)
        }
        return (categories, intervals)
    }

    /// The interval of the summed share of `members` around `share`: the replicates' root-mean-square distance from
    /// it — their spread and their offset (the bootstrap's estimate of the bias) together, which raised coverage on
    /// ground truth (docs/evaluation.md) — times z·√(G/(G−1)). A bootstrap over G parts sees (G − 1)/G of the
    /// variance a sample of G parts has; the factor removes that bias, large for the few documents of a small sample.
    static func interval(of members: [Int], draws: [[Double]], share: Double, parts: Int) -> (low: Double, high: Double) {
        let squares = draws.map { (draw: [Double]) -> Double in
            let sum = members.map { draw[$0] }.reduce(0, +)
            return (sum - share) * (sum - share)
        }.reduce(0, +)
        let groups = Double(parts)
        let half = z * (squares / Double(draws.count - 1) * groups / (groups - 1)).squareRoot()
        return (max(0, share - half), min(1, share + half))
    }

    /// The shares of `replicates` bootstrap replicates: each redraws every sample's parts with replacement (with
    /// `halfOfTheMerges`, also leaves a random half of the merge steps unconstrained), is replayed and solved
    /// again, starting with the rows of the estimate's final LP, to a 5 % gap; the categories the estimate holds at
    /// 0 keep their whole sample. Replicates run in parallel; the result does not depend on how many.
    /// `request.progress` receives intervals events: the replicates solved.
    package static func replicateShares(_ model: TokenizerModel, blockCounts: [[WordCounts]], estimate: MixtureEstimate,
                                        request: InferenceRequest, replicates: Int, halfOfTheMerges: Bool,
                                        seed: UInt64 = 1) throws -> [[Double]] {
        var solver = request.solver
        solver.seedConstraints = estimate.solution.finalConstraints
        solver.excludedCategories = estimate.excludedCategories
        solver.gapTolerance = max(solver.gapTolerance, replicateGap)
        solver.trace = nil
        solver.progress = nil
        solver.dumpPath = nil
        let steps = estimate.firstMerge + estimate.mergesUsed
        let keys = model.merges.prefix(steps).map(\.pairKey)
        // Categories held at 0 keep their whole sample, replayed once: their counts only say which merges occur.
        let held = blockCounts.indices.filter { solver.excludedCategories.contains($0) }
        let heldTranscripts = Dictionary(uniqueKeysWithValues: zip(held, Replayer.replay(
            held.map { WordCounts(summing: blockCounts[$0]) }, model: model, steps: steps)))
        let tables = blockCounts.indices.filter { heldTranscripts[$0] == nil }
            .map { PartTable(blockCounts[$0].filter { $0.bytes > 0 }) }
        let ticker = ProgressTicker.events(.intervals, unit: .count("replicates"), total: replicates, to: request.progress)
        defer { ticker?.finish() }
        return try concurrentTryMap(replicates) { replicate in
            var random = SeededRandom(seed: seed &+ UInt64(replicate) &* 0x9E37_79B9)
            let words = tables.map { $0.resample(using: &random) }
            var options = solver
            if halfOfTheMerges { options.constrainedSteps = (0..<steps).map { _ in Bool.random(using: &random) } }
            var redrawn = Replayer.replay(words, model: model, steps: steps).makeIterator()
            let transcripts = blockCounts.indices.map { heldTranscripts[$0] ?? redrawn.next()! }
            let shares = try MixtureSolver.solve(transcripts: transcripts, mergeKeys: keys, options: options).shares
            ticker?.advance(1)
            return shares
        }
    }

}

/// A sample's parts aligned on the union of their words, so that a replicate is a weighted sum of count vectors.
struct PartTable {
    let union: WordCounts
    let counts: [[Int64]]
    let bytes: [Int]

    init(_ parts: [WordCounts]) {
        let union = WordCounts(summing: parts)
        self.union = union
        bytes = parts.map(\.bytes)
        counts = parts.map { part in
            var aligned = [Int64](repeating: 0, count: union.count)
            var position = 0
            for index in 0..<part.count {
                let word = part.word(index)
                while !union.word(position).elementsEqual(word) { position += 1 }
                aligned[position] = part.counts[index]
            }
            return aligned
        }
    }

    /// One bootstrap replicate: as many parts as the sample has, drawn with replacement (words counted 0 times left out).
    func resample(using random: inout SeededRandom) -> WordCounts {
        var times = [Int64](repeating: 0, count: counts.count)
        for _ in counts.indices { times[Int.random(in: 0..<counts.count, using: &random)] += 1 }
        var total = [Int64](repeating: 0, count: union.count)
        for (part, weight) in zip(counts, times) where weight > 0 {
            for index in total.indices { total[index] += weight * part[index] }
        }
        var words = WordCounts(bytes: zip(bytes, times).map { $0 * Int($1) }.reduce(0, +))
        for index in total.indices where total[index] > 0 {
            words.arena.append(contentsOf: union.word(index))
            words.starts.append(words.arena.count)
            words.counts.append(total[index])
        }
        return words
    }
}
