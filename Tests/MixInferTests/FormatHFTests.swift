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

/// HF tokenizer.json beyond byte-level: SentencePiece-style BPE (Metaspace or Prepend+Replace, byte fallback,
/// Digits, ignore_merges), checked against ids from HF `tokenizers` (Tests/Fixtures/hf-metaspace/make.py).
final class FormatHFTests: XCTestCase {
    static let directory = Repo.path("Tests/Fixtures/hf-metaspace")

    func expected() throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: FormatHFTests.directory + "/expected.json"))
        return try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    func testSentencePieceStyleJSONMatchesHuggingFace() throws {
        let expected = try expected()
        let text = try XCTUnwrap(expected["text"] as? String)
        for name in ["legacy", "metaspace", "metaspace-ignore-merges"] {
            let model = try TokenizerModel.load(FormatHFTests.directory + "/\(name).json")
            if case .bytes = model.initialSymbols { XCTFail("\(name) read as byte-level") }
            let ours = try TextEncoder(model: model).encode(text)
            let reference = try XCTUnwrap(expected[name] as? [Int])
            let (rate, mismatch) = matchRate(ours, reference)
            print("hf \(name): \(String(format: "%.2f", rate * 100))%")
            if let mismatch {
                XCTFail("\(name): first mismatch at \(mismatch): ours \(Array(ours[mismatch..<min(ours.count, mismatch + 6)])) reference \(Array(reference[mismatch..<min(reference.count, mismatch + 6)]))")
            }
        }
    }

    func testByteFallbackAndUnknownCharacters() throws {
        let model = try TokenizerModel.load(FormatHFTests.directory + "/metaspace.json")
        let encoder = try TextEncoder(model: model)
        // A character outside the alphabet falls back to its UTF-8 bytes as <0xNN> tokens.
        let ids = try encoder.encode("漢")
        let json = try XCTUnwrap(JSONSerialization.jsonObject(
            with: Data(contentsOf: URL(fileURLWithPath: FormatHFTests.directory + "/metaspace.json"))) as? [String: Any])
        let vocab = try XCTUnwrap((json["model"] as? [String: Any])?["vocab"] as? [String: Int])
        XCTAssertEqual(Array(ids.suffix(3)), ["<0xE6>", "<0xBC>", "<0xA2>"].compactMap { vocab[$0] })
    }

    func testIgnoreMergesOnByteLevelJSON() throws {
        // A byte-level vocabulary where "abc" is a token but no merge reaches it: with ignore_merges it is one token.
        let json = """
        {"model": {"type": "BPE", "ignore_merges": true, "vocab": {"a": 0, "b": 1, "c": 2, "ab": 3, "abc": 4},
          "merges": ["a b"]}, "pre_tokenizer": {"type": "ByteLevel", "add_prefix_space": false}}
        """
        let model = try TokenizerLoader.parse(Data(json.utf8), path: "t.json")
        XCTAssertEqual(try TextEncoder(model: model).encode("abc abcc"), [4, 3, 2, 2])
        var plain = model
        plain.mergeSelection = .mergeList
        XCTAssertEqual(try TextEncoder(model: plain).encode("abc"), [3, 2])
    }
}

final class FormatMetaspaceTests: XCTestCase {
    func testMetaspaceFollowsHuggingFaceRules() throws {
        // Expected pieces from tokenizers 0.23.3 `Metaspace(...).pre_tokenize_str`.
        let always = try Pretokenizer(.metaspace(replacement: "\u{2581}", prependScheme: .always, split: true)).makeSession()
        XCTAssertEqual(try always.pieces(of: "Hey  friend").map { String(decoding: $0, as: UTF8.self) }, ["▁Hey", "▁", "▁friend"])
        XCTAssertEqual(try always.pieces(of: " Hey").map { String(decoding: $0, as: UTF8.self) }, ["▁Hey"])
        let never = try Pretokenizer(.metaspace(replacement: "\u{2581}", prependScheme: .never, split: false)).makeSession()
        XCTAssertEqual(try never.pieces(of: "a b").map { String(decoding: $0, as: UTF8.self) }, ["a▁b"])
    }
}
