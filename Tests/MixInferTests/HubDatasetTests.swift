import Foundation
import XCTest
@testable import MixInferSupport
@testable import MixInferCorpus

/// Category manifests naming Hub datasets (`hf://datasets/…`), resolved through a Hub cache layout built in a
/// temporary folder, and the `group` of a category.
final class HubDatasetTests: XCTestCase {
    static let fineweb2 = "hf://datasets/HuggingFaceFW/fineweb-2/data/fra_Latn/train/*.parquet"

    /// FineWeb-2's French shards 0 and 1 (tiny Parquet fixtures) and its German shard, at `main`.
    func makeFineweb2() throws -> (layout: HubCacheLayout, snapshot: String) {
        let layout = try HubCacheLayout()
        let snapshot = try layout.add(HubCacheLayout.dataset("HuggingFaceFW/fineweb-2"), commit: HubCacheLayout.commit("d"), files: [
            "data/fra_Latn/train/000_00000.parquet": FormatFixtures.path("snappy-plain-v1.parquet"),
            "data/fra_Latn/train/000_00001.parquet": FormatFixtures.path("zstd-dict-v2.parquet"),
            "data/deu_Latn/train/000_00000.parquet": FormatFixtures.path("gzip-plain-v1.parquet"),
            "README.md": FormatFixtures.path("expected.json"),
        ])
        return (layout, snapshot)
    }

    func manifest(_ text: String, in dir: TemporaryDirectory) throws -> String { try dir.write("categories.yaml", text) }

    func testHubPatternMatchesTheParquetShardsInsideTheSnapshot() throws {
        let (layout, snapshot) = try makeFineweb2()
        let dir = try TemporaryDirectory()
        let path = try manifest("fr: {paths: \"\(Self.fineweb2)\", group: non-English}\n", in: dir)
        let categories = try CategoryManifest.load(path, hubCache: layout.cache)
        XCTAssertEqual(categories.map(\.name), ["fr"])
        XCTAssertEqual(categories[0].files, ["000_00000", "000_00001"].map { "\(snapshot)/data/fra_Latn/train/\($0).parquet" })
        XCTAssertEqual(categories[0].group, "non-English")
        let (documents, _) = try FormatFixtures.documents(categories[0].reading(textField: try FormatFixtures.expected("snappy-plain-v1.parquet").column))
        XCTAssertFalse(documents.isEmpty, "the linked shards are read through the links")
    }

    func testAFolderOrTheWholeDatasetIsReadLikeALocalFolder() throws {
        let (layout, snapshot) = try makeFineweb2()
        let dir = try TemporaryDirectory()
        let path = try manifest("""
            de: hf://datasets/HuggingFaceFW/fineweb-2/data/deu_Latn
            all: hf://datasets/HuggingFaceFW/fineweb-2
            """, in: dir)
        let categories = try CategoryManifest.load(path, hubCache: layout.cache)
        XCTAssertEqual(categories.first { $0.name == "de" }?.files, ["\(snapshot)/data/deu_Latn/train/000_00000.parquet"])
        XCTAssertEqual(categories.first { $0.name == "all" }?.files.count, 3)
        XCTAssertEqual(categories.first { $0.name == "all" }?.skippedFiles, ["dataset card": 1])
    }

    func testUncachedDatasetIsAOneLineErrorNamingTheDatasetAndThePattern() throws {
        let (layout, _) = try makeFineweb2()
        let dir = try TemporaryDirectory()
        let stack = "hf://datasets/bigcode/the-stack-dedup/data/python/*.parquet"
        let path = try manifest("python: {paths: \"\(stack)\", text_field: content, group: code}\n", in: dir)
        XCTAssertThrowsError(try CategoryManifest.load(path, hubCache: layout.cache)) { error in
            let message = "\(error)"
            XCTAssertFalse(message.contains("\n"), message)
            for part in ["'python'", stack, "dataset bigcode/the-stack-dedup is not in the Hub cache \(layout.directory)",
                         "the Hub cache is what is searched, not the Arrow cache of the `datasets` library",
                         "hf download bigcode/the-stack-dedup --repo-type dataset --include 'data/python/*.parquet'",
                         "hf auth login"] {
                XCTAssertTrue(message.contains(part), "\(part) not in: \(message)")
            }
        }
        let japanese = "hf://datasets/HuggingFaceFW/fineweb-2/data/jpn_Jpan/train/*.parquet"
        let cachedDataset = try manifest("ja: \"\(japanese)\"\n", in: dir)
        XCTAssertThrowsError(try CategoryManifest.load(cachedDataset, hubCache: layout.cache)) { error in
            XCTAssertTrue("\(error)".contains("no file of dataset HuggingFaceFW/fineweb-2 matching it is in its snapshot"), "\(error)")
        }
    }

