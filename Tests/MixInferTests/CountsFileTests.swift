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

final class CountsFileTests: XCTestCase {
    func counts(shard: Int, of total: Int) throws -> CategoryCounts {
        let model = try TokenizerModel.load(Repo.hfFixture + "/tokenizer.json")
        let categories = try Category.discover(in: Repo.samples).filter { ["de", "ja"].contains($0.name) }
        return try RunCounting.countCategories(categories.map { $0.shard(shard, of: total) }, tokenizer: model, sampleBytes: 1 << 30)
    }

    func testCountFileRoundTripsExactly() throws {
        let original = try counts(shard: 0, of: 1)
        XCTAssertEqual(try CountsFile.decode(CountsFile.encode(original), path: "x"), original)
    }

    func testCountFilesWithoutAChecksumAreStillReadButNotWithANegativeCount() throws {
        let original = try counts(shard: 0, of: 1)
        var unhashed = [UInt8](CountsFile.encode(original).dropLast(8))
        unhashed.replaceSubrange(0..<8, with: Array("MIWC0002".utf8))
        XCTAssertEqual(try CountsFile.decode(Data(unhashed), path: "old.miwc"), original)
        // The first word's count, after the header, the name, five u64 and the word lengths.
        let header = 8 + 4 + original.processing.utf8.count + 4
        let first = header + 4 + original.names[0].utf8.count + 5 * 8 + 4 * original.counts[0].count
        unhashed.replaceSubrange(first..<first + 8, with: [UInt8](repeating: 0xFF, count: 8))
        XCTAssertThrowsError(try CountsFile.decode(Data(unhashed), path: "old.miwc")) {
            XCTAssertEqual("\($0)", "old.miwc: a word count of -1")
        }
    }

    func testMergedShardsEqualCountingEverythingAtOnce() throws {
        let whole = try counts(shard: 0, of: 1)
        let merged = try CategoryCounts.merge([counts(shard: 0, of: 3), counts(shard: 1, of: 3), counts(shard: 2, of: 3)])
        XCTAssertEqual(merged, whole)
    }

    func testTruncatedOrForeignCountFilesAreErrorsNotTraps() throws {
        let data = CountsFile.encode(try counts(shard: 0, of: 2))
        for cut in [0, 5, 20, data.count / 2, data.count - 1] {
            XCTAssertThrowsError(try CountsFile.decode(data.prefix(cut), path: "c.miwc")) {
                XCTAssertTrue("\($0)".hasPrefix("c.miwc: "), "\($0)")
            }
        }
        var corrupt = [UInt8](data)
        corrupt[12] ^= 0xFF  // the processing string's length
        XCTAssertThrowsError(try CountsFile.decode(Data(corrupt), path: "c.miwc"))
        // A damaged byte anywhere is refused by the checksum, not read as other counts (negative ones made a run hang).
        for position in stride(from: 8, to: data.count, by: max(1, data.count / 97)) {
            var damaged = [UInt8](data)
            damaged[position] ^= 0x5A
            XCTAssertThrowsError(try CountsFile.decode(Data(damaged), path: "c.miwc"), "byte \(position)") {
                XCTAssertTrue("\($0)".hasPrefix("c.miwc: "), "\($0)")
            }
        }
        let other = CategoryCounts(processing: "other", names: [], counts: [])
        XCTAssertThrowsError(try CategoryCounts.merge([try counts(shard: 0, of: 2), other]))
        let claude = try TokenizerModel.load(Repo.sampleTokenizer)
        XCTAssertThrowsError(try Inference.checked(counts(shard: 0, of: 2), path: "c.miwc", model: claude))
    }
}

final class CountCacheTests: XCTestCase {
    func testCachedCountsAreReusedAndInvalidatedWhenAFileChanges() throws {
        let dir = try TemporaryDirectory()
        let text = try dir.write("cats/de/a.txt", "Ein kleiner Text, der gezählt wird.\n")
        let model = try TokenizerModel.load(Repo.hfFixture + "/tokenizer.json")
        let cache = CountCache(directory: dir.file("cache"))
        let categories = try Category.discover(in: dir.file("cats"))
        let first = try RunCounting.countWords(categories, tokenizer: model, sampleBytes: 1000, cache: cache)
        let entries = try FileManager.default.contentsOfDirectory(atPath: dir.file("cache"))
        XCTAssertEqual(entries.count, 1)
        XCTAssertEqual(try RunCounting.countWords(categories, tokenizer: model, sampleBytes: 1000, cache: cache), first)
        XCTAssertEqual(cache.load(String(entries[0].dropLast(5))), first[0])
        // A damaged entry is not used: the category is counted again, and the entry rewritten.
        let entry = dir.file("cache/" + entries[0])
        var damaged = [UInt8](try Data(contentsOf: URL(fileURLWithPath: entry)))
        damaged[damaged.count - 12] ^= 0x01
        try Data(damaged).write(to: URL(fileURLWithPath: entry))
        XCTAssertNil(cache.load(String(entries[0].dropLast(5))))
        XCTAssertEqual(try RunCounting.countWords(categories, tokenizer: model, sampleBytes: 1000, cache: cache), first)
        XCTAssertEqual(cache.load(String(entries[0].dropLast(5))), first[0])
        try Data("Ein kleiner Text, der gezählt wird. Und noch einer!\n".utf8).write(to: URL(fileURLWithPath: text))
        let changed = try RunCounting.countWords(categories, tokenizer: model, sampleBytes: 1000, cache: cache)
        XCTAssertNotEqual(changed, first, "a changed file must not be served from the cache")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.file("cache")).count, 2)
    }

    func testProcessingKeyIsSpelledFromExplicitFieldsAndVersioned() throws {
        let model = try TokenizerModel.load(Repo.hfFixture + "/tokenizer.json")
        XCTAssertEqual(CategoryCounts.processingKey(model),
                       "mixinfer-processing/2\nnormalizer: none\npretokenizer: byte-level(prefix-space=0, regex=1)")
        let claude = try TokenizerModel.load(Repo.sampleTokenizer)
        XCTAssertTrue(CategoryCounts.processingKey(claude).contains("normalizer: nfkc"), CategoryCounts.processingKey(claude))
    }

    func testCountFilesOfAnotherVersionAreRefusedWithAReasonNotMisread() throws {
        let dir = try TemporaryDirectory()
        let model = try TokenizerModel.load(Repo.hfFixture + "/tokenizer.json")
        let categories = try Category.discover(in: Repo.samples).filter { $0.name == "de" }
        var old = try RunCounting.countCategories(categories, tokenizer: model, sampleBytes: 20_000)
        old.processing = "normalizer=none pretokenizer=byteLevel(addPrefixSpace: false, useRegex: true)"
        let path = dir.file("old.miwc")
        try CountsFile.encode(old).write(to: URL(fileURLWithPath: path))
        var request = InferenceRequest(tokenizer: .model(model, name: "hf"), categories: .counts(path))
        request.merges = 50
        XCTAssertThrowsError(try Inference.run(request)) {
            XCTAssertTrue("\($0)".hasPrefix(path + ": "), "\($0)")
            XCTAssertTrue("\($0)".contains("another version of mixinfer"), "\($0)")
        }
    }
}
