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

/// Ground truth from the `sentencepiece` BPE trainer: `Tests/Fixtures/spm-mixture` (made by its `make.py`).
final class SentencePieceTruthTests: XCTestCase {
    static let fixture = Repo.path("Tests/Fixtures/spm-mixture")

    struct Truth {
        var shares: [String: Double]
        var categories: [String]
        /// Category → file name → bytes of that file in the training text (a prefix cut at a line end).
        var taken: [String: [String: Int]]
    }

    func truth() throws -> Truth {
        let data = try Data(contentsOf: URL(fileURLWithPath: Self.fixture + "/truth.json"))
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
        return Truth(shares: try XCTUnwrap(json["true_shares"] as? [String: Double]),
                     categories: try XCTUnwrap(json["categories"] as? [String]),
                     taken: try XCTUnwrap(json["taken_bytes"] as? [String: [String: Int]]))
    }

    /// Held-out inference (the odd-indexed Samples files), default options: every share within 0.02.
    func testInfersTheTrainingMixtureFromHeldOutSamples() throws {
        let truth = try truth()
        let model = try TokenizerModel.load(Self.fixture + "/spm.model")
        let (_, infer) = try sampleHalves(truth.categories)
        let estimate = try MixInferTests.infer(model, infer, merges: 3000)
        XCTAssertEqual(estimate.normalization, .pairs, "character-level model: pair normalisation by default")
        let error = maxAbsoluteError(estimate, truth: truth.shares)
        XCTAssertLessThan(error, 0.02, "\(Dictionary(uniqueKeysWithValues: zip(estimate.names, estimate.shares)))")
    }

    /// On the exact training text the replay counts what the trainer counted: the LP needs no slack and
    /// returns the true shares.
    func testTheTrainingTextItselfNeedsNoSlack() throws {
        let truth = try truth()
        let model = try TokenizerModel.load(Self.fixture + "/spm.model")
        let directory = try TemporaryDirectory()
        for category in truth.categories {
            var text = Data()
            for (name, bytes) in truth.taken[category, default: [:]].sorted(by: { $0.key < $1.key }) {
                let file = Repo.samples + "/\(category)/\(name)"
                var part = try Data(contentsOf: URL(fileURLWithPath: file)).prefix(bytes)
                if part.last != 0x0A { part.append(0x0A) }
                text.append(part)
            }
            try directory.write("\(category)/000.txt", String(decoding: text, as: UTF8.self))
        }
        let categories = try Category.discover(in: directory.path)
        let estimate = try MixInferTests.infer(model, categories, merges: 3000)
        XCTAssertLessThan(estimate.solution.objective, 1e-6)
        XCTAssertLessThan(maxAbsoluteError(estimate, truth: truth.shares), 1e-6)
    }

    func testPieceRulesAreTheTrainers() {
        var rules = SentencePieceTraining()
        func valid(_ text: String) -> Bool { rules.isValidPiece(text.unicodeScalars.map(\.value)) }
        XCTAssertTrue(valid("▁the"))
        XCTAssertFalse(valid("e,"), "Latin + Common")
        XCTAssertTrue(valid("▁("), "▁ takes no part in the script test")
        XCTAssertFalse(valid("e▁"), "▁ only in front")
        XCTAssertTrue(valid("日本"))
        XCTAssertTrue(valid("ひらカナ漢"), "Hiragana and Katakana count as Han")
        XCTAssertTrue(valid("ラー"), "the prolonged sound mark counts as Katakana")
        XCTAssertTrue(valid("e\u{301}t"), "a combining mark takes the script before it")
        XCTAssertFalse(valid("дa"), "Cyrillic + Latin")
        XCTAssertTrue(valid("12"), "digits group without split_digits")
        XCTAssertFalse(valid("a1"), "Latin + Common digit")
        XCTAssertFalse(valid("▁▁"))
        XCTAssertFalse(valid(String(repeating: "a", count: 17)))
        rules.splitDigits = true
        XCTAssertFalse(valid("12"))
        XCTAssertTrue(valid("1"))
        rules.allowWhitespaceOnlyPieces = true
        XCTAssertTrue(valid("▁▁"))
        XCTAssertFalse(valid("▁▁a"))
    }

