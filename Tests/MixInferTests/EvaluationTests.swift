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

final class EvaluationTests: XCTestCase {
    func testControlledEvaluationRecoversThreeCategoryMixturesAndBeatsBaselines() throws {
        var options = smallEvaluation(trials: 2, n: 3, totalBytes: 300_000, merges: 800)
        options.seed = 42
        let report = try Evaluation.run(categories: Category.discover(in: Repo.samples), options: options)
        XCTAssertEqual(report.trials.count, 2)
        for trial in report.trials {
            XCTAssertEqual(trial.categories.count, 3)
            XCTAssertEqual(trial.truth.reduce(0, +), 1, accuracy: 1e-9)
            let ours = try XCTUnwrap(trial.estimates.first { $0.method == "mixinfer" })
            XCTAssertLessThanOrEqual(ours.accuracy.maxAbsoluteError, 0.02, "\(trial.categories) \(trial.truth) \(ours.shares)")
            for estimate in trial.estimates { XCTAssertEqual(estimate.shares.reduce(0, +), 1, accuracy: 1e-9) }
        }
        let ours = report.summary("mixinfer").meanMSE
        for baseline in ["TEE", "TC", "uniform"] {
            XCTAssertLessThan(ours * 10, report.summary(baseline).meanMSE, "mixinfer should beat \(baseline) by 10×")
        }
    }

