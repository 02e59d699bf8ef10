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

/// Broken tokenizer files of every format give one-line typed errors naming the file, never a crash.
final class FormatMalformedTests: XCTestCase {
    func assertTypedError(_ bytes: [UInt8], _ label: String, file: StaticString = #filePath, line: UInt = #line) {
        do {
            _ = try TokenizerLoader.parse(Data(bytes), path: "bad.tok")
            XCTFail("\(label): no error", file: file, line: line)
        } catch {
            XCTAssertTrue(error is TokenizerError, "\(label): \(error)", file: file, line: line)
            XCTAssertFalse("\(error)".contains("\n"), "\(label): \(error)", file: file, line: line)
            XCTAssertTrue("\(error)".hasPrefix("bad.tok: "), "\(label): \(error)", file: file, line: line)
        }
    }

    /// Parses without trapping; errors must be typed.
    func assertNoTrap(_ bytes: [UInt8], _ label: String) {
        do { _ = try TokenizerLoader.parse(Data(bytes), path: "bad.tok") } catch {
            XCTAssertTrue(error is TokenizerError, "\(label): \(error)")
        }
    }

    func testTiktoken() {
        let good = Array(FormatRankedTests.tiktoken(["ab"]).utf8)
        assertTypedError(Array("IQ== 0\n!!!! 1\n".utf8), "bad base64")
        assertTypedError(Array("IQ== 0\nIg== \n".utf8), "missing rank")
        assertTypedError(Array("IQ== 0\nIg== x1\n".utf8), "non-decimal rank")
        assertTypedError(Array("IQ== 0\n".utf8), "missing single bytes")
        assertTypedError(Array("IQ== 0\nIQ== 1\n".utf8), "repeated token")
        assertTypedError(good + Array("YWI= 0\n".utf8), "repeated rank")
        for cut in [7, 100, good.count / 2, good.count - 3] { assertNoTrap(Array(good.prefix(cut)), "truncated at \(cut)") }
    }

    func testSentencePiece() {
        assertTypedError([0x0A, 0x02, 0x0A, 0xFF], "truncated varint")
        assertTypedError([0x0A, 0x02, 0x0A, 0x09], "field past the end")
        assertTypedError([0x0A, 0x03, 0x0A, 0x01, 0x61, 0x0F], "bad wire type")
        assertTypedError([0x0A, 0x02, 0x0A, 0x00] + [0x12, 0x02, 0x18, 0x02], "BPE without usable pieces")
        assertTypedError([0x0A, 0x03, 0x0A, 0x01, 0x61, 0x1A, 0x0B] + [UInt8](repeating: 0xFF, count: 11), "varint too long")
        let piece: [UInt8] = [0x0A, 0x06] + Array("<0xZZ>".utf8) + [0x18, 0x06]
        assertTypedError([0x0A, UInt8(piece.count)] + piece + [0x12, 0x02, 0x18, 0x02], "bad byte piece")
    }

    func testRealSentencePieceTruncated() throws {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: try TokenizerCache.path("mistral-v1.model"))))
        for cut in [20, 1000, bytes.count - 5] { assertTypedError(Array(bytes.prefix(cut)), "mistral-v1 cut at \(cut)") }
    }

    func testTekken() {
        assertTypedError(Array(#"{"config": {}, "vocab": [{"token_bytes": "QQ=="}]}"#.utf8), "no pattern")
        assertTypedError(Array(#"{"config": {"pattern": "a"}, "vocab": [{"token_bytes": 3}]}"#.utf8), "token_bytes not a string")
        assertTypedError(Array(#"{"config": {"pattern": "a"}, "vocab": [{"token_bytes": "!!"}]}"#.utf8), "bad base64")
        assertTypedError(Array(#"{"config": {"pattern": "a"}, "vocab": {"token_bytes": "QQ=="}}"#.utf8), "vocab not a list")
        assertTypedError(Array(#"{"config": {"pattern": "a"}, "vocab": [{"token_bytes": "QQ==", "rank": -4}]}"#.utf8), "negative rank")
        assertTypedError(Array(#"{"config": {"pattern": "a"}, "vocab": [{"token_bytes": "QQ=="}]}"#.utf8), "missing bytes")
        assertTypedError(Array(#"{"config": {"pattern": "a", "default_num_special_tokens": -5}, "vocab": [{"token_bytes": "QQ=="}]}"#.utf8), "negative specials")
        assertTypedError(Array(#"{"config": {"pattern": "a"}, "vocab": [{"token_bytes": "QQ=="#.utf8), "truncated JSON")
    }

    func testGGUF() throws {
        let header = Array("GGUF".utf8)
        assertTypedError(header, "no version")
        assertTypedError(header + [9, 0, 0, 0] + [UInt8](repeating: 0, count: 16), "unknown version")
        assertTypedError(header + [3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0], "huge key count")
        assertTypedError(header + [3, 0, 0, 0] + [UInt8](repeating: 0, count: 16), "no tokenizer keys")
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: try TokenizerCache.path("gguf/ggml-vocab-gpt-2.gguf"))))
        for cut in [30, 5000, bytes.count / 2, bytes.count - 1] { assertTypedError(Array(bytes.prefix(cut)), "gpt-2 gguf cut at \(cut)") }
        // Flipped bytes anywhere in the header area: an error or a model, never a trap.
        var generator = SeededGenerator(seed: 7)
        for _ in 0..<20 {
            var copy = Array(bytes.prefix(20_000))
            let position = Int.random(in: 4..<copy.count, using: &generator)
            copy[position] ^= UInt8.random(in: 1...255, using: &generator)
            assertNoTrap(copy, "flip at \(position)")
        }
    }

    func testHFAndMergesAndGzip() {
        assertTypedError(Array(#"{"model": {"type": "BPE", "vocab": {"a": 99999999999999}, "merges": []}}"#.utf8), "huge id")
        assertTypedError(Array(#"{"model": {"type": "BPE", "vocab": {"a": 0, "b": 1}, "merges": ["a c"]}}"#.utf8), "merge part not in vocab")
        assertTypedError(Array(#"{"model": {"type": "BPE", "vocab": {"a": 0}, "merges": []}, "pre_tokenizer": {"type": "Metaspace", "prepend_scheme": "sometimes"}}"#.utf8), "bad prepend scheme")
        assertTypedError(Array(#"{"model": {"type": "BPE", "vocab": {"a": 0}, "merges": [], "end_of_word_suffix": "</w>"}}"#.utf8), "suffix")
        assertTypedError(Array("#version: 0.2\na b\nc d\n\u{1}\u{2} x\n".utf8), "merge outside the byte alphabet")
        assertTypedError([0x1F, 0x8B, 0x08, 0x00, 0x01, 0x02], "broken gzip")
    }
}
