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

/// Counting in parallel chunks gives exactly the counts of reading and counting one document after another.
final class ChunkedCountingTests: XCTestCase {
    /// The counts of one thread going through the documents in order, as counting worked before chunks:
    /// document `i` into lane `i % lanes`, one counter per lane.
    func sequentialCounts(_ counting: WordCounting, _ category: Category, lanes: Int) throws -> [WordCounts] {
        let session = counting.pretokenizer.makeSession()
        var counters = Array(repeating: WordCounter(), count: lanes)
        var bytes = Array(repeating: 0, count: lanes), index = 0
        let delivered = try counting.reader.read(category) { document in
            try counting.countDocument(document, session: session, into: &counters[index % lanes])
            bytes[index % lanes] += document.count
            index += 1
        }
        if lanes == 1 { bytes = [delivered] }
        return zip(counters, bytes).map { $0.finish(bytes: $1) }
    }

    /// `counting` with `jobs` threads and chunks of about `chunkBytes`.
    func with(_ counting: WordCounting, jobs: Int, chunkBytes: Int) -> WordCounting {
        var copy = counting
        copy.jobs = jobs
        copy.chunkBytes = chunkBytes
        return copy
    }

    /// A Samples category read as documents of 4 KB (so a category makes about 100 of them) under the Claude
    /// tokenizer's NFKC normalizer and pretokenizer.
    func claudeCounting(budget: Int = 1 << 30) throws -> WordCounting {
        var counting = try RunCounting.wordCounting(TokenizerModel.load(Repo.sampleTokenizer), sampleBytes: budget)
        counting.reader = SampleReader(budget: budget, chunkBytes: 4096)
        return counting
    }

    func testChunkParallelCountingMatchesSequentialCounts() throws {
        let category = try XCTUnwrap(Category.discover(in: Repo.samples).first { $0.name == "en" })
        for counting in [try claudeCounting(), try claudeCounting(budget: 150_000)] {
            let expected = try sequentialCounts(counting, category, lanes: 1)[0]
            XCTAssertGreaterThan(expected.count, 1000)
            for (jobs, chunkBytes) in [(1, 1 << 20), (1, 1), (2, 1), (2, 10_000), (3, 4096), (8, 50_000), (4, 1 << 20)] {
                let counts = try with(counting, jobs: jobs, chunkBytes: chunkBytes).count(category)
                XCTAssertEqual(counts, expected, "jobs \(jobs), chunks of \(chunkBytes) bytes")
            }
        }
    }

    func testChunkParallelHalvesKeepTheAlternatingDocuments() throws {
        let category = try XCTUnwrap(Category.discover(in: Repo.samples).first { $0.name == "python" })
        let counting = try claudeCounting()
        let expected = try sequentialCounts(counting, category, lanes: 2)
        XCTAssertNotEqual(expected[0], expected[1])
        XCTAssertGreaterThan(expected[1].bytes, 0)
        for (jobs, chunkBytes) in [(1, 1), (2, 5000), (4, 4096), (3, 1 << 20)] {
            let halves = try with(counting, jobs: jobs, chunkBytes: chunkBytes).countHalves(category)
            XCTAssertEqual(halves, expected, "jobs \(jobs), chunks of \(chunkBytes) bytes")
        }
    }

    /// What `mixinfer count` writes (and the count cache stores) is the same bytes for any number of threads.
    func testAllSampleCategoriesEncodeIdenticallyForAnyJobsAndChunkSize() throws {
        let categories = try Category.discover(in: Repo.samples)
        let model = try TokenizerModel.load(Repo.hfFixture + "/tokenizer.json")
        let counting = try RunCounting.wordCounting(model, sampleBytes: 100_000)
        let encode = { (counts: [WordCounts]) in
            CountsFile.encode(CategoryCounts(processing: CategoryCounts.processingKey(model),
                                             names: categories.map(\.name), counts: counts))
        }
        let expected = try categories.map { try sequentialCounts(counting, $0, lanes: 1)[0] }
        for (jobs, chunkBytes) in [(1, 1 << 20), (2, 1 << 20), (2, 3000), (5, 1)] {
            let counts = try with(counting, jobs: jobs, chunkBytes: chunkBytes).count(categories)
            XCTAssertEqual(counts, expected, "jobs \(jobs), chunks of \(chunkBytes) bytes")
            XCTAssertEqual(encode(counts), encode(expected))
        }
    }

