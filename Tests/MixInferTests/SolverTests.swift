import XCTest
@testable import MixInfer

final class SolverTests: XCTestCase {
    /// A transcript over pair keys 1, 2, 3 ... with 1e6 bytes (so LP units equal raw counts).
    func transcript(initial: [UInt64: Int64], steps: [[UInt64: Int64]], merged: [UInt64]) -> Transcript {
        var transcript = Transcript(bytes: 1_000_000, initialPairTotal: max(1, initial.values.reduce(0, +)))
        let sorted = initial.sorted { $0.key < $1.key }
        transcript.initialKeys = sorted.map(\.key)
        transcript.initialCounts = sorted.map(\.value)
        var counts = initial
        for (step, changes) in steps.enumerated() {
            transcript.mergeCounts.append(counts[merged[step]] ?? 0)
            for (key, value) in changes.sorted(by: { $0.key < $1.key }) {
                transcript.changeKeys.append(key)
                transcript.changeCounts.append(value)
                counts[key] = value
            }
            transcript.stepStarts.append(transcript.changeKeys.count)
        }
        return transcript
    }

    func testHandMadeTwoCategoryCaseIsSolvedExactly() throws {
        // Step 1 merges P over Q: 7·αA ≥ 3·αB  ⇒ αA ≥ 0.3.  Step 2 merges Q over R: 3·αB ≥ 7·αA ⇒ αA ≤ 0.3.
        let (p, q, r): (UInt64, UInt64, UInt64) = (1, 2, 3)
        let a = transcript(initial: [p: 7, r: 7], steps: [[p: 0], [:]], merged: [p, q])
        let b = transcript(initial: [q: 3], steps: [[:], [q: 0]], merged: [p, q])
        let solution = try MixtureSolver.solve(transcripts: [a, b], mergeKeys: [p, q])
        XCTAssertEqual(solution.shares[0], 0.3, accuracy: 1e-9)
        XCTAssertEqual(solution.shares[1], 0.7, accuracy: 1e-9)
        XCTAssertEqual(solution.objective, 0, accuracy: 1e-9)
        XCTAssertTrue(solution.missingMerges.isEmpty)
    }

    func testInconsistentCaseNeedsSlackAndStillReturnsValidShares() throws {
        // Q outnumbers the merged P in both categories: no mixture explains step 1.
        let (p, q): (UInt64, UInt64) = (1, 2)
        let a = transcript(initial: [p: 1, q: 5], steps: [[p: 0]], merged: [p])
        let b = transcript(initial: [p: 1, q: 5], steps: [[p: 0]], merged: [p])
        let solution = try MixtureSolver.solve(transcripts: [a, b], mergeKeys: [p])
        XCTAssertEqual(solution.objective, 4, accuracy: 1e-9)
        XCTAssertEqual(solution.shares.reduce(0, +), 1, accuracy: 1e-12)
        XCTAssertTrue(solution.shares.allSatisfy { $0 >= 0 })
    }

    func testMergeFoundInNoSampleIsReportedNotFatal() throws {
        let (p, x): (UInt64, UInt64) = (1, 99)
        let a = transcript(initial: [p: 4], steps: [[:], [p: 0]], merged: [x, p])
        let b = transcript(initial: [p: 2], steps: [[:], [p: 0]], merged: [x, p])
        let solution = try MixtureSolver.solve(transcripts: [a, b], mergeKeys: [x, p])
        XCTAssertEqual(solution.missingMerges, [0])
        XCTAssertEqual(solution.shares.reduce(0, +), 1, accuracy: 1e-12)
    }

    func testPairNormalizationConvertsBackToByteShares() throws {
        let (p, q, r): (UInt64, UInt64, UInt64) = (1, 2, 3)
        let a = transcript(initial: [p: 7, r: 7], steps: [[p: 0], [:]], merged: [p, q])
        let b = transcript(initial: [q: 3], steps: [[:], [q: 0]], merged: [p, q])
        var options = SolverOptions()
        options.normalization = .pairs
        let solution = try MixtureSolver.solve(transcripts: [a, b], mergeKeys: [p, q], options: options)
        XCTAssertEqual(solution.shares.reduce(0, +), 1, accuracy: 1e-12)
        // Per pair the LP finds α = (2/3, 1/3); converted back with bytes/pairs (1e6/14, 1e6/3) that is 0.3 / 0.7.
        XCTAssertEqual(solution.shares[0], 0.3, accuracy: 1e-9)
    }

