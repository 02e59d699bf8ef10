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

/// tiktoken, Tekken, SentencePiece and merges-list readers: structure beyond encode parity.
final class FormatRankedTests: XCTestCase {
    /// A tiktoken file with the 256 single bytes (GPT-2 order irrelevant here) and `extra` multi-byte tokens.
    static func tiktoken(_ extra: [String]) -> String {
        var lines = (0..<256).map { "\(Data([UInt8($0)]).base64EncodedString()) \($0)" }
        for (index, token) in extra.enumerated() { lines.append("\(Data(token.utf8).base64EncodedString()) \(256 + index)") }
        return lines.joined(separator: "\n") + "\n"
    }

    func testUnknownTiktokenVocabularyAsksForPretokenizerAndOverrideWorks() throws {
        let data = Data(FormatRankedTests.tiktoken(["ab", "abc", " a", "xyz"]).utf8)
        XCTAssertThrowsError(try TokenizerLoader.parse(data, path: "t.tiktoken")) { error in
            guard case TokenizerError.unsupportedModel = error else { return XCTFail("\(error)") }
            XCTAssertTrue("\(error)".contains("--pretokenizer"), "\(error)")
            XCTAssertFalse("\(error)".contains("\n"))
        }
        let model = try TokenizerLoader.parse(data, path: "t.tiktoken", options: TokenizerLoadOptions(pretokenizer: "gpt2"))
        XCTAssertEqual(model.format, .tiktoken)
        // "ab" = a+b, "abc" = ab+c, " a" = space+a; "xyz" needs two merges: unreachable, reported, not fatal.
        XCTAssertEqual(model.merges.count, 3)
        XCTAssertEqual(model.unreachableTokens.map { model.tokenBytes[Int($0)] }, [Array("xyz".utf8)])
        // tiktoken looks whole pieces up first, so "xyz" still encodes to its rank.
        XCTAssertEqual(try TextEncoder(model: model).encode("abc,xyz"), [257, 44, 259])
        XCTAssertEqual(try TextEncoder(model: model).encode("abc xyz"), [257, 32, 120, 121, 122])
        XCTAssertThrowsError(try TokenizerLoader.parse(data, path: "t.tiktoken", options: TokenizerLoadOptions(pretokenizer: "nope"))) {
            XCTAssertTrue("\($0)".contains("unknown pretokenizer 'nope'"), "\($0)")
        }
        XCTAssertEqual(try TokenizerModel.load(Repo.sampleTokenizer, pretokenizer: "cl100k").family, "cl100k")
    }

    func testRealTiktokenFilesRecoverMergesAndReportUnreachableTokens() throws {
        let expected: [(String, String, Int)] = [("llama3.tiktoken.model", "llama3", 678), ("qwen3.6.tiktoken", "qwen3.6", 232),
                                                 ("cl100k_base.tiktoken", "cl100k", 0), ("p50k_base.tiktoken", "p50k", 0)]
        for (file, family, unreachable) in expected {
            let model = try TokenizerCache.model(file)
            XCTAssertEqual(model.family, family)
            XCTAssertEqual(model.unreachableTokens.count, unreachable, file)
            XCTAssertEqual(model.merges.count + unreachable + 256, model.tokenBytes.count, file)
        }
        // p50k has a hole at rank 50256: the ids of the runs of spaces after it keep their ranks.
        let p50k = try TokenizerCache.model("p50k_base.tiktoken")
        XCTAssertFalse(p50k.externalIds.contains(50256))
        XCTAssertEqual(p50k.externalIds.last, 50280)
        // Llama 4 does not list single bytes in GPT-2 order: byte 0xC0 has rank 0.
        let llama4 = try TokenizerCache.model("llama4.tiktoken.model")
        guard case let .bytes(byteIds) = llama4.initialSymbols else { return XCTFail("not byte-level") }
        XCTAssertEqual(llama4.externalIds[Int(byteIds[0xC0])], 0)
    }

    func testKnownBaseDetection() throws {
        let llama3 = TokenizerSummary(try TokenizerCache.model("llama3.tiktoken.model"))
        XCTAssertEqual(llama3.knownVocabulary, "llama3")
        XCTAssertEqual(llama3.knownBase?.name, "cl100k")
        XCTAssertEqual(llama3.knownBase?.merges, 100_000)
        let olmo = TokenizerSummary(try TokenizerCache.model("olmo-cl100k.json"))
        XCTAssertEqual(olmo.knownVocabulary, "cl100k")
        // HF Qwen3 JSON and Qwen's tiktoken file give the same merge list.
        let qwen3 = try TokenizerCache.model("qwen3.json"), qwen = try TokenizerCache.model("qwen.tiktoken")
        XCTAssertEqual(TokenizerSummary.sharedPrefix(qwen3, qwen), qwen3.merges.count)
    }

