import XCTest
@testable import MixInfer

final class StabilityTests: XCTestCase {
    func testSplitHalfEstimatesAreValidSharesNearTheFullEstimate() throws {
        let estimate = try FixtureRun.estimate()
        let halves = estimate.categories.compactMap(\.halves)
        XCTAssertEqual(halves.count, estimate.categories.count)
        let splitHalves = [halves.map(\.first), halves.map(\.second)]
        for half in splitHalves {
            XCTAssertEqual(half.reduce(0, +), 1, accuracy: 1e-9)
            for (a, b) in zip(half, estimate.shares) { XCTAssertEqual(a, b, accuracy: 0.1) }
        }
        XCTAssertNotEqual(splitHalves[0], splitHalves[1], "halves are estimated from different text")
    }

    func testStabilityNeedsTwoDocumentsPerCategory() throws {
        let dir = try TemporaryDirectory()
        try dir.write("a/one.txt", "Only one document here, with some words.\n")
        try dir.write("b/one.txt", "Nur ein Dokument hier, mit einigen Wörtern.\n")
        XCTAssertThrowsError(try MixInferTests.infer(MixInfer.loadTokenizer(Repo.hfFixture + "/tokenizer.json"),
                                                     Category.discover(in: dir.path), merges: 50) { $0.stability = true }) {
            XCTAssertTrue("\($0)".contains("2 documents"), "\($0)")
        }
    }
}
