import XCTest
@testable import MixInferSupport
@testable import MixInferPretokenize
@testable import MixInferTokenizers
@testable import MixInferCorpus
@testable import MixInferReplay
@testable import MixInferSolve
@testable import MixInferInference
@testable import MixInfer
@testable import MixInferBatch
@testable import MixInferResearch

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
    private func realTranscripts(steps: Int = 400) throws -> (transcripts: [Transcript], keys: [UInt64]) {
        let model = try TokenizerModel.load(Repo.hfFixture + "/tokenizer.json")
        let (_, infer) = try sampleHalves(["de", "en", "python"])
        let words = try RunCounting.countWords(infer, tokenizer: model, sampleBytes: 60_000)
        return (Replayer.replay(words, model: model, steps: steps), model.merges.prefix(steps).map(\.pairKey))
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

    func testLazyGenerationReachesTheOptimumOfTheWholeLPWrittenOut() throws {
        let (transcripts, keys) = try realTranscripts(steps: 60)
        let lazy = try MixtureSolver.solve(transcripts: transcripts, mergeKeys: keys)
        let whole = try wholeLP(transcripts, keys)
        XCTAssertGreaterThan(whole.rows, 1000, "the whole LP should be far larger than the lazy one")
        XCTAssertLessThan(lazy.constraints, whole.rows)
        XCTAssertGreaterThan(whole.objective, 0)
        XCTAssertEqual(lazy.objective, whole.objective, accuracy: 1e-7 * whole.objective)
        for (a, b) in zip(lazy.shares, whole.shares) { XCTAssertEqual(a, b, accuracy: 1e-4) }
    }

    func testAnExcludedCategoryStaysAtZeroOverTheSameConstraints() throws {
        let (transcripts, keys) = try realTranscripts(steps: 60)
        var options = SolverOptions()
        options.excludedCategories = [1]
        let lazy = try MixtureSolver.solve(transcripts: transcripts, mergeKeys: keys, options: options)
        XCTAssertEqual(lazy.shares[1], 0)
        let whole = try wholeLP(transcripts, keys, excluded: 1)
        XCTAssertEqual(lazy.objective, whole.objective, accuracy: 1e-7 * whole.objective)
        XCTAssertGreaterThan(lazy.objective, try MixtureSolver.solve(transcripts: transcripts, mergeKeys: keys).objective)
        // Dropping the category's counts instead also drops the merges only its sample holds: another LP.
        XCTAssertEqual(lazy.missingMerges, try MixtureSolver.solve(transcripts: transcripts, mergeKeys: keys).missingMerges)
    }

    func testASolveFromTheKeptLPReachesTheColdSolvesOptimumWithAFewMoreCategoriesAtZero() throws {
        let (transcripts, keys) = try realTranscripts(steps: 60)
        let space = PairSpace(transcripts: transcripts, mergeKeys: keys)
        let full = try MixtureSolver.solveKeepingLP(transcripts: transcripts, space: space, options: SolverOptions())
        XCTAssertGreaterThan(full.lp.constraintCount, 0)
        for excluded: Set<Int> in [[0], [1], [2], [0, 2]] {
            var options = SolverOptions()
            options.excludedCategories = excluded
            let cold = try MixtureSolver.solve(transcripts: transcripts, mergeKeys: keys, options: options)
            let warm = try MixtureSolver.solveKeepingLP(transcripts: transcripts, space: space, options: options, from: full.lp)
            XCTAssertEqual(warm.solution.objective, cold.objective, accuracy: 1e-7 * cold.objective, "excluding \(excluded)")
            XCTAssertGreaterThan(warm.solution.objective, full.solution.objective * (1 + 1e-6))
            for category in excluded { XCTAssertEqual(warm.solution.shares[category], 0) }
            // And a chain: from the LP that already holds one category at 0.
            if excluded.count == 2 {
                options.excludedCategories = [0]
                let first = try MixtureSolver.solveKeepingLP(transcripts: transcripts, space: space, options: options, from: full.lp)
                options.excludedCategories = excluded
                let chained = try MixtureSolver.solveKeepingLP(transcripts: transcripts, space: space, options: options, from: first.lp).solution
                XCTAssertEqual(chained.objective, cold.objective, accuracy: 1e-7 * cold.objective)
                // From a kept LP that holds a category at 0, a solve that offers it again (and holds another at 0).
                options.excludedCategories = [2]
                let offered = try MixtureSolver.solveKeepingLP(transcripts: transcripts, space: space, options: options, from: first.lp).solution
                let coldWithout2 = try MixtureSolver.solve(transcripts: transcripts, mergeKeys: keys, options: options)
                XCTAssertEqual(offered.objective, coldWithout2.objective, accuracy: 1e-7 * coldWithout2.objective)
                XCTAssertGreaterThan(offered.shares[0], 0)
            }
        }
    }

    func testAShareFloorGivesTheWholeLPsOptimumWithThatShareAtLeastTheFloorColdOrFromTheKeptLP() throws {
        let (transcripts, keys) = try realTranscripts(steps: 60)
        let space = PairSpace(transcripts: transcripts, mergeKeys: keys)
        let full = try MixtureSolver.solveKeepingLP(transcripts: transcripts, space: space, options: SolverOptions())
        for category in transcripts.indices {
            let plain = full.solution.shares[category]
            for alpha in [plain / 2, min(0.9, plain + 0.25)] {
                var options = SolverOptions()
                options.shareFloor = .init(category: category, alpha: alpha)
                let whole = try wholeLP(transcripts, keys, floor: options.shareFloor)
                let cold = try MixtureSolver.solve(transcripts: transcripts, mergeKeys: keys, options: options)
                let warm = try MixtureSolver.solveKeepingLP(transcripts: transcripts, space: space, options: options, from: full.lp).solution
                // And from an LP that held the category at 0 (a presence decision's last one).
                var without = SolverOptions()
                without.excludedCategories = [category]
                let held = try MixtureSolver.solveKeepingLP(transcripts: transcripts, space: space, options: without, from: full.lp)
                let offered = try MixtureSolver.solveKeepingLP(transcripts: transcripts, space: space, options: options, from: held.lp).solution
                for solved in [cold, warm, offered] {
                    XCTAssertEqual(solved.objective, whole.objective, accuracy: 1e-7 * whole.objective, "floor \(alpha) on #\(category)")
                    XCTAssertGreaterThanOrEqual(solved.shares[category], alpha - 1e-9)
                    XCTAssertEqual(solved.shares.reduce(0, +), 1, accuracy: 1e-9)
                }
                if alpha < plain {
                    XCTAssertEqual(cold.objective, full.solution.objective, accuracy: 1e-7 * cold.objective, "a floor under the share binds nothing")
                } else {
                    XCTAssertGreaterThan(cold.objective, full.solution.objective * (1 + 1e-6))
                }
            }
        }
    }

    /// The LP of docs/method.md with every constraint written out, built from the transcripts alone (not from the
    /// solver's pair index) and solved by GLPK in one go, one row per constraint. A constraint all of whose
    /// coefficients are ≥ 0 holds at any α ≥ 0 with zero slack, so only the others are written.
    private func wholeLP(_ transcripts: [Transcript], _ keys: [UInt64], excluded: Int? = nil,
                         floor: SolverOptions.ShareFloor? = nil) throws -> (objective: Double, shares: [Double], rows: Int) {
        let n = transcripts.count
        // An excluded category's share is 0: its column is left out of every row (its counts still make a merge occur).
        let scale = transcripts.indices.map { $0 == excluded ? 0 : 1e6 / Double(transcripts[$0].bytes) }
        let lp = try LinearProgram()
        _ = try lp.addColumns(objective: [Double](repeating: 0, count: n))
        _ = try lp.addRow(columns: Array(0..<n), coefficients: (0..<n).map { $0 == excluded ? 0 : 1 }, atLeast: 1, equality: true)
        if let floor { _ = try lp.addRow(columns: [floor.category], coefficients: [1], atLeast: floor.alpha) }
        var stepColumn: [Int: Int] = [:], pairColumn: [UInt64: Int] = [:], rows = 0
        var counts = transcripts.map { $0.counts(afterSteps: 0) }
        for (step, merged) in keys.enumerated() {
            defer {
                for (category, transcript) in transcripts.enumerated() {
                    for change in transcript.changes(at: step) {
                        counts[category][transcript.changeKeys[change]] = transcript.changeCounts[change]
                    }
                }
            }
            let mergedCounts = counts.map { $0[merged] ?? 0 }
            guard mergedCounts.contains(where: { $0 > 0 }) else { continue }
            for pair in Set(counts.flatMap(\.keys)).sorted() where pair != merged {
                let coefficients = (0..<n).map { scale[$0] * Double(mergedCounts[$0] - (counts[$0][pair] ?? 0)) }
                guard coefficients.contains(where: { $0 < 0 }) else { continue }
                let v = try stepColumn[step] ?? lp.addColumns(objective: [1])
                stepColumn[step] = v
                let w = try pairColumn[pair] ?? lp.addColumns(objective: [1])
                pairColumn[pair] = w
                _ = try lp.addRow(columns: Array(0..<n) + [v, w], coefficients: coefficients + [1, 1], atLeast: 0)
                rows += 1
            }
        }
        // On some of these badly scaled LPs one simplex method stops at a point that breaks Σα = 1 or the floor
        // although GLPK calls it optimal; the answer is taken from a method whose point keeps them.
        func feasible(_ values: [Double]) -> Bool {
            abs(values[..<n].reduce(0, +) - 1) < 1e-6 && floor.map { values[$0.category] >= $0.alpha - 1e-6 } ?? true
        }
        var values: [Double] = []
        for method in [lp.solve, lp.solvePrimal] {
            XCTAssertEqual(try method().outcome, .optimal)
            values = try lp.values(count: lp.columnCount)
            if feasible(values) { break }
        }
        XCTAssertTrue(feasible(values), "neither simplex method solved the whole LP")
        return (values[n...].reduce(0, +), Array(values[..<n]), rows)
    }

    func testEmptyInputIsAnErrorNotACrash() {
        XCTAssertThrowsError(try MixtureSolver.solve(transcripts: [], mergeKeys: [])) { error in
            XCTAssertEqual(error as? SolverError, .noCategories)
        }
    }
}