    func testGLPKWrapperRejectsBadRowsAndReportsInfeasibleAndUnbounded() throws {
        let lp = try LinearProgram()
        try lp.addColumns(objective: [1, 1])
        XCTAssertThrowsError(try lp.addRow(columns: [0, 5], coefficients: [1, 1], atLeast: 0))
        XCTAssertThrowsError(try lp.addRow(columns: [0, 0], coefficients: [1, 1], atLeast: 0))
        XCTAssertThrowsError(try lp.addRow(columns: [0], coefficients: [.nan], atLeast: 0))
        try lp.addRow(columns: [0], coefficients: [1], atLeast: 1)
        try lp.addRow(columns: [0], coefficients: [-1], atLeast: 0)
        XCTAssertEqual(try lp.solve().outcome, .infeasible)

        let unbounded = try LinearProgram()
        try unbounded.addColumns(objective: [-1])
        try unbounded.addRow(columns: [0], coefficients: [1], atLeast: 1)
        XCTAssertEqual(try unbounded.solve().outcome, .unbounded)
    }

    func testStalledSimplexEndsAtTheIterationLimitWithAnErrorNotAHang() throws {
        // A dense covering LP that needs dozens of simplex iterations (deterministic coefficients in [1, 10]).
        func makeLP() throws -> LinearProgram {
            let lp = try LinearProgram()
            try lp.addColumns(objective: [Double](repeating: 1, count: 30))
            for row in 0..<30 {
                let coefficients = (0..<30).map { Double((row * 31 + $0 * 17) % 10 + 1) }
                try lp.addRow(columns: Array(0..<30), coefficients: coefficients, atLeast: Double(row % 7 + 1))
            }
            return lp
        }
        let free = try makeLP()
        let solved = try free.solve()
        XCTAssertEqual(solved.outcome, .optimal)
        XCTAssertGreaterThan(solved.iterations, 4)
        let starved = try makeLP()
        starved.iterationLimit = 1
        XCTAssertThrowsError(try starved.solve()) { error in
            XCTAssertTrue("\(error)".contains("stalling"), "\(error)")
        }
    }

    /// Transcripts of 400 merges of the HF fixture over 60 KB each of real de, en and python text.
    private func realTranscripts() throws -> (transcripts: [Transcript], keys: [UInt64]) {
        let model = try MixInfer.loadTokenizer(Repo.hfFixture + "/tokenizer.json")
        let (_, infer) = try sampleHalves(["de", "en", "python"])
        let words = try MixInfer.countWords(infer, tokenizer: model, sampleBytes: 60_000)
        return (Replayer.replay(words, model: model, steps: 400), model.merges.prefix(400).map(\.pairKey))
    }

    func testMergesTooRareInEverySampleAreLeftUnconstrained() throws {
        let (transcripts, keys) = try realTranscripts()
        let evidence = (0..<400).map { step in transcripts.map { $0.mergeCounts[step] }.max()! }
        var options = SolverOptions()
        options.minMergeCount = 8
        let solution = try MixtureSolver.solve(transcripts: transcripts, mergeKeys: keys, options: options)
        let rare = Set(evidence.indices.filter { evidence[$0] > 0 && evidence[$0] < 8 })
        XCTAssertFalse(rare.isEmpty)
        XCTAssertEqual(solution.rareMerges, rare.count)
        XCTAssertTrue(solution.stepSlack.allSatisfy { !rare.contains($0.step) })
        let all = try MixtureSolver.solve(transcripts: transcripts, mergeKeys: keys)
        XCTAssertEqual(all.rareMerges, 0)
        XCTAssertLessThan(solution.objective, all.objective)
    }