    /// The error is the one of the first failing category, and within it of the first failing document,
    /// as when counting one category after another.
    func testChunkParallelCountingReportsTheFirstFailureInReadingOrder() throws {
        let dir = try TemporaryDirectory()
        let text = String(repeating: "Ein Satz mit Wörtern, und noch einer.\n", count: 400)
        try dir.write("a-good/a.txt", text)
        try dir.write("b-bad/a.txt", text)
        let binary = try dir.write("b-bad/b.txt", bytes: [0x41, 0, 0xFF, 0xFE])
        try dir.write("c-empty/a.txt", "")
        let unreadable = try dir.write("d-bad/a.txt", bytes: [0x42, 0, 0x43])
        let all = try Category.discover(in: dir.path)
        let counting = WordCounting(normalizer: .none, pretokenizer: try Pretokenizer(.byteLevel(addPrefixSpace: false, useRegex: true)),
                                    reader: SampleReader(budget: 1 << 20, chunkBytes: 100))
        for (jobs, chunkBytes) in [(1, 1 << 20), (2, 1), (4, 500)] {
            let run = with(counting, jobs: jobs, chunkBytes: chunkBytes)
            XCTAssertThrowsError(try run.count(all)) { XCTAssertTrue("\($0)".hasPrefix(binary + ": "), "\($0)") }
            XCTAssertThrowsError(try run.countHalves(Array(all.dropFirst(2)))) {
                guard case CorpusError.emptyCategory(name: "c-empty", _) = $0 else { return XCTFail("\($0)") }
            }
            XCTAssertThrowsError(try run.count([all[0], all[3]])) { XCTAssertTrue("\($0)".hasPrefix(unreadable + ": "), "\($0)") }
            XCTAssertEqual(try run.count(all[0]), try sequentialCounts(counting, all[0], lanes: 1)[0])
        }
    }

    func testChunkParallelProgressEndsAtThePlannedTotal() throws {
        let categories = Array(try Category.discover(in: Repo.samples).prefix(2))
        let counting = with(try claudeCounting(budget: 200_000), jobs: 3, chunkBytes: 8000)
        let planned = try counting.plannedBytes(categories)
        let reports = Reports()
        let counts = try counting.count(categories, ticker: reports.ticker(total: planned))
        XCTAssertEqual(counts, try categories.map { try sequentialCounts(counting, $0, lanes: 1)[0] })
        let done = reports.all.map(\.done)
        XCTAssertGreaterThan(done.count, 20, "progress comes chunk by chunk")
        XCTAssertEqual(done.last, planned)
        XCTAssertEqual(reports.all.filter(\.finished).count, 1)
    }

    func testCountCommandWritesTheSameFileForAnyJobs() throws {
        let dir = try TemporaryDirectory()
        var files: [Data] = []
        for jobs in ["1", "3"] {
            let output = dir.file("counts-\(jobs).miwc")
            let result = try runMixinfer(["count", Repo.hfFixture + "/tokenizer.json", "--categories", Repo.samples,
                                          "--sample-bytes", "60000", "--jobs", jobs, "-o", output])
            XCTAssertEqual(result.status, 0, result.stderr)
            files.append(try Data(contentsOf: URL(fileURLWithPath: output)))
        }
        XCTAssertEqual(files[0], files[1])
        let zero = try runMixinfer(["count", Repo.hfFixture + "/tokenizer.json", "--categories", Repo.samples,
                                    "--jobs", "0", "-o", dir.file("zero.miwc")])
        XCTAssertNotEqual(zero.status, 0)
        XCTAssertTrue(zero.stderr.contains("--jobs must be positive"), zero.stderr)
    }
}
