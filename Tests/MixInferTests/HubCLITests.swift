import Foundation
import XCTest
@testable import MixInferSupport

/// The CLI given Hub ids, with `HF_HUB_CACHE` pointing at a Hub cache layout built in a temporary folder.
final class HubCLITests: XCTestCase {
    /// `Xenova/claude-tokenizer` at `main` holding Claude's legacy file (as the README demo reads it), and
    /// `org/model` at `main` (the same file) and `v2` (the HF fixture).
    func makeLayout() throws -> (layout: HubCacheLayout, claude: String, v2: String) {
        let layout = try HubCacheLayout()
        let claude = try layout.add(HubCacheLayout.model("Xenova/claude-tokenizer"), commit: HubCacheLayout.commit("1"),
                                    files: ["tokenizer.json": Repo.sampleTokenizer, "tokenizer_config.json": Repo.sampleTokenizer])
        try layout.add(HubCacheLayout.model("org/model"), commit: HubCacheLayout.commit("2"),
                       files: ["tokenizer.json": Repo.sampleTokenizer])
        let v2 = try layout.add(HubCacheLayout.model("org/model"), commit: HubCacheLayout.commit("3"), refs: ["v2"],
                                files: ["tokenizer.json": Repo.hfFixture + "/tokenizer.json"])
        return (layout, claude + "/tokenizer.json", v2 + "/tokenizer.json")
    }

    func run(_ arguments: [String], _ layout: HubCacheLayout, in directory: String? = nil)
        throws -> (status: Int32, stdout: String, stderr: String) {
        try runMixinfer(arguments, environment: TestEnvironment.variables(hubCache: layout.directory), directory: directory)
    }

    func testReadmeDemoRunsFromAHubIdCopiedIntoACacheLayout() throws {
        let (layout, claude, _) = try makeLayout()
        let result = try run(["infer", "Xenova/claude-tokenizer", "--categories", Repo.samples, "--merges", "300",
                              "--format", "json", "--no-cache", "-q"], layout)
        XCTAssertEqual(result.status, 0, result.stderr)
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(json["tokenizer"] as? String, "Xenova/claude-tokenizer")
        XCTAssertEqual(json["tokenizer_file"] as? String, claude)
        let shares = try XCTUnwrap(json["shares"] as? [String: Double])
        XCTAssertEqual(Set(shares.keys), ["c", "de", "en", "es", "fr", "ja", "pl", "python", "ru", "shell"])
        XCTAssertGreaterThan(shares["python", default: 0] + shares["en", default: 0], 0.5, "\(shares)")
        XCTAssertTrue(result.stdout.hasPrefix(#"{"tokenizer": "Xenova/claude-tokenizer", "tokenizer_file": "#), result.stdout)
    }

    func testInspectNamesTheSnapshotFileAndRevisionPicksAnother() throws {
        let (layout, claude, v2) = try makeLayout()
        let main = try run(["inspect", "Xenova/claude-tokenizer"], layout)
        XCTAssertEqual(main.status, 0, main.stderr)
        XCTAssertTrue(main.stdout.hasPrefix("file:            \(claude)\n"), main.stdout)
        let json = try run(["inspect", "org/model", "--revision", "v2", "--format", "json"], layout)
        XCTAssertEqual(json.status, 0, json.stderr)
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(object["file"] as? String, v2)
        let encoded = try run(["encode", "org/model", "--revision", "v2", "--text", "hello world"], layout)
        let direct = try run(["encode", Repo.hfFixture + "/tokenizer.json", "--text", "hello world"], layout)
        XCTAssertEqual(encoded.status, 0, encoded.stderr)
        XCTAssertEqual(encoded.stdout, direct.stdout)
    }

    func testUncachedIdIsAOneLineErrorGivingTheFetchCommand() throws {
        let (layout, _, _) = try makeLayout()
        for arguments in [["infer", "meta-llama/Llama-3.1-8B", "--categories", Repo.samples],
                          ["inspect", "org/model", "--revision", "v7"],
                          ["inspect", "Xenova/claude-tokenizer", "--base", "EleutherAI/gpt-neox-20b"]] {
            let result = try run(arguments, layout)
            XCTAssertEqual(result.status, 1, result.stderr)
            XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, result.stderr)
            XCTAssertTrue(result.stderr.contains("fetch only its tokenizer with `hf download "), result.stderr)
            XCTAssertTrue(result.stderr.contains("hf auth login"), result.stderr)
        }
        let local = try run(["inspect", Repo.sampleTokenizer, "--revision", "v2"], layout)
        XCTAssertEqual(local.status, 1)
        XCTAssertTrue(local.stderr.contains("--revision is for a tokenizer given by Hub id"), local.stderr)
    }

    func testALocalFolderWinsOverAnIdOfTheSameSpelling() throws {
        let (layout, _, _) = try makeLayout()
        let dir = try TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: dir.file("org/model"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Repo.hfFixture + "/tokenizer.json", toPath: dir.file("org/model/tokenizer.json"))
        let result = try run(["inspect", "org/model", "--format", "json"], layout, in: dir.path)
        XCTAssertEqual(result.status, 0, result.stderr)
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(object["file"] as? String, "org/model/tokenizer.json")
    }

    func testBatchManifestNamesAnIdAfterItsRepositoryAndDoesNotResolveItAgainstTheManifest() throws {
        let (layout, claude, _) = try makeLayout()
        let dir = try TemporaryDirectory()
        try dir.write("cats/en/a.txt", String(repeating: "The quick brown fox jumps over the lazy dog. ", count: 200))
        try dir.write("cats/de/a.txt", String(repeating: "Der schnelle braune Fuchs springt über den faulen Hund. ", count: 200))
        let manifest = try dir.write("batch.yaml", """
            categories: cats
            tokenizers:
              - Xenova/claude-tokenizer
              - {path: org/model, revision: v2, name: model-v2}
            merges: 100
            """)
        let result = try run(["batch", manifest, "-o", dir.file("out"), "-q"], layout)
        XCTAssertEqual(result.status, 0, result.stderr)
        let data = try Data(contentsOf: URL(fileURLWithPath: dir.file("out/claude-tokenizer__default.json")))
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        XCTAssertEqual(json["tokenizer"] as? String, "Xenova/claude-tokenizer")
        XCTAssertEqual(json["tokenizer_file"] as? String, claude)
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir.file("out/model-v2__default.json")))
    }
}
