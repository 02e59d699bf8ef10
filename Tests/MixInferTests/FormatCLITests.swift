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

/// `mixinfer inspect` and `mixinfer encode` as a user runs them.
final class FormatCLITests: XCTestCase {
    func run(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        try runMixinfer(arguments)
    }

    func testInspectReportsFormatFamilyAndSizes() throws {
        let result = try run(["inspect", Repo.sampleTokenizer, "--format", "json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(json["format"] as? String, "hf-tokenizer-json")
        XCTAssertEqual(json["merges"] as? Int, 64_739)
        XCTAssertEqual(json["byte_level"] as? Bool, true)
        XCTAssertEqual(json["known_vocabulary"] as? String, "claude-legacy")
        XCTAssertEqual(json["normalizer"] as? String, "NFKC")
        let text = try run(["inspect", Repo.sampleTokenizer, "--base", Repo.sampleTokenizer])
        XCTAssertTrue(text.stdout.contains("shared with base: 64739 leading merges"), text.stdout)
    }

    func testEncodePrintsFileIds() throws {
        let result = try run(["encode", Repo.sampleTokenizer, "--text", "Hello world"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let model = try TokenizerModel.load(Repo.sampleTokenizer)
        XCTAssertEqual(result.stdout, try TextEncoder(model: model).encode("Hello world").map(String.init).joined(separator: " ") + "\n")
        let directory = try TemporaryDirectory()
        let file = try directory.write("in.txt", "Hello world")
        XCTAssertEqual(try run(["encode", Repo.sampleTokenizer, "--file", file]).stdout, result.stdout)
    }

    func testErrorsAreOneLine() throws {
        for arguments in [["encode", Repo.sampleTokenizer], ["encode", "/nonexistent.tiktoken", "--text", "x"],
                          ["inspect", Repo.sampleTokenizer, "--pretokenizer", "nope"], ["inspect", Repo.sampleTokenizer, "--format", "xml"]] {
            let result = try run(arguments)
            XCTAssertNotEqual(result.status, 0)
            XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, result.stderr)
            XCTAssertFalse(result.stderr.contains("Fatal error"))
        }
    }
}
