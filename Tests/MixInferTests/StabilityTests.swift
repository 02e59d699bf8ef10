import XCTest
@testable import MixInfer

final class StabilityTests: XCTestCase {
    func testSplitHalfEstimatesAreValidSharesNearTheFullEstimate() throws {
        let model = try MixInfer.loadTokenizer(Repo.hfFixture + "/tokenizer.json")
        let (_, infer) = try sampleHalves(["de", "en", "python"])
        var options = InferenceOptions(merges: 500)
        options.stability = true
        let estimate = try MixInfer.infer(tokenizer: model, categories: infer, options: options)
        XCTAssertEqual(estimate.splitHalves.count, 2)
        for half in estimate.splitHalves {
            XCTAssertEqual(half.reduce(0, +), 1, accuracy: 1e-9)
            for (a, b) in zip(half, estimate.shares) { XCTAssertEqual(a, b, accuracy: 0.1) }
        }
        XCTAssertNotEqual(estimate.splitHalves[0], estimate.splitHalves[1], "halves are estimated from different text")
    }

    func testStabilityNeedsTwoDocumentsPerCategory() throws {
        let dir = try TemporaryDirectory()
        try dir.write("a/one.txt", "Only one document here, with some words.\n")
        try dir.write("b/one.txt", "Nur ein Dokument hier, mit einigen Wörtern.\n")
        var options = InferenceOptions(merges: 50)
        options.stability = true
        XCTAssertThrowsError(try MixInfer.infer(tokenizer: MixInfer.loadTokenizer(Repo.hfFixture + "/tokenizer.json"),
                                                categories: Category.discover(in: dir.path), options: options)) {
            XCTAssertTrue("\($0)".contains("2 documents"), "\($0)")
        }
    }
}
