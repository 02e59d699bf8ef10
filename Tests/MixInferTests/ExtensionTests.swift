import Foundation
import XCTest
@testable import MixInfer

/// Inferring only from the merges a tokenizer added to a base it extends.
final class ExtensionTests: XCTestCase {
    func testConstraintsStartAtTheFirstStepButCountsIncludeEarlierMerges() throws {
        // Base: a tokenizer trained on German only; extension: continues on a German + Python mixture.
        let (train, infer) = try sampleHalves(["de", "python"])
        let run = try TrainingRun.train(categories: train, mixture: Mixture(parsing: "de=0.5,python=0.5"),
                                        totalBytes: 200_000, vocabularySize: 256 + 600)
        let estimate = try MixInferTests.infer(run.model, infer, merges: 200) { $0.window = .from(400) }
        XCTAssertEqual(estimate.mergesUsed, 200)
        XCTAssertEqual(estimate.solution.stepsUsed, 200)
        XCTAssertTrue(estimate.solution.missingMerges.allSatisfy { $0 >= 400 })
        XCTAssertTrue(estimate.solution.stepSlack.allSatisfy { $0.step >= 400 })
        XCTAssertThrowsError(try MixInferTests.infer(run.model, infer, merges: 200) { $0.window = .from(600) })
    }

    func testLlama3IsDetectedAsExtendingCl100kAndInfersFromItsOwnMerges() throws {
        let path = try TokenizerCache.path("llama3.tiktoken.model")
        let result = try runMixinfer(["infer", path, "--categories", Repo.samples, "--extension-only", "--merges", "100",
                                         "--sample-bytes", "100000", "--format", "json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(json["merges_used"] as? Int, 100)
        let noBase = try runMixinfer(["infer", Repo.hfFixture + "/tokenizer.json", "--categories", Repo.samples, "--extension-only"])
        XCTAssertNotEqual(noBase.status, 0)
        XCTAssertTrue(noBase.stderr.contains("no known base"), noBase.stderr)
    }
}
