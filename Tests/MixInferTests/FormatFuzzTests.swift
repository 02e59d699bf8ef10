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

/// Damaged small files of every format (random byte changes and truncations) give typed errors or a model that
/// encodes, never a trap; damaged word-count files and batch manifests (JSON, YAML) give typed errors.
/// Damaged Parquet files and zstd / gzip JSON lines give documents or a one-line `CorpusError`, never a trap.
/// `MIXINFER_FUZZ=K` runs K times as many rounds (`scripts/checks/fuzz`, K = 40, runs > 150,000 tokenizer, count and
/// manifest inputs and 480,000 corpus files). The default runs 12,000 corpus files, each written to disk and read
/// (~0.3 ms apiece in a debug build on an idle core, ~5 ms on a machine loaded three times over).
final class FormatFuzzTests: XCTestCase {
    func smallSPM() -> [UInt8] {
        func piece(_ text: String, _ score: Float, _ type: UInt8) -> [UInt8] {
            let t = Array(text.utf8)
            var body: [UInt8] = [0x0A, UInt8(t.count)] + t + [0x15]
            withUnsafeBytes(of: score.bitPattern.littleEndian) { body += $0 }
            body += [0x18, type]
            return [0x0A, UInt8(body.count)] + body
        }
        var bytes: [UInt8] = piece("<unk>", 0, 2)
        for b in 0..<256 { bytes += piece(String(format: "<0x%02X>", b), 0, 6) }
        for (i, p) in ["a", "b", "c", "▁", "ab", "▁a", "abc", "▁ab"].enumerated() { bytes += piece(p, -Float(i), 1) }
        bytes += [0x12, 0x05, 0x18, 0x02, 0x98, 0x02, 0x01]  // trainer_spec { model_type: BPE, byte_fallback: true }
        return bytes
    }

