import XCTest
@testable import MixInfer

final class EvaluationTests: XCTestCase {
    func testControlledEvaluationRecoversThreeCategoryMixturesAndBeatsBaselines() throws {
        var options = smallEvaluation(trials: 2, n: 3, totalBytes: 300_000, merges: 800)
        options.seed = 42
        let report = try Evaluation.run(categories: MixInfer.loadCategories(Repo.samples), options: options)
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

    func testEvaluationWithIntervalsAlsoScoresTheBootstrapEstimators() throws {
        var options = smallEvaluation(trials: 1, n: 2, totalBytes: 200_000, merges: 200)
        options.intervals = true
        let report = try Evaluation.run(categories: MixInfer.loadCategories(Repo.samples), options: options)
        XCTAssertEqual(report.methodsPresent, EvaluationReport.methods + ["bagged", "bias-corrected"])
        XCTAssertEqual([EvaluationReport.bootstrapMethods.bagged, EvaluationReport.bootstrapMethods.biasCorrected],
                       ["bagged", "bias-corrected"])
        for method in ["bagged", "bias-corrected"] {
            let estimate = try XCTUnwrap(report.trials[0].estimates.first { $0.method == method })
            XCTAssertEqual(estimate.shares.reduce(0, +), 1, accuracy: 1e-9)
            XCTAssertTrue(Report.json(report, options: options).contains("\"\(method)\": {\"mean_mse\""))
        }
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
