import Foundation
import XCTest
@testable import MixInferSupport
@testable import MixInferTokenizers
@testable import MixInferCorpus
@testable import MixInferBatch

/// `Samples/recipes/`: the paper's study by Hub id and Hub path parses, and every name in it resolves against a Hub
/// cache layout holding one small file for each (Claude's legacy tokenizer for every model, tiny Parquet and JSON
/// lines for every data set).
final class RecipeTests: XCTestCase {
    static let batch = Repo.path("Samples/recipes/paper-tokenizers.yaml")
    static let categories = Repo.path("Samples/recipes/paper-categories.yaml")
    static let groups: Set<String> = ["web", "books", "academic", "wiki", "code", "non-English"]

    /// Every category's paths as the manifest writes them.
    func categoryPatterns() throws -> [String: [String]] {
        let text = try String(contentsOfFile: Self.categories, encoding: .utf8)
        let entries = try XCTUnwrap(try YAMLDocument.load(text) as? [String: Any])
        return try entries.mapValues { entry in
            let paths = try XCTUnwrap((entry as? [String: Any])?["paths"], "every category is a mapping with paths")
            if let list = paths as? [String] { return list }
            return [try XCTUnwrap(paths as? String)]
        }
    }

    /// A Hub cache holding a file matching each `hf://` pattern (its wildcards filled in).
    func cacheWithEveryDataset(_ patterns: [String], in layout: HubCacheLayout) throws {
        let lines = try layout.folder.write("sample.jsonl", #"{"text": "Some text of a document."}"# + "\n")
        for pattern in patterns {
            let path = try HubPath(pattern)
            let file = path.pattern.replacingOccurrences(of: "*", with: "000_00000").replacingOccurrences(of: "?", with: "0")
            let source = file.hasSuffix(".parquet") ? FormatFixtures.path("snappy-plain-v1.parquet") : lines
            try layout.add(path.repository, commit: HubCacheLayout.commit("f"), files: [file: source])
        }
    }

    func testPaperCategoriesParseAndEveryHubPathResolvesInACachedLayout() throws {
        let patterns = try categoryPatterns()
        let all = patterns.values.flatMap { $0 }
        XCTAssertTrue(all.allSatisfy(HubPath.isHubPath), "the recipe needs nothing but the Hub cache")
        let layout = try HubCacheLayout()
        XCTAssertThrowsError(try CategoryManifest.load(Self.categories, hubCache: layout.cache)) {
            XCTAssertTrue("\($0)".contains("hf download"), "\($0)")
        }
        try cacheWithEveryDataset(all, in: layout)
        let categories = try CategoryManifest.load(Self.categories, hubCache: layout.cache)
        XCTAssertEqual(categories.count, patterns.count)
        XCTAssertEqual(Set(categories.compactMap(\.group)), Self.groups)
        for category in categories {
            XCTAssertEqual(category.files.count, 1, category.name)
            XCTAssertTrue(category.files[0].hasPrefix(layout.directory), category.name)
            XCTAssertNotNil(category.sampleBytes, category.name)
        }
        XCTAssertEqual(categories.first { $0.name == "python" }?.textField, "content")
        XCTAssertEqual(categories.first { $0.name == "fr" }?.group, "non-English")
    }

    func testPaperTokenizersAreHubIdsThatResolveInACachedLayout() throws {
        let manifest = try BatchManifest.load(Self.batch)
        XCTAssertEqual(manifest.categorySets.map(\.directory), [Self.categories])
        XCTAssertGreaterThanOrEqual(manifest.tokenizers.count, 10)
        let layout = try HubCacheLayout()
        for entry in manifest.tokenizers {
            let repository = try XCTUnwrap(HubTokenizer.repository(entry.path), "\(entry.path) is a Hub id")
            XCTAssertEqual(entry.path, repository.id, "an id is not resolved against the manifest's folder")
            if entry.name != "Meta-Llama-3-8B-extension" { XCTAssertEqual(entry.name, repository.name) }
            try layout.add(repository, commit: HubCacheLayout.commit("9"), files: ["tokenizer.json": Repo.sampleTokenizer])
        }
        for entry in manifest.tokenizers {
            let options = TokenizerLoadOptions(revision: manifest.settings(of: entry).string(.revision), hubCache: layout.cache)
            XCTAssertEqual(try TokenizerLoader.locate(entry.path, options: options),
                           "\(layout.cache.folder(of: HubCacheLayout.model(entry.path)))/snapshots/\(HubCacheLayout.commit("9"))/tokenizer.json")
        }
    }

    func testABatchEntryIsAFileWhenOneOfThatSpellingIsBesideTheManifest() throws {
        let dir = try TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: dir.file("org/model"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Repo.sampleTokenizer, toPath: dir.file("org/model/tokenizer.json"))
        let manifest = try BatchManifest.load(try dir.write("batch.yaml", """
            categories: cats
            tokenizers: [org/model, org/elsewhere]
            """))
        XCTAssertEqual(manifest.tokenizers.map(\.path), [dir.file("org/model"), "org/elsewhere"])
        XCTAssertEqual(manifest.tokenizers.map(\.name), ["model", "elsewhere"])
    }
}
