import Foundation
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

/// Tokenizers trained on known mixtures, inferred from disjoint text of the same categories.
final class GroundTruthTests: XCTestCase {
    func testRecoversOwnTrainerThreeCategoryMixtureWithinTwoPercent() throws {
        let names = ["en", "de", "python"]
        let (train, infer) = try sampleHalves(names)
        let run = try TrainingRun.train(
            categories: train, mixture: Mixture(parsing: "en=0.5,de=0.3,python=0.2"),
            totalBytes: 504_000, vocabularySize: 256 + 3000)
        XCTAssertEqual(run.model.merges.count, 3000)
        let estimate = try MixInferTests.infer(run.model, infer, merges: 3000)
        let truth = Dictionary(uniqueKeysWithValues: run.trueShares.map { ($0.name, $0.share) })
        let error = maxAbsoluteError(estimate, truth: truth)
        print("own trainer: truth \(truth) estimate \(estimate.ranked.map { "\($0.name)=\(String(format: "%.4f", $0.share))" }) max error \(error)")
        XCTAssertLessThanOrEqual(error, 0.02)
        XCTAssertEqual(estimate.shares.reduce(0, +), 1, accuracy: 1e-9)
    }

    func testRecoversHuggingFaceTrainedFourCategoryMixtureWithinTwoPercent() throws {
        let truthData = try Data(contentsOf: URL(fileURLWithPath: Repo.hfFixture + "/truth.json"))
        let truthJSON = try XCTUnwrap(JSONSerialization.jsonObject(with: truthData) as? [String: Any])
        let truth = try XCTUnwrap(truthJSON["true_shares"] as? [String: Double])
        let model = try TokenizerModel.load(Repo.hfFixture + "/tokenizer.json")
        XCTAssertEqual(model.merges.count, truthJSON["merges"] as? Int)
        let (_, infer) = try sampleHalves(truth.keys.sorted())
        let estimate = try MixInferTests.infer(model, infer, merges: 3000)
        let error = maxAbsoluteError(estimate, truth: truth)
        print("HF trainer: truth \(truth) estimate \(estimate.ranked.map { "\($0.name)=\(String(format: "%.4f", $0.share))" }) max error \(error)")
        XCTAssertLessThanOrEqual(error, 0.02)
    }

    func testInferenceOnTheTrainingTextItselfIsNearlyExact() throws {
        // Same text for training and inference: only the LP and replay can be wrong here.
        let (train, _) = try sampleHalves(["en", "fr", "c"])
        let mixture = try Mixture(parsing: "en=0.2,fr=0.3,c=0.5")
        let run = try TrainingRun.train(categories: train, mixture: mixture, totalBytes: 300_000, vocabularySize: 256 + 800)
        let exact = try zip(train, mixture.shares).map { category, share in
            try TemporaryCopy.prefix(of: category, bytes: Int((share.share * 300_000).rounded()))
        }
        let estimate = try MixInferTests.infer(run.model, exact.map(\.category), merges: 800)
        let truth = Dictionary(uniqueKeysWithValues: run.trueShares.map { ($0.name, $0.share) })
        XCTAssertLessThanOrEqual(maxAbsoluteError(estimate, truth: truth), 0.002)
        XCTAssertLessThan(estimate.solution.objective, 1e-3)
    }
}

/// The exact text `TrainingRun` reads from a category, written to a temporary category folder.
struct TemporaryCopy {
    let directory: TemporaryDirectory
    let category: Category

    static func prefix(of category: Category, bytes: Int) throws -> TemporaryCopy {
        let directory = try TemporaryDirectory()
        var files: [String] = []
        try SampleReader(budget: bytes).read(category) { document in
            let name = String(format: "%@/doc%05d.txt", category.name, files.count)
            files.append(try directory.write(name, bytes: Array(document)))
        }
        return TemporaryCopy(directory: directory, category: Category(name: category.name, files: files))
    }
}