    func testTimeLimitStopsEarlyWithAFeasiblePointAndAValidBracket() throws {
        let (transcripts, keys) = try realTranscripts()
        let exact = try MixtureSolver.solve(transcripts: transcripts, mergeKeys: keys)
        XCTAssertFalse(exact.hitTimeLimit)
        XCTAssertGreaterThan(exact.rounds, 1)
        var options = SolverOptions()
        options.timeLimit = 1e-9
        let early = try MixtureSolver.solve(transcripts: transcripts, mergeKeys: keys, options: options)
        XCTAssertTrue(early.hitTimeLimit)
        XCTAssertEqual(early.rounds, 1)
        // The shares returned are feasible (slack at least the optimum's) and the bound proves no better exists.
        XCTAssertGreaterThanOrEqual(early.objective, exact.objective * (1 - 1e-9))
        XCTAssertLessThanOrEqual(early.lowerBound, exact.objective * (1 + 1e-9))
        XCTAssertEqual(early.shares.reduce(0, +), 1, accuracy: 1e-9)
        options.timeLimit = 0
        XCTAssertThrowsError(try MixtureSolver.solve(transcripts: transcripts, mergeKeys: keys, options: options))
    }

    func testPrimalAndDualFormulationsReachTheSameOptimumOnRealText() throws {
        let (transcripts, keys) = try realTranscripts()
        var options = SolverOptions()
        options.formulation = .primal
        let primal = try MixtureSolver.solve(transcripts: transcripts, mergeKeys: keys, options: options)
        options.formulation = .dual
        let dual = try MixtureSolver.solve(transcripts: transcripts, mergeKeys: keys, options: options)
        XCTAssertGreaterThan(primal.objective, 0)
        XCTAssertEqual(dual.objective, primal.objective, accuracy: 1e-6 * primal.objective)
        for (a, b) in zip(primal.shares, dual.shares) { XCTAssertEqual(a, b, accuracy: 1e-4) }
    }

    func testEmptyInputIsAnErrorNotACrash() {
        XCTAssertThrowsError(try MixtureSolver.solve(transcripts: [], mergeKeys: [])) { error in
            XCTAssertEqual(error as? SolverError, .noCategories)
        }
    }

    /// Rival Q outnumbers the merged P at step 0 and the merged R at step 1 by 4 in both categories: one pair slack
    /// v_Q = 4 or two step slacks of 4 explain it.
    func twoStepsBeatenByOneRival() -> [Transcript] {
        let (p, q, r): (UInt64, UInt64, UInt64) = (1, 2, 3)
        let a = transcript(initial: [p: 1, q: 5, r: 1], steps: [[p: 0], [r: 0]], merged: [p, r])
        return [a, a]
    }

    func testPairSlackWeightPricesPairSlackAgainstStepSlack() throws {
        var options = SolverOptions()
        let cheap = try MixtureSolver.solve(transcripts: twoStepsBeatenByOneRival(), mergeKeys: [1, 3], options: options)
        XCTAssertEqual(cheap.objective, 4, accuracy: 1e-9)
        XCTAssertEqual(cheap.pairSlack.map(\.pair), [2])
        options.pairSlackWeight = 3
        let dear = try MixtureSolver.solve(transcripts: twoStepsBeatenByOneRival(), mergeKeys: [1, 3], options: options)
        XCTAssertEqual(dear.objective, 8, accuracy: 1e-9)
        XCTAssertTrue(dear.pairSlack.isEmpty)
        XCTAssertEqual(dear.stepSlack.map(\.step), [0, 1])
    }

    func testTrimmingSolvesAgainWithoutMergesTheSamplesHardlySupport() throws {
        // Steps 0 and 1 fix αA = 0.3 (as in the hand-made case); at step 2 the merged U (1) trails X (5) in both.
        let (p, q, r, u, x): (UInt64, UInt64, UInt64, UInt64, UInt64) = (1, 2, 3, 4, 5)
        let a = transcript(initial: [p: 7, r: 7, u: 1], steps: [[p: 0], [x: 5], [u: 0]], merged: [p, q, u])
        let b = transcript(initial: [q: 3, u: 1], steps: [[:], [q: 0, x: 5], [u: 0]], merged: [p, q, u])
        var options = SolverOptions()
        options.pairSlackWeight = 3   // so that step 2 takes the slack, not X
        let plain = try MixtureSolver.solve(transcripts: [a, b], mergeKeys: [p, q, u], options: options)
        XCTAssertEqual(plain.objective, 4, accuracy: 1e-9)
        XCTAssertEqual(plain.trimmedMerges, 0)
        options.trimThreshold = 0.5   // step 2's slack is 4 / (4 + 1) = 0.8 of its rival
        let trimmed = try MixtureSolver.solve(transcripts: [a, b], mergeKeys: [p, q, u], options: options)
        XCTAssertEqual(trimmed.trimmedMerges, 1)
        XCTAssertEqual(trimmed.objective, 0, accuracy: 1e-9)
        XCTAssertEqual(trimmed.shares[0], 0.3, accuracy: 1e-9)
        options.trimThreshold = 0.9   // 0.8 is within it: nothing is trimmed
        XCTAssertEqual(try MixtureSolver.solve(transcripts: [a, b], mergeKeys: [p, q, u], options: options).trimmedMerges, 0)
    }

