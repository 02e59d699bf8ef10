import XCTest
@testable import MixInfer

final class BiasCorrectionTests: XCTestCase {
    func testCorrectionIsTwiceTheWholeMinusTheMeanOfTheHalvesClippedAndRenormalised() {
        let moved = BiasCorrection.corrected(whole: [0.5, 0.3, 0.2], halves: [(0.6, 0.5), (0.3, 0.2), (0.1, 0.3)])
        for (value, expected) in zip(moved, [0.45, 0.35, 0.2]) { XCTAssertEqual(value, expected, accuracy: 1e-12) }
        // A share the correction would make negative becomes 0, and the rest are scaled to sum to 1.
        let clipped = BiasCorrection.corrected(whole: [0.8, 0.15, 0.05], halves: [(0.7, 0.7), (0.15, 0.15), (0.15, 0.15)])
        for (value, expected) in zip(clipped, [0.9 / 1.05, 0.15 / 1.05, 0]) { XCTAssertEqual(value, expected, accuracy: 1e-12) }
    }

    func testCorrectedRunMovesTheFixturesSharesAwayFromTheMeanOfItsHalves() throws {
        let reference = try FixtureRun.estimate()
        let halves = reference.categories.compactMap(\.halves)
        XCTAssertEqual(halves.count, reference.categories.count)
        let model = try MixInfer.loadTokenizer(Repo.hfFixture + "/tokenizer.json")
        let corrected = try MixInferTests.infer(model, sampleHalves(FixtureRun.categories).infer, merges: FixtureRun.merges) {
            $0.biasCorrection = .halves
        }
        XCTAssertEqual(corrected.biasCorrection, .halves)
        let expected = BiasCorrection.corrected(whole: reference.shares, halves: halves)
        XCTAssertGreaterThan(zip(expected, reference.shares).map { abs($0 - $1) }.max() ?? 0, 1e-4,
                             "the halves differ from the whole, so the correction moves the shares")
        for (index, category) in corrected.categories.enumerated() {
            XCTAssertEqual(category.uncorrectedShare ?? -1, reference.shares[index], accuracy: 1e-9, category.name)
            XCTAssertEqual(category.share, expected[index], accuracy: 1e-9, category.name)
        }
        XCTAssertEqual(corrected.shares.reduce(0, +), 1, accuracy: 1e-12)
        let json = Report.json(corrected, tokenizer: "fixture")
        XCTAssertTrue(json.contains("\"bias_correction\": \"halves\"") && json.contains("\"uncorrected_shares\": {"), json)
        XCTAssertTrue(Report.table(corrected, tokenizer: "fixture").contains("bias-corrected"))
        XCTAssertTrue(Report.json(reference, tokenizer: "fixture").contains("\"bias_correction\": \"none\""))
    }

    func testBiasCorrectionNeedsTwoDocumentsPerCategoryAndNamesTheOneWithout() throws {
        let dir = try TemporaryDirectory()
        try dir.write("a/one.txt", "One document here, with some words.\n")
        try dir.write("a/two.txt", "Another document, with more words.\n")
        try dir.write("b/one.txt", "Nur ein Dokument hier, mit einigen Wörtern.\n")
        XCTAssertThrowsError(try MixInferTests.infer(MixInfer.loadTokenizer(Repo.hfFixture + "/tokenizer.json"),
                                                     Category.discover(in: dir.path), merges: 50) { $0.biasCorrection = .halves }) {
            XCTAssertEqual(($0 as? InvalidSetting)?.field, .biasCorrection)
            XCTAssertTrue("\($0)".contains("2 documents") && "\($0)".contains("'b'"), "\($0)")
        }
    }

    func testBiasCorrectionRefusesSavedCounts() {
        var request = InferenceRequest(tokenizer: .file("t.json"), categories: .counts("counts.bin"))
        request.biasCorrection = .halves
        XCTAssertThrowsError(try request.validate()) { XCTAssertEqual(($0 as? InvalidSetting)?.field, .biasCorrection) }
    }

    func testHalvesNeedTheCategoryTextAndTheErrorNamesTheSettingThatAskedForThem() throws {
        let model = try MixInfer.loadTokenizer(Repo.hfFixture + "/tokenizer.json")
        let words = [WordCounts(words: [(Array("hello world".utf8), 3)], bytes: 33),
                     WordCounts(words: [(Array("hallo welt".utf8), 2)], bytes: 20)]
        for (stability, correction, field) in [(true, BiasCorrection.none, RequestField.stability),
                                               (false, .halves, .biasCorrection)] {
            var request = InferenceRequest(tokenizer: .model(model, name: "test"), categories: .words(names: ["a", "b"], words))
            request.merges = 20
            request.stability = stability
            request.biasCorrection = correction
            XCTAssertThrowsError(try Inference.run(request)) { XCTAssertEqual(($0 as? InvalidSetting)?.field, field) }
        }
    }

    func testInferringFromTheTrainingTextItselfRecoversTheMixtureExactly() throws {
        var options = smallEvaluation(trials: 2, n: 3, totalBytes: 200_000, merges: 150)
        options.inferFromTrainingText = true
        let report = try Evaluation.run(categories: MixInfer.loadCategories(Repo.samples), options: options)
        XCTAssertEqual(report.trials.count, 2)
        for trial in report.trials {
            let mse = try XCTUnwrap(trial.estimates.first { $0.method == "mixinfer" }).accuracy.mse
            XCTAssertLessThan(mse, 1e-20, "the LP is exact when the sample is the training text: \(trial.truth)")
        }
        var held = options
        held.inferFromTrainingText = false
        let heldOut = try Evaluation.run(categories: MixInfer.loadCategories(Repo.samples), options: held)
        XCTAssertGreaterThan(heldOut.summary("mixinfer").meanMSE, 1e-12, "held-out text has sampling noise")
        options.biasCorrection = .halves
        XCTAssertThrowsError(try Evaluation.run(categories: MixInfer.loadCategories(Repo.samples), options: options))
    }
}
