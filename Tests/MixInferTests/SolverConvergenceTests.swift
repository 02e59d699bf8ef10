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

/// The accelerations of the lazy constraint generation must not move the optimum.
final class SolverConvergenceTests: XCTestCase {
    /// Transcripts of 4 Samples categories under the HF fixture tokenizer (real text, 600 merges), made once.
    private static let shared = Result<(transcripts: [Transcript], keys: [UInt64]), Error> {
        let model = try TokenizerModel.load(Repo.hfFixture + "/tokenizer.json")
        let (_, infer) = try sampleHalves(["de", "en", "fr", "python"])
        let words = try RunCounting.countWords(infer, tokenizer: model, sampleBytes: 60_000)
        return (Replayer.replay(words, model: model, steps: 600), model.merges.prefix(600).map(\.pairKey))
    }

    func problem() throws -> (transcripts: [Transcript], keys: [UInt64]) { try Self.shared.get() }

    func testSeedingWithTheFinalRowsOfAnotherSolveReachesTheSameOptimumInFewerRounds() throws {
        let (transcripts, all) = try problem()
        let keys = Array(all.prefix(250))
        let full = try MixtureSolver.solve(transcripts: transcripts, mergeKeys: keys)
        XCTAssertEqual(full.finalConstraints.count, full.finalRows)
        XCTAssertEqual(full.finalConstraints, full.finalConstraints.sorted())
        // Like a bootstrap replicate: half of the steps left out, so some seeds do not apply; two name nothing.
        var options = SolverOptions()
        options.constrainedSteps = keys.indices.map { $0 % 2 == 0 }
        let cold = try MixtureSolver.solve(transcripts: transcripts, mergeKeys: keys, options: options)
        options.seedConstraints = full.finalConstraints
            + [ConstraintKey(step: keys.count + 5, pair: keys[0]), ConstraintKey(step: 4, pair: 0xDEAD_BEEF)]
        let warm = try MixtureSolver.solve(transcripts: transcripts, mergeKeys: keys, options: options)
        XCTAssertEqual(warm.objective, cold.objective, accuracy: 1e-6 * cold.objective)
        for (a, b) in zip(warm.shares, cold.shares) { XCTAssertEqual(a, b, accuracy: 1e-3) }
        XCTAssertLessThan(warm.rounds, cold.rounds)
        XCTAssertTrue(warm.finalConstraints.allSatisfy { $0.step % 2 == 0 })
    }

    func testStabilisedAndBatchedSolvesReachThePlainCuttingPlaneOptimum() throws {
        let (transcripts, keys) = try problem()
        var plain = SolverOptions()
        plain.stabilization = 0
        plain.maxPerRound = .max
        let reference = try MixtureSolver.solve(transcripts: transcripts, mergeKeys: keys, options: plain)
        XCTAssertGreaterThan(reference.objective, 0)
        XCTAssertEqual(reference.lowerBound, reference.objective, accuracy: 1e-9 * reference.objective)
        var variants: [SolverOptions] = [SolverOptions()]
        variants.append({ var o = SolverOptions(); o.stabilization = 0.5; o.maxPerRound = 200; return o }())
        variants.append({ var o = SolverOptions(); o.stabilization = 0; o.maxPerRound = 50; return o }())
        for options in variants {
            let solution = try MixtureSolver.solve(transcripts: transcripts, mergeKeys: keys, options: options)
            XCTAssertEqual(solution.objective, reference.objective, accuracy: 1e-6 * reference.objective)
            for (a, b) in zip(solution.shares, reference.shares) { XCTAssertEqual(a, b, accuracy: 1e-3) }
        }
    }

    func testGapToleranceStopsEarlyWithTheOptimumBetweenItsBounds() throws {
        let (transcripts, keys) = try problem()
        let exact = try MixtureSolver.solve(transcripts: transcripts, mergeKeys: keys)
        var options = SolverOptions()
        options.gapTolerance = 0.05
        let loose = try MixtureSolver.solve(transcripts: transcripts, mergeKeys: keys, options: options)
        XCTAssertLessThan(loose.rounds, exact.rounds)
        XCTAssertLessThanOrEqual(loose.objective - loose.lowerBound, 0.05 * loose.objective)
        XCTAssertLessThanOrEqual(loose.lowerBound, exact.objective * (1 + 1e-9))
        XCTAssertGreaterThanOrEqual(loose.objective, exact.objective * (1 - 1e-9))
    }

    func testSweepCutIntoConcurrentSegmentsFindsWhatOneSegmentFinds() throws {
        let (transcripts, keys) = try problem()
        let space = PairSpace(transcripts: transcripts, mergeKeys: keys)
        let scale = transcripts.map { 1e6 / Double($0.bytes) }
        let alpha = [0.1, 0.2, 0.3, 0.4]
        let stepSlack = (0..<space.steps).map { Double($0 % 3) }
        let pairSlack = (0..<space.pairCount).map { Double($0 % 5) * 0.5 }
        var results: [(found: [ViolationSweep.Found], covering: [Double])] = []
        for segments in [1, 3] {
            var sweep = ViolationSweep(space: space, scale: scale)
            sweep.segmentCount = segments
            sweep.firstStep = 7
            let found = sweep.run(alpha: alpha, stepSlack: stepSlack, pairSlack: pairSlack, existing: [])
            results.append((found, sweep.coveringStepSlack))
        }
        let (one, three) = (results[0], results[1])
        XCTAssertFalse(one.found.isEmpty)
        XCTAssertEqual(one.found.map(\.violation.step), three.found.map(\.violation.step))
        for (a, b) in zip(one.found, three.found) { XCTAssertEqual(a.excess, b.excess, accuracy: 1e-9 * max(1, abs(a.excess))) }
        for (a, b) in zip(one.covering, three.covering) { XCTAssertEqual(a, b, accuracy: 1e-9 * max(1, abs(a))) }
        XCTAssertEqual(Array(one.covering.prefix(7)), Array(stepSlack.prefix(7)))
    }

    func testCoveringPointOfASweepViolatesNoConstraint() throws {
        let (transcripts, keys) = try problem()
        let space = PairSpace(transcripts: transcripts, mergeKeys: keys)
        let scale = transcripts.map { 1e6 / Double($0.bytes) }
        var sweep = ViolationSweep(space: space, scale: scale)
        let alpha = [0.1, 0.2, 0.3, 0.4]
        let noSlack = [Double](repeating: 0, count: space.steps)
        let pairSlack = [Double](repeating: 0, count: space.pairCount)
        let found = sweep.run(alpha: alpha, stepSlack: noSlack, pairSlack: pairSlack, existing: [])
        XCTAssertFalse(found.isEmpty)
        let covering = sweep.coveringStepSlack
        XCTAssertEqual(sweep.upperBound, covering.reduce(0, +), accuracy: 1e-9 * sweep.upperBound)
        XCTAssertGreaterThan(sweep.upperBound, 0)
        let again = sweep.run(alpha: alpha, stepSlack: covering, pairSlack: pairSlack, existing: [])
        XCTAssertTrue(again.isEmpty, "\(again.count) constraints violated at the covering point")
        XCTAssertEqual(sweep.upperBound, covering.reduce(0, +), accuracy: 1e-9 * covering.reduce(0, +))
    }
}
