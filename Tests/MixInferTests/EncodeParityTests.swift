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

/// The real tokenizer files `scripts/fetch-tokenizers` puts in the cache. Missing files skip the test,
/// except under CI (`CI` set), where they fail it.
enum TokenizerCache {
    static let directory: String = {
        if let custom = ProcessInfo.processInfo.environment["MIXINFER_TOKENIZERS"], !custom.isEmpty { return custom }
        return (NSHomeDirectory() as NSString).appendingPathComponent(".cache/mixinfer/tokenizers")
    }()

    static func path(_ name: String) throws -> String {
        let path = (directory as NSString).appendingPathComponent(name)
        if FileManager.default.fileExists(atPath: path) { return path }
        if ProcessInfo.processInfo.environment["CI"] != nil {
            XCTFail("\(path) is missing: run scripts/fetch-tokenizers")
            throw XCTSkip("missing under CI")
        }
        throw XCTSkip("\(path) not found (run scripts/fetch-tokenizers)")
    }

    private static let lock = NSLock()
    nonisolated(unsafe) private static var models: [String: TokenizerModel] = [:]

    /// Loads each cache file once per test run.
    static func model(_ name: String) throws -> TokenizerModel {
        let path = try path(name)
        lock.lock()
        defer { lock.unlock() }
        if let model = models[name] { return model }
        let model = try TokenizerModel.load(path)
        models[name] = model
        return model
    }
}

/// Reference ids of `Tests/Fixtures/encode/<name>.ids.json`.
struct EncodeFixture {
    let ids: [Int]
    let input: String
    let pattern: String?

    init(_ name: String) throws {
        let directory = Repo.path("Tests/Fixtures/encode")
        let data = try Data(contentsOf: URL(fileURLWithPath: "\(directory)/\(name).ids.json"))
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
        ids = try XCTUnwrap(json["ids"] as? [Int])
        pattern = json["pattern"] as? String
        let inputName = FileManager.default.fileExists(atPath: "\(directory)/\(name).input.txt") ? "\(name).input.txt" : "parity-text.txt"
        input = try XCTUnwrap(String(data: Data(contentsOf: URL(fileURLWithPath: "\(directory)/\(inputName)")), encoding: .utf8))
    }
}

/// Share of reference ids reproduced: common prefix + common suffix, over the reference length.
func matchRate(_ ours: [Int], _ reference: [Int]) -> (rate: Double, firstMismatch: Int?) {
    if ours == reference { return (1, nil) }
    var prefix = 0
    while prefix < min(ours.count, reference.count) && ours[prefix] == reference[prefix] { prefix += 1 }
    var suffix = 0
    while suffix < min(ours.count, reference.count) - prefix
            && ours[ours.count - 1 - suffix] == reference[reference.count - 1 - suffix] { suffix += 1 }
    return (Double(prefix + suffix) / Double(max(reference.count, 1)), prefix)
}

final class EncodeParityTests: XCTestCase {
    func assertParity(_ fixture: String, _ file: String, line: UInt = #line) throws {
        try assertParity(fixture, model: TokenizerCache.model(file), line: line)
    }

    func assertParity(_ fixture: String, model: TokenizerModel, line: UInt = #line) throws {
        let reference = try EncodeFixture(fixture)
        let ours = try TextEncoder(model: model).encode(reference.input)
        let (rate, mismatch) = matchRate(ours, reference.ids)
        print("encode parity \(fixture): \(String(format: "%.2f", rate * 100))% (\(ours.count) ids, reference \(reference.ids.count))")
        if let mismatch {
            let context = ours[max(0, mismatch - 3)..<min(ours.count, mismatch + 5)]
            let expected = reference.ids[max(0, mismatch - 3)..<min(reference.ids.count, mismatch + 5)]
            XCTFail("\(fixture): first mismatch at id \(mismatch): ours \(Array(context)) reference \(Array(expected))", line: line)
        }
    }

    /// The shipped sample tokenizer: read from `Samples/`, not from the cache.
    func testClaudeLegacyJSONEncodesLikeHuggingFaceTokenizers() throws {
        try assertParity("claude-legacy", model: TokenizerModel.load(Repo.sampleTokenizer))
    }

    func testOLMoGPTNeoXJSONEncodesLikeHuggingFaceTokenizers() throws {
        try assertParity("olmo-gpt-neox", "olmo-gpt-neox.json")
    }

    func testOLMoCl100kJSONEncodesLikeHuggingFaceTokenizers() throws {
        try assertParity("olmo-cl100k", "olmo-cl100k.json")
    }

    func testDeepSeekJSONWithThreeStepSplitEncodesLikeHuggingFaceTokenizers() throws {
        try assertParity("deepseek", "deepseek.json")
    }

    func testQwen3JSONWithPairMergesEncodesLikeHuggingFaceTokenizers() throws {
        try assertParity("qwen3", "qwen3.json")
    }

    func testGPT2TiktokenRecoveredMergesEncodeLikeTiktoken() throws {
        try assertParity("gpt2", "gpt2.tiktoken")
    }

    func testP50kTiktokenEncodesLikeTiktoken() throws {
        try assertParity("p50k_base", "p50k_base.tiktoken")
    }

    func testCl100kTiktokenEncodesLikeTiktoken() throws {
        try assertParity("cl100k_base", "cl100k_base.tiktoken")
    }

    func testO200kTiktokenEncodesLikeTiktoken() throws {
        try assertParity("o200k_base", "o200k_base.tiktoken")
    }

    func testLlama3TiktokenWithUnreachableTokensEncodesLikeTiktoken() throws {
        try assertParity("llama3", "llama3.tiktoken.model")
    }

    func testLlama4TiktokenEncodesLikeTiktoken() throws {
        try assertParity("llama4", "llama4.tiktoken.model")
    }

    func testQwenTiktokenEncodesLikeTiktoken() throws {
        try assertParity("qwen", "qwen.tiktoken")
    }

    func testQwen36TiktokenEncodesLikeTiktoken() throws {
        try assertParity("qwen3.6", "qwen3.6.tiktoken")
    }

    func testTekkenNeMoEncodesLikeMistralCommon() throws {
        try assertParity("tekken-nemo", "tekken-nemo.json")
    }

    func testGPT2GGUFEncodesLikeTiktoken() throws {
        try assertParity("gpt2", "gguf/ggml-vocab-gpt-2.gguf")
    }

    func testLlamaBPEGGUFEncodesLikeLlama3() throws {
        try assertParity("llama3", "gguf/ggml-vocab-llama-bpe.gguf")
    }

    func testLlamaSPMGGUFEncodesLikeLlama2SentencePiece() throws {
        try assertParity("llama2", "gguf/ggml-vocab-llama-spm.gguf")
    }

    func testCLIPGzippedMergesEncodeLikeOpenCLIP() throws {
        try assertParity("clip-bpe", "clip-bpe.txt.gz")
    }

    func testMistralV1SentencePieceModelEncodesLikeSentencePiece() throws {
        try assertParity("mistral-v1", "mistral-v1.model")
    }

    func testLlama2SentencePieceModelEncodesLikeSentencePiece() throws {
        try assertParity("llama2", "llama2.model")
    }

    func testGemmaSentencePieceModelEncodesLikeSentencePiece() throws {
        try assertParity("gemma", "gemma.model")
    }
}
