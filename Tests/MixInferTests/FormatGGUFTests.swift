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

/// GGUF vocab files checked against llama.cpp's own `.inp`/`.out` test vectors.
final class FormatGGUFTests: XCTestCase {
    /// (file, required exact): files whose vectors must all match.
    static let files = ["gpt-2", "llama-bpe", "qwen2", "llama-spm", "phi-3", "mpt", "starcoder", "refact",
                        "command-r", "deepseek-coder", "deepseek-llm", "falcon", "qwen35"]

    func vectors(_ name: String) throws -> [(text: String, ids: [Int])] {
        let base = try TokenizerCache.path("gguf/ggml-vocab-\(name).gguf")
        let input = try String(contentsOfFile: base + ".inp", encoding: .utf8)
        let output = try String(contentsOfFile: base + ".out", encoding: .utf8)
        var texts = input.components(separatedBy: "\n__ggml_vocab_test__\n")
        if texts.last == "" { texts.removeLast() }
        let lines = output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        return zip(texts, lines).map { text, line in (text, line.split(separator: " ").compactMap { Int($0) }) }
    }

    func check(_ name: String) throws -> (matched: Int, total: Int, failures: [String]) {
        let model = try TokenizerCache.model("gguf/ggml-vocab-\(name).gguf")
        let encoder = try TextEncoder(model: model)
        var matched = 0
        var failures: [String] = []
        let cases = try vectors(name)
        XCTAssertGreaterThanOrEqual(cases.count, 10, "\(name): llama.cpp's vectors were not read")
        XCTAssertTrue(cases.allSatisfy { !$0.ids.isEmpty || $0.text.isEmpty }, "\(name): a vector without ids")
        for (text, ids) in cases {
            let ours = try encoder.encode(text)
            if ours == ids { matched += 1 } else { failures.append("\(text.debugDescription): ours \(ours) llama.cpp \(ids)") }
        }
        print("gguf \(name): \(matched)/\(cases.count) test vectors match")
        return (matched, cases.count, failures)
    }

    func testByteLevelGGUFMatchesLlamaCpp() throws {
        for name in ["gpt-2", "llama-bpe", "qwen2", "mpt", "starcoder", "refact", "command-r", "qwen35"] {
            let result = try check(name)
            XCTAssertEqual(result.matched, result.total, "\(name): \(result.failures.prefix(3))")
        }
    }

    func testSentencePieceGGUFMatchesLlamaCpp() throws {
        for name in ["llama-spm", "phi-3"] {
            let result = try check(name)
            XCTAssertEqual(result.matched, result.total, "\(name): \(result.failures.prefix(3))")
        }
    }

    func testOtherGGUFPretokenizers() throws {
        for name in ["deepseek-coder", "deepseek-llm", "falcon"] {
            let result = try check(name)
            XCTAssertEqual(result.matched, result.total, "\(name): \(result.failures.prefix(3))")
        }
    }

    func testRefusesNonBPEModels() throws {
        for name in ["bert-bge", "nomic-bert-moe", "gemma-4"] {
            let path = try TokenizerCache.path("gguf/ggml-vocab-\(name).gguf")
            XCTAssertThrowsError(try TokenizerModel.load(path)) { error in
                guard case TokenizerError.unsupportedModel = error else { return XCTFail("\(name): \(error)") }
            }
        }
    }
}