    func testModelCarriesTheTrainerSpecAndCountsLineByLine() throws {
        let model = try TokenizerModel.load(Self.fixture + "/spm.model")
        let training = try XCTUnwrap(model.sentencePieceTraining)
        XCTAssertTrue(training.splitDigits)
        XCTAssertTrue(training.allowWhitespaceOnlyPieces)
        XCTAssertTrue(model.untrainedMerges.isEmpty)
        XCTAssertEqual(model.countingNormalizer.apply("a b\nc"), "▁a▁b\n▁c", "every line is a sentence")
        XCTAssertEqual(model.normalizer.apply("a b\nc"), "▁a▁b\nc", "the encoder sees one text")
        // Pairs with a byte-fallback piece or across scripts never count; letter pairs do.
        let id = { (text: String) in UInt32(model.tokenBytes.lastIndex(of: Array(text.utf8))!) }  // after <0xNN> pieces
        let byte = UInt32(model.tokenBytes.firstIndex(of: [0x0A])!)
        XCTAssertTrue(training.countsPair(id("t"), id("h"), tokenBytes: model.tokenBytes))
        XCTAssertFalse(training.countsPair(id("t"), id(","), tokenBytes: model.tokenBytes))
        XCTAssertFalse(training.countsPair(id("t"), byte, tokenBytes: model.tokenBytes))
    }

    /// Pieces ranked first that the trainer's rules forbid are found, listed by `inspect`, and left unconstrained.
    func testHandAddedPiecesAreUntrainedAndUnconstrained() throws {
        let model = try TokenizerModel.load(Self.fixture + "/handmade.model")
        XCTAssertEqual(model.untrainedMerges, [0, 1, 2])
        XCTAssertEqual(model.merges.prefix(3).map { String(decoding: model.tokenBytes[Int($0.result)], as: UTF8.self) },
                       ["12", "a,", "e▁"])
        XCTAssertTrue(TokenizerSummary(model).text.contains("untrained:       \(model.untrainedMerges.count) merges"))
        let (_, infer) = try sampleHalves(["en", "python"])
        let estimate = try MixInferTests.infer(model, infer, merges: 200)
        XCTAssertEqual(estimate.solution.untrainedMerges, model.untrainedMerges.count)
        XCTAssertFalse(estimate.solution.missingMerges.contains { model.untrainedMerges.contains($0) })
    }

    /// Scores edited after training (Llama 2, Mistral v1 move runs of `▁` to −1e9) leave the training order in
    /// the ids: the replay keeps the piece's place, the encoder its edited priority.
    func testEditedScoresKeepTheTrainingOrderForTheReplay() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: Self.fixture + "/spm.model"))
        var parsed = try SentencePieceModelReader.parse(data, path: "spm.model")
        let first = try XCTUnwrap(parsed.pieces.firstIndex { $0.type == .normal && $0.text.count > 1 })
        func build() throws -> TokenizerModel {
            try SentencePieceModelReader.build(pieces: parsed.pieces, byteFallback: true, addDummyPrefix: true,
                                               escapeWhitespaces: true, path: "spm.model", format: .sentencePiece)
        }
        XCTAssertEqual(try build().merges.first?.result, UInt32(first))
        parsed.pieces[first].score = -1e9
        let edited = try build()
        XCTAssertEqual(edited.merges.first?.result, UInt32(first), "training order: the id's")
        guard case let .tokenRanks(rank, _) = edited.mergeSelection else { return XCTFail("ranks expected") }
        XCTAssertEqual(rank[first], rank.max(), "encoding priority: the edited score's")
    }
}