    func testFuzz() throws {
        let scale = ProcessInfo.processInfo.environment["MIXINFER_FUZZ"].map { Int($0) ?? 10 } ?? 1
        var generator = SeededGenerator(seed: 42)
        var inputs: [(String, [UInt8], Int)] = [
            ("tiktoken", Array(FormatRankedTests.tiktoken(["ab", "abc", " a"]).utf8), 600 * scale),
            ("spm", smallSPM(), 1500 * scale),
            ("tekken", Array(#"{"config": {"pattern": "\\w+|\\s+", "default_vocab_size": 300, "default_num_special_tokens": 2}, "vocab": ["# .utf8) + Array((0..<256).map { #"{"rank": \#($0), "token_bytes": "\#(Data([UInt8($0)]).base64EncodedString())"}"# }.joined(separator: ",").utf8) + Array("]}".utf8), 50 * scale),
            ("hf", Array(try Data(contentsOf: URL(fileURLWithPath: Repo.path("Tests/Fixtures/hf-metaspace/metaspace.json")))), 100 * scale),
            ("merges", Array("#version: 0.2\ni n\nt h\nin g</w>\nth e</w>\na b\n".utf8), 300 * scale),
        ]
        if let gguf = try? TokenizerCache.path("gguf/ggml-vocab-gpt-2.gguf") {
            inputs.append(("gguf", Array(try Data(contentsOf: URL(fileURLWithPath: gguf))), 8 * scale))
        }
        for (name, good, rounds) in inputs {
            do { let m = try TokenizerLoader.parse(Data(good), path: "x", options: TokenizerLoadOptions(pretokenizer: name == "tiktoken" ? "gpt2" : nil)); _ = try TextEncoder(model: m).encode("abc ab a\u{4E00}") } catch { XCTFail("\(name) good: \(error)") }
            for _ in 0..<rounds {
                var copy = good
                for _ in 0..<Int.random(in: 1...4, using: &generator) {
                    let p = Int.random(in: 0..<min(copy.count, 4000), using: &generator)
                    copy[p] = UInt8.random(in: 0...255, using: &generator)
                }
                if Bool.random(using: &generator) { copy = Array(copy.prefix(Int.random(in: 1...copy.count, using: &generator))) }
                do {
                    let m = try TokenizerLoader.parse(Data(copy), path: "x", options: TokenizerLoadOptions(pretokenizer: name == "tiktoken" ? "gpt2" : nil))
                    _ = try TextEncoder(model: m).encode("abc ab a\u{4E00} 12")
                } catch is TokenizerError {
                } catch is PretokenizerError {
                } catch { XCTFail("\(name): untyped \(error)") }
            }
            print("fuzz \(name): \(rounds) damaged variants, no trap")
        }
        let counts = CountsFile.encode(CategoryCounts(processing: "p", names: ["a", "b"], counts: [
            WordCounts(words: [(Array("hello".utf8), 3), (Array(" world".utf8), 1)], bytes: 20),
            WordCounts(words: [(Array("x".utf8), 7)], bytes: 7)]))
        for _ in 0..<(500 * scale) {
            var copy = [UInt8](counts)
            for _ in 0..<Int.random(in: 1...3, using: &generator) {
                copy[Int.random(in: 0..<copy.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
            }
            if Bool.random(using: &generator) { copy = Array(copy.prefix(Int.random(in: 0...copy.count, using: &generator))) }
            do { _ = try CountsFile.decode(Data(copy), path: "c") } catch is CorpusError {} catch { XCTFail("counts: untyped \(error)") }
        }
        print("fuzz counts: \(500 * scale) damaged variants, no trap")
        try fuzzManifests(rounds: 400 * scale, using: &generator)
    }

    /// Batch manifests (JSON and YAML, with bytes swapped for random ones or for the notation's own syntax
    /// characters, and cut short) decode or give a `ManifestError`, never a trap.
    func fuzzManifests(rounds: Int, using generator: inout SeededGenerator) throws {
        let syntax = Array("{}[],:-#&*!|>'\"\n ?%@`~0123456789.".utf8)
        for name in ["batch.json", "batch.yaml"] {
            let good = Array(try Data(contentsOf: URL(fileURLWithPath: Repo.path("Samples/" + name))))
            XCTAssertNoThrow(try BatchManifest.decode(Data(good), path: name))
            var decoded = 0
            for _ in 0..<rounds {
                var copy = good
                for _ in 0..<Int.random(in: 1...4, using: &generator) {
                    copy[Int.random(in: 0..<copy.count, using: &generator)] = Bool.random(using: &generator)
                        ? syntax.randomElement(using: &generator)! : UInt8.random(in: 0...255, using: &generator)
                }
                if Bool.random(using: &generator) { copy = Array(copy.prefix(Int.random(in: 0...copy.count, using: &generator))) }
                do {
                    _ = try BatchManifest.decode(Data(copy), path: name)
                    decoded += 1
                } catch let error as ManifestError {
                    XCTAssertFalse(error.description.contains("\n"), error.description)
                } catch { XCTFail("\(name): untyped \(error)") }
            }
            print("fuzz \(name): \(rounds) damaged variants (\(decoded) still decode), no trap")
        }
    }

    /// Damaged copies of the Parquet fixtures (bytes changed anywhere, more often in the footer, and cut short)
    /// and of compressed JSON lines are read as a category: documents or a one-line `CorpusError`.
    func testFuzzCorpusFormats() throws {
        let scale = ProcessInfo.processInfo.environment["MIXINFER_FUZZ"].map { Int($0) ?? 10 } ?? 1
        var generator = SeededGenerator(seed: 17)
        let dir = try TemporaryDirectory()
        let inputs: [(String, String?, Int)] = [
            ("snappy-dict-v2.parquet", nil, 2000), ("zstd-plain-v1.parquet", nil, 1500), ("gzip-dict-v1.parquet", nil, 1500),
            ("none-plain-v2.parquet", nil, 1500), ("nulls.parquet", nil, 1000), ("row-groups.parquet", nil, 1500),
            ("format1-dictionary.parquet", nil, 500), ("content-beside-others.parquet", "content", 500),
            ("equivalence.jsonl.zst", "content", 1500), ("equivalence.json.gz", nil, 500),
        ]
        for (name, field, rounds) in inputs {
            let good = try FormatFixtures.bytes(name)
            let path = dir.file("fuzz-" + name)
            var read = 0
            let start = Date()
            for _ in 0..<(rounds * scale) {
                let copy = Self.damaged(good, using: &generator)
                try Data(copy).write(to: URL(fileURLWithPath: path))
                do {
                    _ = try SampleReader(budget: 1 << 20).readSample(Category(name: "f", files: [path], textField: field)) { _ in }
                    read += 1
                } catch let error as CorpusError {
                    XCTAssertFalse(error.description.contains("\n"), error.description)
                } catch { XCTFail("\(name): untyped \(error)") }
            }
            print("fuzz \(name): \(rounds * scale) damaged variants (\(read) still read), no trap",
                  String(format: "(%.1f s)", Date().timeIntervalSince(start)))
        }
    }

    /// `good` with 1–4 bytes changed (half of them in the last 40 %, where a Parquet footer lies) and, one time
    /// in three, cut short.
    static func damaged(_ good: [UInt8], using generator: inout SeededGenerator) -> [UInt8] {
        var copy = good
        let special: [UInt8] = [0x00, 0xFF, 0x7F, 0x80, 0x15, 0x19, 0x1C]
        for _ in 0..<Int.random(in: 1...4, using: &generator) {
            let low = Bool.random(using: &generator) ? copy.count * 6 / 10 : 0
            let position = Int.random(in: low..<copy.count, using: &generator)
            copy[position] = Bool.random(using: &generator)
                ? special.randomElement(using: &generator)! : UInt8.random(in: 0...255, using: &generator)
        }
        if Int.random(in: 0..<3, using: &generator) == 0 {
            copy = Array(copy.prefix(Int.random(in: 0...copy.count, using: &generator)))
        }
        return copy
    }
}