    func testTekkenIdsAreRankPlusSpecialTokens() throws {
        let model = try TokenizerCache.model("tekken-nemo.json")
        XCTAssertEqual(model.vocabularySize, 131_072)
        XCTAssertEqual(model.tokenBytes.count, 130_072)
        guard case let .bytes(byteIds) = model.initialSymbols else { return XCTFail("not byte-level") }
        XCTAssertEqual(model.externalIds[Int(byteIds[0x41])], 0x41 + 1000)
    }

    func testSentencePieceModelsAreReadWithScoresAndByteFallback() throws {
        let mistral = try TokenizerCache.model("mistral-v1.model")
        XCTAssertEqual(mistral.format, .sentencePiece)
        XCTAssertEqual(mistral.vocabularySize, 32_000)
        XCTAssertEqual(mistral.normalizer, .sequence([.prepend("\u{2581}"), .replace(pattern: " ", content: "\u{2581}")]))
        guard case let .characters(table) = mistral.initialSymbols else { return XCTFail("not character-level") }
        XCTAssertEqual(table.byteFallback.count, 256)
        XCTAssertEqual(table.byteFallback[0], 3)  // <0x00>
        // The merges follow the training order, which the ids keep: ▁▁ (id 259, its score edited to −1e9 after
        // training) is the first merge, ▁t (id 261, the best score) the third.
        XCTAssertEqual(mistral.merges.prefix(3).map(\.result), [259, 260, 261])
        let gemma = try TokenizerCache.model("gemma.model")
        XCTAssertEqual(gemma.normalizer, .sequence([.replace(pattern: " ", content: "\u{2581}")]))  // no dummy prefix
    }

    func testSentencePieceUnigramIsRefused() throws {
        // ModelProto { pieces { piece: "a" score: -1 } trainer_spec { model_type: UNIGRAM } }
        let piece: [UInt8] = [0x0A, 0x01, 0x61, 0x15, 0x00, 0x00, 0x80, 0xBF]
        let bytes: [UInt8] = [0x0A, UInt8(piece.count)] + piece + [0x12, 0x02, 0x18, 0x01]
        XCTAssertThrowsError(try TokenizerLoader.parse(Data(bytes), path: "u.model")) { error in
            guard case TokenizerError.unsupportedModel = error else { return XCTFail("\(error)") }
            XCTAssertTrue("\(error)".contains("Unigram"), "\(error)")
        }
    }

    func testGPT2MergesTextWithVocabJSON() throws {
        // Write merges.txt + vocab.json from the HF fixture and check both readers agree.
        let hf = try TokenizerModel.load(Repo.hfFixture + "/tokenizer.json")
        let json = try XCTUnwrap(JSONSerialization.jsonObject(
            with: Data(contentsOf: URL(fileURLWithPath: Repo.hfFixture + "/tokenizer.json"))) as? [String: Any])
        let model = try XCTUnwrap(json["model"] as? [String: Any])
        let merges = try XCTUnwrap(model["merges"] as? [Any]).map { raw -> String in
            if let pair = raw as? [String] { return pair.joined(separator: " ") }
            return raw as? String ?? ""
        }
        let directory = try TemporaryDirectory()
        try directory.write("merges.txt", "#version: 0.2\n" + merges.joined(separator: "\n") + "\n")
        try Data(JSONSerialization.data(withJSONObject: model["vocab"] ?? [:])).write(to: URL(fileURLWithPath: directory.file("vocab.json")))
        let loaded = try TokenizerModel.load(directory.file("merges.txt"))
        XCTAssertEqual(loaded.format, .mergesText)
        XCTAssertEqual(loaded.mergePairs.map { $0.left + [0xFF] + $0.right }, hf.mergePairs.map { $0.left + [0xFF] + $0.right })
        let text = "The quick brown fox, 1234 times."
        XCTAssertEqual(try TextEncoder(model: loaded).encode(text), try TextEncoder(model: hf).encode(text))
    }
}
