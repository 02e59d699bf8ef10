import Foundation
import XCTest
@testable import MixInferSupport
@testable import MixInferTokenizers

/// Tokenizers named by Hub id, resolved through a Hub cache layout built in a temporary folder.
final class HubCacheTests: XCTestCase {
    static let hfMixture = Repo.hfFixture + "/tokenizer.json"

    /// `org/model` at two commits: `main` (Claude's legacy file) and `v2` (the HF fixture).
    func makeTwoRevisions() throws -> (layout: HubCacheLayout, main: String, v2: String) {
        let layout = try HubCacheLayout()
        let repository = HubCacheLayout.model("org/model")
        let main = try layout.add(repository, commit: HubCacheLayout.commit("a"),
                                  files: ["tokenizer.json": Repo.sampleTokenizer, "config.json": Repo.sampleTokenizer])
        let v2 = try layout.add(repository, commit: HubCacheLayout.commit("b"), refs: ["v2"],
                                files: ["tokenizer.json": Self.hfMixture])
        return (layout, main, v2)
    }

    func load(_ spelling: String, revision: String? = nil, in layout: HubCacheLayout) throws -> TokenizerModel {
        try TokenizerLoader.load(path: spelling, options: TokenizerLoadOptions(revision: revision, hubCache: layout.cache))
    }

    func testModelIdResolvesToTheSnapshotItsMainRefNames() throws {
        let (layout, main, _) = try makeTwoRevisions()
        let model = try load("org/model", in: layout)
        XCTAssertEqual(model.sourceFile, main + "/tokenizer.json")
        XCTAssertEqual(model.merges.count, try TokenizerModel.load(Repo.sampleTokenizer).merges.count)
    }

    func testRevisionReadsTheSnapshotItsRefNamesOrTheCommitItself() throws {
        let (layout, main, v2) = try makeTwoRevisions()
        let fixtureMerges = try TokenizerModel.load(Self.hfMixture).merges.count
        let byRef = try load("org/model", revision: "v2", in: layout)
        XCTAssertEqual(byRef.sourceFile, v2 + "/tokenizer.json")
        XCTAssertEqual(byRef.merges.count, fixtureMerges)
        XCTAssertEqual(try load("org/model", revision: HubCacheLayout.commit("b"), in: layout).sourceFile, v2 + "/tokenizer.json")
        XCTAssertEqual(try load("org/model", revision: HubCacheLayout.commit("a"), in: layout).sourceFile, main + "/tokenizer.json")
    }

    func testUncachedIdIsAOneLineErrorWithTheCommandThatFetchesOnlyItsTokenizerFiles() throws {
        let (layout, _, _) = try makeTwoRevisions()
        XCTAssertThrowsError(try load("meta-llama/Llama-3.1-8B", in: layout)) { error in
            let message = "\(error)"
            XCTAssertEqual(error as? TokenizerError, .notInHubCache(
                id: "meta-llama/Llama-3.1-8B", reason: "no such file, and not in the Hub cache \(layout.directory)",
                fetch: "hf download meta-llama/Llama-3.1-8B tokenizer.json tekken.json tokenizer.model merges.txt vocab.json"))
            XCTAssertFalse(message.contains("\n"), message)
            XCTAssertTrue(message.contains("hf auth login"), message)
        }
        XCTAssertThrowsError(try load("org/model", revision: "v9", in: layout)) { error in
            let message = "\(error)"
            XCTAssertTrue(message.contains("revision v9 is not in the Hub cache \(layout.directory) (cached: main, v2)"), message)
            XCTAssertTrue(message.contains("hf download org/model --revision v9 tokenizer.json"), message)
        }
    }

    func testSnapshotWithoutATokenizerFileSaysSo() throws {
        let layout = try HubCacheLayout()
        try layout.add(HubCacheLayout.model("org/weights-only"), commit: HubCacheLayout.commit("c"),
                       files: ["config.json": Repo.sampleTokenizer])
        XCTAssertThrowsError(try load("org/weights-only", in: layout)) { error in
            XCTAssertTrue("\(error)".contains("holds no tokenizer file (tokenizer.json, tekken.json, tokenizer.model, merges.txt)"),
                          "\(error)")
        }
    }

    func testAFolderYieldsTheFileALoaderWouldTakeInItsOrder() throws {
        let dir = try TemporaryDirectory()
        XCTAssertNil(HubTokenizer.file(in: dir.path))
        for name in ["merges.txt", "tokenizer.model", "tekken.json", "tokenizer.json"] {
            try dir.write(name, "x")
            XCTAssertEqual(HubTokenizer.file(in: dir.path), dir.file(name), "after writing \(name)")
        }
    }

    func testSpellingsOfFilesAndPathsAreNotIds() {
        for spelling in ["gpt2", "meta-llama/Llama-3.1-8B", "Xenova/gpt-4o", "mistralai/Mistral-Nemo-Base-2407"] {
            XCTAssertEqual(HubTokenizer.repository(spelling)?.id, spelling)
        }
        XCTAssertEqual(HubTokenizer.repository("meta-llama/Llama-3.1-8B")?.name, "Llama-3.1-8B")
        for spelling in ["tokenizer.json", "tok/claude.json", "llama3.tiktoken.model", "./org/x", "../x", "~/x", "/abs/x",
                         "a/b/c", "org/-x", "org/x-", "a--b/c", "org/x..y", ""] {
            XCTAssertNil(HubTokenizer.repository(spelling), spelling)
        }
    }

    func testCacheIsFoundAsHuggingfaceHubFindsIt() {
        XCTAssertEqual(HubCache(environment: ["HF_HUB_CACHE": "/c", "HF_HOME": "/h", "HOME": "/u"]).directory, "/c")
        XCTAssertEqual(HubCache(environment: ["HUGGINGFACE_HUB_CACHE": "/old", "HF_HOME": "/h"]).directory, "/old")
        XCTAssertEqual(HubCache(environment: ["HF_HOME": "/h", "XDG_CACHE_HOME": "/x", "HOME": "/u"]).directory, "/h/hub")
        XCTAssertEqual(HubCache(environment: ["XDG_CACHE_HOME": "/x", "HOME": "/u"]).directory, "/x/huggingface/hub")
        XCTAssertEqual(HubCache(environment: ["HOME": "/u"]).directory, "/u/.cache/huggingface/hub")
        XCTAssertEqual(HubCache(environment: ["HF_HOME": "~/hf", "HOME": "/u"]).directory, "/u/hf/hub")
        XCTAssertEqual(HubCache(environment: ["HF_HUB_CACHE": "", "HOME": "/u"]).directory, "/u/.cache/huggingface/hub")
    }

    func testARevisionThatClimbsOutOfTheRepositoryIsRefused() throws {
        let (layout, _, _) = try makeTwoRevisions()
        XCTAssertThrowsError(try load("org/model", revision: "../../models--org--model/refs/main", in: layout)) {
            XCTAssertTrue("\($0)".contains("is not a revision"), "\($0)")
        }
    }

    func testRevisionForALocalPathIsRefused() throws {
        XCTAssertThrowsError(try TokenizerModel.load(Repo.sampleTokenizer, revision: "v2")) {
            XCTAssertEqual(($0 as? InvalidSetting)?.field, .revision)
        }
    }
}