    func testALinkWhoseBlobIsMissingIsNotACachedFile() throws {
        let (layout, snapshot) = try makeFineweb2()
        let shard = "\(snapshot)/data/deu_Latn/train/000_00000.parquet"
        try FileManager.default.removeItem(atPath: (shard as NSString).resolvingSymlinksInPath)
        let dir = try TemporaryDirectory()
        let path = try manifest("de: hf://datasets/HuggingFaceFW/fineweb-2/data/deu_Latn/train/*.parquet\n", in: dir)
        XCTAssertThrowsError(try CategoryManifest.load(path, hubCache: layout.cache)) {
            XCTAssertTrue("\($0)".contains("fetch the files with"), "\($0)")
        }
    }

    func testHubPathsSpellRevisionsAsHuggingfaceHubDoes() throws {
        let plain = try HubPath(Self.fineweb2)
        XCTAssertEqual(plain.repository, HubCacheLayout.dataset("HuggingFaceFW/fineweb-2"))
        XCTAssertNil(plain.revision)
        XCTAssertEqual(plain.pattern, "data/fra_Latn/train/*.parquet")
        XCTAssertEqual(try HubPath("hf://datasets/org/set@v1.0/a/b.jsonl").revision, "v1.0")
        let converted = try HubPath("hf://datasets/org/set@refs/convert/parquet/default/train/0000.parquet")
        XCTAssertEqual(converted.revision, "refs/convert/parquet")
        XCTAssertEqual(converted.pattern, "default/train/0000.parquet")
        XCTAssertEqual(try HubPath("hf://datasets/org/set@refs%2Fpr%2F3/x.parquet").revision, "refs/pr/3")
        XCTAssertEqual(try HubPath("hf://datasets/org/set").pattern, "")
        for wrong in ["hf://org/model/x.parquet", "hf://datasets/org", "hf://datasets/or--g/set/x", "hf://datasets/org/set@/x"] {
            XCTAssertThrowsError(try HubPath(wrong), wrong)
        }
    }

    func testRevisionOfAHubPathPicksItsSnapshot() throws {
        let (layout, _) = try makeFineweb2()
        let old = try layout.add(HubCacheLayout.dataset("HuggingFaceFW/fineweb-2"), commit: HubCacheLayout.commit("e"),
                                 refs: ["v1.0"], files: ["data/fra_Latn/train/000_00000.parquet": FormatFixtures.path("none-plain-v1.parquet")])
        let dir = try TemporaryDirectory()
        let path = try manifest("fr: hf://datasets/HuggingFaceFW/fineweb-2@v1.0/data/fra_Latn/train/*.parquet\n", in: dir)
        XCTAssertEqual(try CategoryManifest.load(path, hubCache: layout.cache)[0].files, ["\(old)/data/fra_Latn/train/000_00000.parquet"])
    }

    func testGroupIsKeptPerCategoryAndMustBeAName() throws {
        let dir = try TemporaryDirectory()
        try dir.write("corpora/en/a.txt", "Some English text.\n")
        try dir.write("corpora/py/a.py.txt", "print('x')\n")
        let path = try manifest("en: corpora/en\npy: {paths: corpora/py, group: code}\n", in: dir)
        let categories = try CategoryManifest.load(path)
        XCTAssertEqual(categories.map(\.group), [nil, "code"])
        let empty = try manifest("py: {paths: corpora/py, group: \"\"}\n", in: dir)
        XCTAssertThrowsError(try CategoryManifest.load(empty)) { XCTAssertTrue("\($0)".contains("'py'.group must be a name"), "\($0)") }
        let unknown = try manifest("py: {paths: corpora/py, groups: code}\n", in: dir)
        XCTAssertThrowsError(try CategoryManifest.load(unknown)) {
            XCTAssertTrue("\($0)".contains("(known: paths, text_field, sample_bytes, group)"), "\($0)")
        }
    }
}