    func testEvaluationWithIntervalsScoresHowOftenTheyHoldTheTruth() throws {
        var options = smallEvaluation(trials: 1, n: 2, totalBytes: 200_000, merges: 200)
        options.intervals = true
        let report = try Evaluation.run(categories: Category.discover(in: Repo.samples), options: options)
        let trial = report.trials[0]
        let intervals = trial.intervals.compactMap { $0 }
        XCTAssertEqual(intervals.count, 2)
        let inside = zip(intervals, trial.truth).filter { $0.0.low - 1e-12 <= $0.1 && $0.1 <= $0.0.high + 1e-12 }.count
        let summary = try XCTUnwrap(report.intervalSummary)
        XCTAssertEqual(summary.coverage, Double(inside) / 2, accuracy: 1e-12)
        XCTAssertEqual(summary.meanWidth, intervals.map { $0.high - $0.low }.reduce(0, +) / 2, accuracy: 1e-12)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(Report.json(report, options: options).utf8)) as? [String: Any])
        XCTAssertEqual((json["intervals"] as? [String: Any])?["coverage"] as? Double, summary.coverage)
    }

    func testAbsentCandidatesAreThePresentOnesCloseRelativesFirstAndNeverInTheMixture() {
        var random = SeededRandom(seed: 3)
        let pool = ["bs", "c", "cpp", "de", "fr", "hr", "pt", "pt-pt", "sr", "zh"]
        let picked = AbsentCandidates.pick(4, present: ["hr", "pt"], pool: pool, using: &random)
        XCTAssertEqual(picked.count, 4)
        XCTAssertTrue(Set(["bs", "sr", "pt-pt"]).isSubset(of: picked), "\(picked)")
        XCTAssertFalse(picked.contains("hr") || picked.contains("pt"))
        var again = SeededRandom(seed: 3)
        XCTAssertEqual(AbsentCandidates.pick(4, present: ["hr", "pt"], pool: pool, using: &again), picked)
        XCTAssertEqual(AbsentCandidates.pick(2, present: ["hr", "pt"], pool: pool, using: &again).count, 2)
    }

    func testAbsentCandidatesAreOfferedAndScoredAgainstThePresentOnlyLP() throws {
        var options = smallEvaluation(trials: 2, n: 2, totalBytes: 200_000, merges: 300)
        options.absent = 3
        let report = try Evaluation.run(categories: Category.discover(in: Repo.samples), options: options)
        let plain = try Evaluation.run(categories: Category.discover(in: Repo.samples), options: { var o = options; o.absent = 0; return o }())
        for (trial, reference) in zip(report.trials, plain.trials) {
            XCTAssertEqual(trial.categories, reference.categories, "the mixtures do not depend on --absent")
            XCTAssertEqual(trial.truth, reference.truth)
            let absent = try XCTUnwrap(trial.absent)
            XCTAssertEqual(absent.names.count, 3)
            XCTAssertTrue(Set(absent.names).isDisjoint(with: trial.categories))
            let ours = try XCTUnwrap(trial.estimates.first { $0.method == "mixinfer" }).shares
            XCTAssertEqual(ours.reduce(0, +) + absent.shares.reduce(0, +), 1, accuracy: 1e-9)
            // The present-only reference is the plain run of the same trial.
            let alone = try XCTUnwrap(reference.estimates.first { $0.method == "mixinfer" }).shares
            for (a, b) in zip(absent.presentOnly, alone) { XCTAssertEqual(a, b, accuracy: 1e-9) }
        }
        let summary = try XCTUnwrap(report.absentSummary)
        let shares = report.trials.map { $0.absent!.shares.reduce(0, +) }
        XCTAssertEqual(summary.absentShare, shares.reduce(0, +) / 2, accuracy: 1e-12)
        XCTAssertGreaterThan(summary.large, 0)
        XCTAssertNil(plain.absentSummary)
    }

    func testAMissedPresentCategoryCountsAsUnderItsUpperBoundOnlyWhenItsTruthIsAtOrBelowIt() throws {
        // Four present categories: a kept, b and c missed (b's truth under its stated bound, c's above), d under 1 %.
        let truth = [0.6, 0.05, 0.04, 0.005], shares = [0.9, 0.0, 0.0, 0.0]
        var trial = TrialResult(categories: ["a", "b", "c", "d"], truth: truth,
                                estimates: [("mixinfer", shares, Accuracy(estimate: shares, truth: truth))])
        var absent = AbsentOutcome(names: ["x"], shares: [0.1], presentOnly: truth, objective: 1)
        absent.upper = [nil, 0.06, 0.03, 0.001]
        trial.absent = absent
        let summary = try XCTUnwrap(EvaluationReport(trials: [trial]).absentSummary)
        XCTAssertEqual(summary.large, 3)
        XCTAssertEqual(summary.largeKept, 1)
        XCTAssertEqual(summary.missedUnderUpper, 1)
        let json = Report.json(EvaluationReport(trials: [trial]), options: EvaluationOptions())
        XCTAssertTrue(json.contains("\"upper\": {\"b\": 0.06, \"c\": 0.03, \"d\": 0.001}"), json)
        XCTAssertTrue(json.contains("\"large_missed_under_upper\": 1"), json)
    }

    func testTokenClassificationGivesEachCategoryTheTokensMostFrequentInIt() {
        // Two "categories" with disjoint alphabets: every merge belongs to exactly one of them.
        var interner = TokenInterner.byteLevel()
        let rules = [("a", "b"), ("x", "y"), ("ab", "c")].map { left, right in
            MergeRule(left: interner.id(Array(left.utf8)), right: interner.id(Array(right.utf8)),
                      result: interner.id(Array((left + right).utf8)))
        }
        let model = TokenizerModel(tokenBytes: interner.tokenBytes, externalIds: [], merges: rules,
                                   initialSymbols: .bytes(byteIds: (0..<256).map { UInt32($0) }), normalizer: .none,
                                   pretokenizer: .none, format: .mixinferTrained, vocabularySize: 259)
        let words = [WordCounts(words: [(Array("abc".utf8), 3), (Array("ab".utf8), 1)], bytes: 11),
                     WordCounts(words: [(Array("xy".utf8), 4)], bytes: 8)]
        let tokens = Baselines.tokenCounts(words, model: model, steps: 3)
        XCTAssertEqual(Baselines.tokenClassification(words: words, tokenCounts: tokens, model: model, steps: 3), [2.0 / 3, 1.0 / 3])
        // Bytes per token: 11 bytes in 4 tokens (gain 1.75) and 8 bytes in 4 tokens (gain 1).
        let tee = Baselines.encodingEfficiency(words: words, tokenCounts: tokens)
        XCTAssertEqual(tee[0], 1.75 / 2.75, accuracy: 1e-12)
        XCTAssertEqual(tee[1], 1 / 2.75, accuracy: 1e-12)
    }

    func testDirichletDrawsAreOnTheSimplexAndReproducible() {
        var a = SeededRandom(seed: 5), b = SeededRandom(seed: 5)
        for _ in 0..<20 {
            let draw = a.dirichlet(count: 4)
            XCTAssertEqual(draw.reduce(0, +), 1, accuracy: 1e-12)
            XCTAssertTrue(draw.allSatisfy { $0 > 0 })
            XCTAssertEqual(draw, b.dirichlet(count: 4))
        }
    }
}
