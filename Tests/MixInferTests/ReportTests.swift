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

final class ReportTests: XCTestCase {
    func estimate() -> MixtureEstimate {
        let solution = MixtureSolution(shares: [0.7, 0.3], objective: 1.5, rounds: 2, constraints: 10, finalRows: 4,
                                       stepsUsed: 100, missingMerges: [3], hitRoundLimit: false, stepSlack: [], pairSlack: [])
        return MixtureEstimate(categories: [CategoryEstimate(name: "a<b", share: 0.7, sampleBytes: 10, interval: (0.68, 0.73)),
                                            CategoryEstimate(name: "code", share: 0.3, sampleBytes: 20, interval: (0.25, 0.32))],
                               solution: solution, mergesUsed: 100, normalization: .bytes)
    }

    func testTheTableWritesABoundOnlyWhenItWasProved() {
        var estimate = estimate()
        estimate.categories[1].detected = false
        estimate.categories[1].upper = 0.0123
        let plain = Report.table(estimate, tokenizer: "t")
        XCTAssertTrue(plain.contains("not detected (1; their shares in the paper's LP): code 1.23 %\n"), plain)
        estimate.boundsProved = true
        let proved = Report.table(estimate, tokenizer: "t")
        XCTAssertTrue(proved.contains("not detected (1): code < 1.23 %\n"), proved)
        for index in 2..<12 {
            estimate.categories.append(CategoryEstimate(name: "x\(index)", share: 0, sampleBytes: 1))
            estimate.categories[index].detected = false
            estimate.categories[index].upper = 0.001 * Double(index)
        }
        XCTAssertTrue(Report.table(estimate, tokenizer: "t").contains(", and 3 more below 0.40 %\n"))
        estimate.boundsProved = false
        XCTAssertTrue(Report.table(estimate, tokenizer: "t").contains(", and 3 more of at most 0.40 %\n"))
    }

    func testSVGBarChartEscapesNamesAndDrawsOneBarAndOneErrorBarPerCategory() {
        let svg = SVGReport.bars(estimate(), title: "t & u")
        XCTAssertTrue(svg.hasPrefix("<svg"))
        XCTAssertTrue(svg.contains("a&lt;b") && !svg.contains("a<b"))
        XCTAssertTrue(svg.contains("t &amp; u"))
        XCTAssertEqual(svg.components(separatedBy: "fill=\"#3b6fb6\"").count - 1, 2)
        XCTAssertEqual(svg.components(separatedBy: "stroke=\"#222\"").count - 1, 2)
        XCTAssertTrue(svg.contains("70.00%"))
    }

    func testTableShowsTheCertifiedGapOnlyWhenTheSolveStoppedShortOfTheOptimum() throws {
        var loose = estimate()
        loose.solution.lowerBound = 1.2
        let table = Report.table(loose, tokenizer: "tok.json")
        XCTAssertTrue(table.contains("optimum ≥ 1.2, gap 20%"), table)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(Report.json(loose, tokenizer: "t").utf8)) as? [String: Any])
        XCTAssertEqual(json["lower_bound"] as? Double, 1.2)
        var exact = estimate()
        exact.solution.lowerBound = 1.5
        XCTAssertFalse(Report.table(exact, tokenizer: "tok.json").contains("gap"))
    }

    func testJSONAndCSVAreStableAndComplete() throws {
        let json = Report.json(estimate(), tokenizer: "tok.json")
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        XCTAssertEqual(object["missing_merges"] as? Int, 1)
        XCTAssertEqual((object["intervals"] as? [String: [Double]])?["code"], [0.25, 0.32])
        XCTAssertTrue(json.hasSuffix("}\n") && !json.dropLast().contains("\n"), "one line: \(json)")
        let first = try XCTUnwrap(json.range(of: #""shares": {"a<b": 0.7, "code": 0.3}"#), "shares largest first: \(json)")
        XCTAssertLessThan(first.lowerBound, try XCTUnwrap(json.range(of: "\"merges_used\"")).lowerBound)
        XCTAssertEqual(Report.csv(estimate()), "category,share,detected,upper,low,high\na<b,0.7,true,,0.68,0.73\ncode,0.3,true,,0.25,0.32\n")
    }

    func testLargestSlackIsReportedAsReadableTokenPairsLargestFirst() throws {
        let model = try TokenizerModel.load(Repo.hfFixture + "/tokenizer.json")
        let (_, infer) = try sampleHalves(["de", "python"])
        let estimate = try MixInferTests.infer(model, infer, merges: 300)
        XCTAssertFalse(estimate.largestPairSlack.isEmpty)
        XCTAssertEqual(estimate.largestPairSlack.map(\.slack), estimate.largestPairSlack.map(\.slack).sorted(by: >))
        XCTAssertTrue(estimate.largestPairSlack.allSatisfy { $0.pair.contains("\" + \"") }, "\(estimate.largestPairSlack)")
        XCTAssertEqual(model.describePair(model.merges[0].pairKey),
                       String(decoding: model.mergePairs[0].left, as: UTF8.self).debugDescription + " + "
                       + String(decoding: model.mergePairs[0].right, as: UTF8.self).debugDescription)
    }
}

final class RunRecordTests: XCTestCase {
    func json(_ request: InferenceRequest) throws -> [String: Any] {
        let estimate = try Inference.run(request)
        let object = try JSONSerialization.jsonObject(with: Data(Report.json(estimate, tokenizer: "t").utf8)) as? [String: Any]
        return try XCTUnwrap(object?["run"] as? [String: Any])
    }

    func testJSONRecordsTheVersionSettingsAndAFingerprintOfTheMergesReplayed() throws {
        let model = try TokenizerModel.load(Repo.hfFixture + "/tokenizer.json")
        let categories = try Category.discover(in: Repo.samples).filter { ["de", "en"].contains($0.name) }
        var request = InferenceRequest(tokenizer: .model(model, name: "fixture"), categories: .categories(categories))
        request.merges = 100
        request.sampleBytes = 30_000
        request.presence = false
        request.solver.gapTolerance = 0.01
        let first = try json(request)
        XCTAssertEqual(first["mixinfer"] as? String, Inference.version)
        XCTAssertEqual(first["merges_replayed"] as? Int, 100)
        XCTAssertEqual(first["sample_bytes_limit"] as? Int, 30_000)
        XCTAssertEqual(first["gap"] as? Double, 0.01)
        XCTAssertEqual(first["presence"] as? Bool, false)
        XCTAssertEqual(first["processing"] as? String, CategoryCounts.processingKey(model))
        XCTAssertNil(first["interval_replicates"])
        var decided = request
        decided.presence = true
        XCTAssertEqual(try json(decided)["presence"] as? Bool, true, "the record survives the presence decision")
        // The fingerprint names the merges: the same for the same list, another for one merge more or one changed.
        XCTAssertEqual(try json(request)["merges_fingerprint"] as? String, first["merges_fingerprint"] as? String)
        request.merges = 101
        XCTAssertNotEqual(try json(request)["merges_fingerprint"] as? String, first["merges_fingerprint"] as? String)
        request.merges = 100
        var swapped = model
        swapped.merges.swapAt(10, 11)
        XCTAssertNotEqual(RunRecord(request, model: swapped, mergesReplayed: 100).mergeFingerprint, RunRecord(request, model: model, mergesReplayed: 100).mergeFingerprint)
        XCTAssertEqual(String(RunRecord(request, model: model, mergesReplayed: 100).mergeFingerprint, radix: 16),
                       (first["merges_fingerprint"] as? String)?.replacingOccurrences(of: "fnv1a64:", with: "")
                           .drop { $0 == "0" }.description)
    }
}
