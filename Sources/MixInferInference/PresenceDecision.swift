import Foundation
import MixInferCorpus
import MixInferReplay
import MixInferSolve
import MixInferSupport

/// Which candidate categories the samples show in the training data (`InferenceRequest.presence`).
///
/// The LP pays every candidate that helps it meet a few noisy constraints a little share. A category of the
/// training data explains merges no other category does, so holding its share at 0 raises the optimal total slack
/// markedly; a category the tokenizer never saw only trims noise, and holding it at 0 costs little. So the
/// categories are tested one by one, smallest share first (backward elimination): the LP is solved again with the
/// category's share held at 0 as well as those of the categories already left out, over the same constraints
/// (from a copy of the LP kept in GLPK, the full solve's or the last accepted test's, with its basis, first probed at
/// that LP's answer rescaled), just far enough for its bounds to show which side of `(1 + minimumRemovalCost) ×`
/// the current optimum the new optimum lies
/// (`SolverOptions.decisionBound`), a bound never above `(1 + maximumTotalCost) ×` the full LP's optimum. Below,
/// the category is not detected, and the new optimum is the current one.
/// A category of share 0 is not tested: the optimum does not need it. With many candidates, the longest run of the
/// smallest that can go together within the tolerance is found first by bisection, and goes as one step. After a
/// pass, the shares are solved again without the categories left out, and a category that now holds a share is
/// tested in the next pass.
///
/// Where a category held at 0 gave most of its share to one other category at a small cost, and that one can in
/// turn be held at 0 at as small a cost while the first is offered again, the samples cannot tell the two apart:
/// both are kept, and reported as confusable. The thresholds and their effect on ground truth: docs/estimators.md,
/// "Present or absent".
package enum PresenceDecision {
    /// Leaving out a category not detected raises the optimum (with those left out before it) by less than this
    /// fraction.
    package static let minimumRemovalCost = 0.02
    /// Leaving out all the categories not detected raises the full LP's optimum by less than this fraction: many
    /// categories that each trim a little of the slack can together explain much of it (a multilingual tokenizer's
    /// languages), and the tests stop before they take it away.
    package static let maximumTotalCost = 0.1
    /// A category that gave at least this fraction of its share to one other category when held at 0 is tested
    /// for being confusable with it...
    package static let substitution = 0.6
    /// ...if holding it at 0 raised the optimum by less than this fraction: the other can then be held at 0 instead
    /// for as little, or they are told apart.
    package static let confusableCost = 0.1

    /// A test gets at most as many LP rounds as the full solve took (and this many at least): a warm test that
    /// needs more is moving the answer far, and the category is kept, reported as undecided. A safety net for
    /// solves that converge slowly (Gemma × 117 categories), never reached on the protocol's runs.
    package static let minimumTestRounds = 100

    /// Whether presence can be decided for a run: its LP reached its optimum (within the gap asked), and its merges
    /// are the tokenizer's own from the start. An extension's merges hardly act on the categories its base already
    /// compresses (`docs/method.md`, "Normalisation"), so holding one at 0 says little about its presence; and a
    /// stopped LP has no optimum to compare with.
    package static func applies(_ prepared: PreparedRun, _ solution: MixtureSolution) -> Bool {
        prepared.request.solver.firstStep == 0 && !solution.hitTimeLimit && !solution.hitRoundLimit
    }

    /// What the decision found: the categories not detected (by index), the pairs the samples cannot tell apart,
    /// and the estimate solved without the categories not detected.
    package struct Outcome: Sendable {
        package var excluded: Set<Int>
        package var confusable: [[Int]]
        /// Categories kept because their test reached its round limit undecided.
        package var undecided: [Int]
        /// With `InferenceRequest.proveBounds`: per category not detected, the byte share it stays under (`upperBounds`).
        package var upper: [Int: Double] = [:]
        package var estimate: MixtureEstimate
    }

    /// Tests every category of `estimate` (solved over `prepared`'s counts) that holds a share, then those the
    /// solve without the categories left out gives a share to (at most `passes` rounds of this).
    /// `start`: what the solve of `estimate` left in GLPK.
    package static func decide(_ prepared: PreparedRun, estimate: MixtureEstimate, start: Start,
                               passes: Int = 2) throws -> Outcome {
        let problem = Problem(prepared, estimate: estimate, start: start)
        let ticker = ProgressTicker.events(.presence, unit: .count("tests"),
                                           total: estimate.shares.filter { $0 > 0 }.count, to: prepared.request.progress)
        defer { ticker?.finish() }
        var excluded: Set<Int> = [], tested: Set<Int> = [], undecided: [Int] = []
        var current = estimate
        var optimum = estimate.solution.objective
        var gave: [Int: Int] = [:]
        let ceiling = optimum * (1 + maximumTotalCost)
        /// How much the next removal may raise the current optimum, as a fraction of it.
        func threshold() -> Double { min(minimumRemovalCost, ceiling / optimum - 1) }
        for _ in 0..<passes where optimum > 0 {
            let shares = current.shares
            var order = shares.indices.filter { shares[$0] > 0 && !tested.contains($0) }.sorted { (shares[$0], $0) < (shares[$1], $1) }
            guard !order.isEmpty else { break }
            if !tested.isEmpty { ticker?.extend(by: order.count) }
            // Many candidates: first the longest run of the smallest that can go together, as one step.
            let run = try droppable(order, problem: problem, excluded: excluded, against: optimum, threshold: threshold())
            if run.indices.count > 1 {
                excluded.formUnion(run.indices)
                tested.formUnion(run.indices)
                ticker?.advance(run.indices.count)
                optimum = run.objective
                order.removeFirst(run.indices.count)
            }
            for index in order where shares.count - excluded.count > 1 && threshold() > 0 {
                tested.insert(index)
                ticker?.advance(1)
                let test = try problem.solve(excluding: excluded.union([index]), against: optimum, threshold: threshold())
                let gains = shares.indices.map { $0 == index ? 0 : test.shares[$0] - shares[$0] }
                if let partner = gains.indices.max(by: { gains[$0] < gains[$1] }), gains[partner] >= substitution * shares[index],
                   test.solution.lowerBound < optimum * (1 + confusableCost) {
                    gave[index] = partner
                }
                if test.undecided { undecided.append(index) }
                guard !test.raises else { continue }
                excluded.insert(index)
                optimum = test.solution.objective
                problem.keep(test)
            }
            current = try problem.refit(excluding: excluded)
            optimum = current.solution.objective
        }
        let confusable = try confusablePairs(gave, problem: problem, excluded: &excluded, shares: current.shares,
                                             optimum: optimum, ticker: ticker)
        if !confusable.isEmpty { current = try problem.refit(excluding: excluded) }
        // A category the solve gives nothing is not detected, unless the samples cannot tell it from its partner.
        let paired = Set(confusable.joined())
        excluded.formUnion(current.shares.indices.filter { current.shares[$0] <= 0 && !paired.contains($0) })
        var outcome = Outcome(excluded: excluded, confusable: confusable, undecided: undecided.filter { !excluded.contains($0) },
                              estimate: current)
        if prepared.request.proveBounds {
            outcome.upper = try upperBounds(excluded, problem: problem, optimum: current.solution.objective, ticker: ticker)
        }
        return outcome
    }

    /// The pairs of `gave` (a category and the one it gave most of its share to when held at 0) that the samples
    /// cannot tell apart: kept, the category passed its test; left out, it cost nothing; either way, can the partner
    /// go instead, its share going mostly to this one? (A category that substitutes for many, as a mix of them does,
    /// is not confusable with each.) A category of a confusable pair that was left out is offered again (removed
    /// from `excluded`), and the tests after it see it offered. The tests run `swapTestsAtOnce` at a time, in
    /// order: all but the first of a batch are speculative, and when one passes, those after it are tested again.
    static func confusablePairs(_ gave: [Int: Int], problem: Problem, excluded: inout Set<Int>, shares: [Double],
                                optimum: Double, ticker: ProgressTicker?) throws -> [[Int]] {
        typealias Swap = (index: Int, partner: Int)
        let tests: [Swap] = gave.sorted { $0.key < $1.key }.filter { !excluded.contains($0.value) && shares[$0.value] > 0 }
            .map { ($0.key, $0.value) }
        ticker?.extend(by: tests.count)
        func pair(_ swap: Swap) -> [Int] { [min(swap.index, swap.partner), max(swap.index, swap.partner)] }
        func passes(_ swap: Swap, left: Set<Int>) throws -> Bool {
            defer { ticker?.advance(1) }
            let swapped = left.subtracting([swap.index]).union([swap.partner])
            let threshold = left.contains(swap.index) ? minimumRemovalCost : confusableCost
            let test = try problem.solve(excluding: swapped, against: optimum, threshold: threshold)
            let before = left.contains(swap.index) ? 0 : shares[swap.index]
            return !test.raises && test.shares[swap.index] - before >= substitution * shares[swap.partner]
        }
        var pairs: [[Int]] = []
        var position = 0
        while position < tests.count {
            let batch = Array(tests.indices[position...].filter { !pairs.contains(pair(tests[$0])) }.prefix(swapTestsAtOnce))
            guard let last = batch.last else { break }
            let left = excluded
            // Each test's LP copy is made and released on its own thread (GLPK's memory is per thread).
            let passed = try concurrentTryMap(batch.count) { try passes(tests[batch[$0]], left: left) }
            position = last + 1
            if let first = passed.firstIndex(of: true) {
                pairs.append(pair(tests[batch[first]]))
                excluded.remove(tests[batch[first]].index)
                position = batch[first] + 1
                ticker?.extend(by: batch.count - 1 - first)
            }
        }
        return pairs
    }

    /// Swap tests run at once (`confusablePairs`), each on its own copy of a kept LP (Gemma × 118 categories: peak
    /// RSS 3.3 GB against 2.1 GB one at a time).
    package static let swapTestsAtOnce = 2

    /// Above this many candidates, the smallest are first tried in runs (`droppable`).
    package static let runTestsFrom = 8

    /// The longest run of the first categories of `order` (the smallest shares) that can be held at 0 together
    /// within `threshold` of `optimum` (bisection on the run's length, a few solves instead of one per
    /// category), with the optimum without them; no run with fewer than `runTestsFrom` candidates.
    static func droppable(_ order: [Int], problem: Problem, excluded: Set<Int>, against optimum: Double,
                          threshold: Double) throws -> (indices: [Int], objective: Double) {
        guard order.count > runTestsFrom, threshold > 0 else { return ([], optimum) }
        var low = 0, high = order.count - 1, objective = optimum   // runs up to `low` can go, beyond `high` cannot
        while low < high {
            let middle = (low + high + 1) / 2
            let test = try problem.solve(excluding: excluded.union(order.prefix(middle)), against: optimum, threshold: threshold)
            if test.raises { high = middle - 1 } else { low = middle; objective = test.solution.objective; problem.keep(test) }
        }
        return (Array(order.prefix(low)), objective)
    }

    /// What a run's full solve leaves for the decision to start from: its replay, the pair space over it and the
    /// final LP kept in GLPK (made, used and released on the run's thread).
    package struct Start {
        let transcripts: [Transcript]
        let space: PairSpace
        let lp: WarmLP
    }

    /// A run's counts replayed once, solved again and again with some categories held at 0, each time from a copy
    /// of an LP kept in GLPK: the last accepted removal's when the new test holds its categories at 0 too, else
    /// the full solve's.
    final class Problem {
        let prepared: PreparedRun
        let estimate: MixtureEstimate
        let transcripts: [Transcript]
        let space: PairSpace
        private let full: Kept
        private var latest: Kept
        /// LP rounds a test may take (`minimumTestRounds`).
        let roundLimit: Int

        /// An LP kept in GLPK and where its answer lies: a test starting from it is first probed there, rescaled
        /// without the categories it tests.
        private struct Kept {
            let lp: WarmLP
            let shares: [Double]
            let pairSlack: [UInt64: Double]

            init(_ lp: WarmLP, _ solution: MixtureSolution) {
                self.lp = lp
                shares = solution.shares
                pairSlack = Dictionary(solution.pairSlack.map { ($0.pair, $0.slack) }, uniquingKeysWith: +)
            }
        }

        init(_ prepared: PreparedRun, estimate: MixtureEstimate, start: Start) {
            self.prepared = prepared
            self.estimate = estimate
            roundLimit = prepared.request.presenceTestRounds ?? max(minimumTestRounds, estimate.solution.rounds)
            (transcripts, space) = (start.transcripts, start.space)
            full = Kept(start.lp, estimate.solution)
            latest = full
        }

        /// A test that went through: later tests that hold its categories at 0 start from its LP.
        func keep(_ test: Test) { latest = Kept(test.lp, test.solution) }

        /// `WarmLP.floorLine(category:)` of the latest LP kept (the estimate's, once the decision is done).
        func latestLine(category: Int) throws -> (at: Double, value: Double, slope: Double)? {
            try latest.lp.floorLine(category: category)
        }

        private func start(excluding excluded: Set<Int>) -> Kept {
            latest.lp.excluded.isSubset(of: excluded) ? latest : full
        }

        /// The solver's settings for a solve with the `excluded` categories held at 0.
        func options(excluding excluded: Set<Int>) -> SolverOptions {
            var options = prepared.request.solver
            options.excludedCategories = excluded
            options.trace = nil
            options.dumpPath = nil
            options.progress = nil
            return options
        }

        /// The estimate solved to its optimum with the `excluded` categories held at 0 (its LP kept as the latest).
        func refit(excluding excluded: Set<Int>) throws -> MixtureEstimate {
            guard !excluded.isEmpty else { return estimate }
            var request = prepared.request
            request.solver = options(excluding: excluded)
            request.progress = nil
            request.baselines = false
            let (solution, lp) = try MixtureSolver.solveKeepingLP(transcripts: transcripts, space: space, options: request.solver,
                                                                  from: start(excluding: excluded).lp)
            latest = Kept(lp, solution)
            return try Inference.estimate(prepared.model, names: prepared.names, words: prepared.words, request: request,
                                          transcripts: transcripts, solved: solution)
        }

        /// A solve with some categories held at 0: whether its optimum exceeds the bound asked, the shares it
        /// reached, and its LP.
        struct Test {
            /// The optimum exceeds the bound, or the test is undecided (the category is then kept).
            var raises: Bool
            var undecided: Bool
            var shares: [Double]
            var solution: MixtureSolution
            var lp: WarmLP
        }

        /// The LP with the `excluded` categories held at 0 (and with a `floor` under one share), solved until its
        /// bounds show whether its optimum exceeds `(1 + threshold) × optimum` (`raises`); from the latest LP kept
        /// when `fromLatest` (it may hold categories at 0 that this one offers again).
        func solve(excluding excluded: Set<Int>, against optimum: Double, threshold: Double = minimumRemovalCost,
                   floor: SolverOptions.ShareFloor? = nil, fromLatest: Bool = false) throws -> Test {
            var options = options(excluding: excluded)
            options.shareFloor = floor
            let bound = optimum * (1 + threshold)
            options.decisionBound = bound
            options.maxRounds = roundLimit
            let from = fromLatest ? latest : start(excluding: excluded)
            // First probe: the answer of the LP it starts from with these categories at 0, the others rescaled.
            let kept = from.shares.indices.map { excluded.contains($0) ? 0 : from.shares[$0] }
            let total = kept.reduce(0, +)
            if total > 0 { options.startingPoint = .init(shares: kept.map { $0 / total }, pairSlack: from.pairSlack) }
            let (solution, lp) = try MixtureSolver.solveKeepingLP(transcripts: transcripts, space: space, options: options,
                                                                  from: from.lp)
            let undecided = solution.hitRoundLimit && solution.lowerBound < bound && solution.objective > bound
            return Test(raises: solution.lowerBound >= bound || undecided, undecided: undecided, shares: solution.relaxedShares,
                        solution: solution, lp: lp)
        }
    }
}
