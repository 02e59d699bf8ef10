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

/// Bootstrap intervals: they contain the truth of a ground-truth fixture, and keep the output deterministic.
final class IntervalTests: XCTestCase {
    func testIntervalsOfTheHuggingFaceFixtureContainItsTrueShares() throws {
        let truthData = try Data(contentsOf: URL(fileURLWithPath: Repo.hfFixture + "/truth.json"))
        let truth = try XCTUnwrap((JSONSerialization.jsonObject(with: truthData) as? [String: Any])?["true_shares"] as? [String: Double])
        XCTAssertEqual(truth.keys.sorted(), FixtureRun.categories)
        let estimate = try FixtureRun.estimate()
        for category in estimate.categories {
            let interval = try XCTUnwrap(category.interval, category.name)
            XCTAssertLessThanOrEqual(interval.low, category.share)
            XCTAssertGreaterThanOrEqual(interval.high, category.share)
            XCTAssertLessThan(interval.high - interval.low, 0.15, "\(category.name): \(interval)")
            let trueShare = try XCTUnwrap(truth[category.name])
            XCTAssertTrue(interval.low <= trueShare && trueShare <= interval.high,
                          "\(category.name): truth \(trueShare) outside \(interval) (estimate \(category.share))")
        }
    }

    func testJSONWithIntervalsIsByteIdenticalAcrossRuns() throws {
        let arguments = ["infer", Repo.hfFixture + "/tokenizer.json", "--categories", Repo.samples, "--merges", "100",
                         "--sample-bytes", "30000", "--intervals", "--interval-replicates", "4", "--format", "json", "--no-cache"]
        let first = try runMixinfer(arguments), second = try runMixinfer(arguments)
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertEqual(first.stdout, second.stdout)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(first.stdout.utf8)) as? [String: Any])
        let intervals = try XCTUnwrap(json["intervals"] as? [String: [Double]])
        XCTAssertEqual(intervals.count, 10)
        XCTAssertTrue(intervals.values.allSatisfy { $0.count == 2 && $0[0] <= $0[1] })
        let csv = try runMixinfer(arguments.dropLast(3) + ["--format", "csv", "--no-cache"])
        XCTAssertTrue(csv.stdout.hasPrefix("category,share,detected,upper,low,high\n"), csv.stdout)
    }

    func testFileUnitGivesNoIntervalWhereACategoryHasOneFileAndSaysSo() throws {
        let directory = try TemporaryDirectory()
        for name in ["de", "en"] {
            let texts = try (0..<3).map {
                String(try String(contentsOfFile: Repo.samples + "/\(name)/\(String(format: "%03d", $0)).txt", encoding: .utf8).prefix(8000))
            }
            for (index, text) in texts.enumerated() {
                try directory.write("split/\(name)/\(index).txt", text)
                if name == "de" { try directory.write("joined/de/\(index).txt", text) }
            }
            if name == "en" { try directory.write("joined/en/all.txt", texts.joined()) }
        }
        func run(_ folder: String) throws -> [String: Any] {
            let result = try runMixinfer(["infer", Repo.hfFixture + "/tokenizer.json", "--categories", directory.file(folder),
                                          "--merges", "60", "--intervals", "--interval-unit", "file",
                                          "--interval-replicates", "4", "--format", "json", "--no-cache"])
            XCTAssertEqual(result.status, 0, result.stderr)
            return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        }
        let split = try run("split")
        XCTAssertEqual(split["interval_unit"] as? String, "file")
        XCTAssertEqual((split["intervals"] as? [String: [Double]])?.keys.sorted(), ["de", "en"])
        XCTAssertFalse((split["warnings"] as? [[String: Any]] ?? []).contains { $0["code"] as? String == "no_intervals" })
        // en's text in one file: de still gets an interval, en none, and the warning says so.
        let joined = try run("joined")
        XCTAssertEqual((joined["intervals"] as? [String: [Double]])?.keys.sorted(), ["de"])
        let warning = try XCTUnwrap((joined["warnings"] as? [[String: Any]])?.first { $0["code"] as? String == "no_intervals" })
        XCTAssertTrue((warning["message"] as? String ?? "").contains("no interval for 1 of 2 categories (en)"), "\(warning)")
    }

    func testACategoryHeldAtZeroKeepsItsWholeSampleInEveryReplicate() throws {
        var request = InferenceRequest(tokenizer: Repo.hfFixture + "/tokenizer.json", categories: Repo.samples)
        (request.merges, request.sampleBytes, request.intervals, request.cache) = (100, 30000, true, nil)
        let model = try Inference.loadTokenizer(request.tokenizer)
        let prepared = try Inference.prepare(request, model: model)
        let estimate = try Inference.run(request, model: model)
        let parts = try XCTUnwrap(prepared.parts)
        let held = try XCTUnwrap(estimate.excludedCategories.min(), "the fixture's tokenizer never saw some samples")
        // The same sample as one part: nothing left to redraw. A category held at 0 is not redrawn either way.
        var joined = parts
        joined[held] = [WordCounts(summing: parts[held])]
        func draws(_ blocks: [[WordCounts]]) throws -> [[Double]] {
            try BootstrapIntervals.replicateShares(model, blockCounts: blocks, estimate: estimate, request: prepared.request,
                                                   replicates: 4, halfOfTheMerges: true)
        }
        let shares = try draws(parts)
        XCTAssertEqual(shares, try draws(joined))
        XCTAssertTrue(shares.allSatisfy { $0[held] == 0 })
        XCTAssertGreaterThan(Set(shares.map { $0.map { ($0 * 1e6).rounded() } }).count, 1, "replicates differ")
    }

    func testResamplingPartsKeepsEveryWordOfTheDrawnPartsAndTheirBytes() {
        let a = WordCounts(words: [(Array("ab".utf8), 2), (Array("c".utf8), 1)], bytes: 10)
        let b = WordCounts(words: [(Array("c".utf8), 3)], bytes: 7)
        let table = PartTable([a, b])
        var random = SeededRandom(seed: 3)
        for _ in 0..<20 {
            let replicate = table.resample(using: &random)
            let weightOfA = Int64(replicate.bytes - 14) / 3  // bytes = 10·wa + 7·wb with wa + wb = 2
            XCTAssertTrue([14, 17, 20].contains(replicate.bytes), "\(replicate.bytes)")
            XCTAssertEqual(replicate.totalWords, 3 * weightOfA + 3 * (2 - weightOfA))
        }
    }
}
