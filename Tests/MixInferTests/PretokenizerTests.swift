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

final class PretokenizerTests: XCTestCase {
    func pieces(_ spec: PretokenizerSpec, _ text: String) throws -> [String] {
        try Pretokenizer(spec).makeSession().pieces(of: text).map { String(decoding: $0, as: UTF8.self) }
    }

    func testGPT2RegexSplitsContractionsLettersNumbersAndSpaces() throws {
        let spec = PretokenizerSpec.byteLevel(addPrefixSpace: false, useRegex: true)
        XCTAssertEqual(try pieces(spec, "Hello world's 123 ünïcödé!!  \n  x"),
                       ["Hello", " world", "'s", " 123", " ünïcödé", "!!", "  \n ", " x"])
    }

    func testCl100kRegexWithPossessiveQuantifiersGroupsThreeDigits() throws {
        let spec = PretokenizerSpec.split(pattern: .regex(PretokenizerPresets.cl100k), behavior: .isolated, invert: false)
        XCTAssertEqual(try pieces(spec, "I'LL pay 1234567 €\r\n\r\nok"),
                       ["I", "'LL", " pay", " ", "123", "456", "7", " €\r\n\r\n", "ok"])
    }

    func testSplitBehaviorsFollowHuggingFaceSemantics() throws {
        func split(_ behavior: SplitBehavior) throws -> [String] {
            try pieces(.split(pattern: .literal("-"), behavior: behavior, invert: false), "the-final--countdown")
        }
        XCTAssertEqual(try split(.removed), ["the", "final", "countdown"])
        XCTAssertEqual(try split(.isolated), ["the", "-", "final", "-", "-", "countdown"])
        XCTAssertEqual(try split(.mergedWithPrevious), ["the-", "final-", "-", "countdown"])
        XCTAssertEqual(try split(.mergedWithNext), ["the", "-final", "-", "-countdown"])
        XCTAssertEqual(try split(.contiguous), ["the", "-", "final", "--", "countdown"])
    }

    func testSequenceAppliesEachStepToEveryPiece() throws {
        let spec = PretokenizerSpec.sequence([.digits(individual: true), .byteLevel(addPrefixSpace: true, useRegex: false)])
        XCTAssertEqual(try pieces(spec, "ab12"), [" ab", " 1", " 2"])
    }

    func testInvalidRegexIsATypedError() {
        XCTAssertThrowsError(try Pretokenizer(.split(pattern: .regex("(unclosed"), behavior: .isolated, invert: false))) {
            guard case PretokenizerError.badRegex = $0 else { return XCTFail("\($0)") }
        }
    }

    func testNFKCNormalizerFoldsCompatibilityCharacters() {
        XCTAssertEqual(NormalizerSpec.nfkc.apply("ﬁ①"), "fi1")
        XCTAssertEqual(NormalizerSpec.nfc.apply("e\u{301}"), "é")
    }
}