    func testPoissonPricingMakesSlackOnRareCountsDearerThanOnCommonOnes() throws {
        // Step 0's merged pair is seen 100 + 44 times, step 1's 4 + 5; pair Q at most 25 + 0, R at most 9 + 0 times.
        let (p, q, r, s): (UInt64, UInt64, UInt64, UInt64) = (1, 2, 3, 4)
        let a = transcript(initial: [p: 100, q: 25, r: 9, s: 4], steps: [[p: 0], [s: 0]], merged: [p, s])
        let b = transcript(initial: [p: 44, s: 5], steps: [[p: 0], [s: 0]], merged: [p, s])
        let space = PairSpace(transcripts: [a, b], mergeKeys: [p, s])
        let costs = SlackCosts.make(.poisson, space: space, transcripts: [a, b], scale: [1, 1], pairWeight: 1)
        XCTAssertEqual(costs.step[1] / costs.step[0], 12.0 / 3.0, accuracy: 1e-12)   // σ = √144 against √9
        XCTAssertEqual(costs.step.reduce(0, +) / 2, 1, accuracy: 1e-12)
        let pairCost = { (key: UInt64) in costs.pair[space.keys.firstIndex(of: key)!] }
        XCTAssertEqual(pairCost(r) / pairCost(q), 5.0 / 3.0, accuracy: 1e-12)
        XCTAssertEqual(costs.step[0] / pairCost(q), 5.0 / 12.0, accuracy: 1e-12)
        let uniform = SlackCosts.make(.uniform, space: space, transcripts: [a, b], scale: [1, 1], pairWeight: 2)
        XCTAssertEqual(Set(uniform.step), [1])
        XCTAssertEqual(Set(uniform.pair), [2])
    }

    func testWindowsGiveTheMedianOfTheSharesEachWindowGivesAlone() throws {
        let (p, q, r, u, x): (UInt64, UInt64, UInt64, UInt64, UInt64) = (1, 2, 3, 4, 5)
        let a = transcript(initial: [p: 7, r: 7, u: 6], steps: [[p: 0], [x: 5], [u: 0]], merged: [p, q, u])
        let b = transcript(initial: [q: 3, u: 1], steps: [[:], [q: 0, x: 5], [u: 0]], merged: [p, q, u])
        var options = SolverOptions()
        let alone = try (0..<3).map { step -> [Double] in
            options.firstStep = step
            return try MixtureSolver.solve(transcripts: [a, b], mergeKeys: Array([p, q, u].prefix(step + 1)), options: options).shares
        }
        options.firstStep = 0
        options.windows = 3
        let solution = try MixtureSolver.solve(transcripts: [a, b], mergeKeys: [p, q, u], options: options)
        let median = solution.shares
        // The windows' answers add up to one over all steps, each solved to its optimum.
        XCTAssertEqual(solution.stepsUsed, 3)
        XCTAssertFalse(solution.hitRoundLimit)
        let expected = MixtureSolver.normalized((0..<2).map { index in alone.map { $0[index] }.sorted()[1] })
        XCTAssertEqual(median[0], expected[0], accuracy: 1e-9)
        XCTAssertEqual(median[1], expected[1], accuracy: 1e-9)
        XCTAssertNotEqual(alone[0][0], alone[1][0], accuracy: 1e-6, "the windows should disagree for the test to mean something")
    }
}
