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

final class TokenizerTests: XCTestCase {
    func testLoadsRealByteLevelTokenizerWithStringMerges() throws {
        let model = try TokenizerModel.load(Repo.sampleTokenizer)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(
            with: Data(contentsOf: URL(fileURLWithPath: Repo.sampleTokenizer))) as? [String: Any])
        let merges = try XCTUnwrap((json["model"] as? [String: Any])?["merges"] as? [Any])
        XCTAssertEqual(model.merges.count, merges.count)
        XCTAssertEqual(model.normalizer, .nfkc)
        let first = try XCTUnwrap(merges.first as? String).split(separator: " ").map(String.init)
        XCTAssertEqual(model.mergePairs[0].left, ByteLevelAlphabet.decode(first[0]))
        XCTAssertEqual(model.mergePairs[0].right, ByteLevelAlphabet.decode(first[1]))
    }

    func testLoadsPairMergesWrittenByHuggingFaceTrainer() throws {
        let model = try TokenizerModel.load(Repo.hfFixture + "/tokenizer.json")
        XCTAssertEqual(model.merges.count, 3000)
        XCTAssertEqual(model.pretokenizer, .byteLevel(addPrefixSpace: false, useRegex: true))
        // Every merge result is a vocabulary entry of the file.
        XCTAssertTrue(model.merges.allSatisfy { model.externalIds[Int($0.result)] >= 0 })
    }

    func testOwnWriterRoundTripsThroughLoader() throws {
        let words = WordCounts(words: [(Array("hello".utf8), 5), (Array(" hello".utf8), 3), (Array("help".utf8), 2)], bytes: 30)
        let trained = BPETrainer.train(words: words, merges: 6)
        let loaded = try TokenizerLoader.parse(Data(HFTokenizerJSONWriter.json(trained).utf8), path: "memory")
        XCTAssertEqual(loaded.mergePairs.map { $0.left + [0] + $0.right }, trained.mergePairs.map { $0.left + [0] + $0.right })
    }

    func testTrainerMergesMostFrequentPairFirst() {
        let words = WordCounts(words: [(Array("ab".utf8), 5), (Array("cd".utf8), 3)], bytes: 10)
        let trained = BPETrainer.train(words: words, merges: 2)
        XCTAssertEqual(trained.mergePairs.map { $0.left + $0.right }, [Array("ab".utf8), Array("cd".utf8)])
    }

    func testRefusesWordPieceAndUnigramModels() throws {
        for type in ["WordPiece", "Unigram"] {
            let json = #"{"model": {"type": "\#(type)", "vocab": {}}}"#
            XCTAssertThrowsError(try TokenizerLoader.parse(Data(json.utf8), path: "t.json")) { error in
                guard case TokenizerError.unsupportedModel = error else { return XCTFail("\(error)") }
                XCTAssertTrue("\(error)".contains(type))
            }
        }
    }

    func testMalformedFilesGiveOneLineErrors() {
        let cases = ["", "{", #"{"model": 3}"#, #"{"model": {"type": "BPE", "vocab": {}, "merges": [1]}, "pre_tokenizer": {"type": "ByteLevel"}}"#,
                     "\u{0}\u{1}binary", #"{"model": {"type": "BPE", "vocab": {"a": "x"}, "merges": []}, "decoder": {"type": "ByteLevel"}}"#]
        for text in cases {
            XCTAssertThrowsError(try TokenizerLoader.parse(Data(text.utf8), path: "bad.json"), text) { error in
                XCTAssertTrue(error is TokenizerError, "\(error)")
                XCTAssertFalse("\(error)".contains("\n"))
                XCTAssertTrue("\(error)".hasPrefix("bad.json: "))
            }
        }
    }
}
