import XCTest
@testable import MixInferTokenizers
@testable import MixInferCorpus
@testable import MixInferInference
@testable import MixInfer
@testable import MixInferResearch

/// The research harness's per-candidate statistics (`evaluate --study-presence`) on real text.
final class PresenceStudyTests: XCTestCase {
    func testRemovalCostIsTheRiseOfTheOptimumWhenTheCategoryIsHeldAtZero() throws {
        let model = try TokenizerModel.load(Repo.hfFixture + "/tokenizer.json")
        // The fixture's tokenizer saw de, en and python, never es.
        let (_, infer) = try sampleHalves(["de", "en", "python", "es"])
        var request = InferenceRequest(tokenizer: .model(model, name: "test"), categories: .categories(infer))
        request.merges = 150
        request.presence = false
        request.intervals = true
        let prepared = try Inference.prepare(request, model: model)
        let estimate = try Inference.estimate(prepared.model, names: prepared.names, words: prepared.words,
                                              request: prepared.request)
        let stats = try PresenceStudy.stats(prepared, estimate: estimate)
        // The same LP solved to its optimum with and without each category, independently of the study.
        var exact = prepared.request
        exact.intervals = false
        exact.baselines = false
        exact.solver.gapTolerance = 1e-5
        func optimum(without excluded: Set<Int>) throws -> Double {
            var request = exact
            request.solver.excludedCategories = excluded
            return try Inference.estimate(prepared.model, names: prepared.names, words: prepared.words, request: request)
                .solution.objective
        }
        let full = try optimum(without: [])
        var tested = 0
        for (index, stat) in stats.enumerated() {
            guard stat.share > 0 else {
                XCTAssertEqual(stat.removalCost, 0, stat.name)
                continue
            }
            tested += 1
            XCTAssertEqual(stat.removalCost, try optimum(without: [index]) / full - 1, accuracy: 0.003, stat.name)
        }
        XCTAssertGreaterThanOrEqual(tested, 3, "\(stats.map { ($0.name, $0.share) })")
        let costs = Dictionary(uniqueKeysWithValues: stats.map { ($0.name, $0.removalCost) })
        XCTAssertGreaterThan(costs["en"]!, PresenceDecision.minimumRemovalCost, "a category of the training data")
    }
}
