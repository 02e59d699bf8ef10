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

final class CorpusTests: XCTestCase {
    func gzip(_ path: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["gzip", "-n", "-f", path]
        try process.run()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0)
    }

    func testDiscoversFoldersAndFilesAsCategoriesSortedByName() throws {
        let dir = try TemporaryDirectory()
        try dir.write("zh/a.txt", "你好")
        try dir.write("en/b/deep.txt", "hello")
        try dir.write("en/.hidden.txt", "skip")
        try dir.write("code.jsonl", #"{"text": "x = 1"}"#)
        try dir.write("notes.pdf", "ignored")
        let categories = try Category.discover(in: dir.path)
        XCTAssertEqual(categories.map(\.name), ["code", "en", "zh"])
        XCTAssertEqual(categories[1].files.map { ($0 as NSString).lastPathComponent }, ["deep.txt"])
    }

    func testReadsTextJSONLinesAndGzipToTheSameWords() throws {
        let dir = try TemporaryDirectory()
        let text = "Ein Beispiel, ein Satz.\nNoch einer!\n"
        try dir.write("txt/a.txt", text)
        try dir.write("jsonl/a.jsonl", text.split(separator: "\n").map { "{\"text\": \"\($0)\\n\"}" }.joined(separator: "\n"))
        try gzip(dir.write("gz/a.txt", text))
        let counting = WordCounting(normalizer: .none, pretokenizer: try Pretokenizer(.byteLevel(addPrefixSpace: false, useRegex: true)),
                                    reader: SampleReader(budget: 1 << 20))
        let counts = try counting.count(try Category.discover(in: dir.path))
        XCTAssertEqual(counts.map(\.bytes), [text.utf8.count, text.utf8.count, text.utf8.count])
        XCTAssertEqual(counts[0], counts[2], "gzip and plain text give identical counts")
        XCTAssertEqual(counts[1].totalWords, counts[2].totalWords)
    }

    func testByteBudgetSpreadsOverAllFilesAndCutsAtLineEnds() throws {
        XCTAssertEqual(SampleReader.allocate(budget: 100, sizes: [10, 200, 200]), [10, 45, 45])
        XCTAssertEqual(SampleReader.allocate(budget: 1000, sizes: [10, 20]), [10, 20])
        let dir = try TemporaryDirectory()
        try dir.write("c/a.txt", String(repeating: "line one\n", count: 100))
        try dir.write("c/b.txt", String(repeating: "zwei\n", count: 100))
        var documents: [String] = []
        let read = try SampleReader(budget: 200).read(try Category.discover(in: dir.path)[0]) {
            documents.append(String(decoding: $0, as: UTF8.self))
        }
        XCTAssertLessThanOrEqual(read, 200)
        XCTAssertEqual(documents.count, 2)
        XCTAssertTrue(documents.allSatisfy { $0.hasSuffix("\n") })
    }

    func testEmptyCategoryMissingFolderBinaryAndBrokenGzipAreErrorsNamingTheFile() throws {
        let dir = try TemporaryDirectory()
        try dir.write("empty/a.txt", "")
        let counting = WordCounting(normalizer: .none, pretokenizer: try Pretokenizer(.none), reader: SampleReader(budget: 1000))
        XCTAssertThrowsError(try counting.count(Category.discover(in: dir.path)[0])) {
            guard case CorpusError.emptyCategory(name: "empty", _) = $0 else { return XCTFail("\($0)") }
        }
        XCTAssertThrowsError(try Category.discover(in: dir.file("nope"))) {
            XCTAssertEqual($0 as? CorpusError, .notFound(path: dir.file("nope")))
        }
        let binary = try dir.write("bin/a.txt", bytes: [0x41, 0, 0xFF, 0xFE])
        XCTAssertThrowsError(try counting.count(Category(name: "bin", files: [binary]))) {
            XCTAssertTrue("\($0)".hasPrefix(binary + ": "), "\($0)")
        }
        let text = try dir.write("gz/a.txt", String(repeating: "some text to compress\n", count: 500))
        try gzip(text)
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: text + ".gz")))
        bytes.removeLast(bytes.count / 2)
        let truncated = try dir.write("gz/a.txt.gz", bytes: bytes)
        XCTAssertThrowsError(try counting.count(Category(name: "gz", files: [truncated]))) {
            XCTAssertEqual($0 as? CorpusError, .unreadable(path: truncated, reason: "gzip data is truncated"))
        }
    }

    func testInvalidUTF8BeyondAFewBytesIsRejected() throws {
        let dir = try TemporaryDirectory()
        let latin1 = try dir.write("l/a.txt", bytes: Array(repeating: [0x63, 0x61, 0x66, 0xE9, 0x20], count: 100).flatMap { $0 })
        let counting = WordCounting(normalizer: .none, pretokenizer: try Pretokenizer(.none), reader: SampleReader(budget: 10_000))
        XCTAssertThrowsError(try counting.count(Category(name: "l", files: [latin1]))) {
            XCTAssertTrue("\($0)".contains("not UTF-8"), "\($0)")
        }
    }

    func testWordCountsAreIndependentOfInsertionOrder() {
        let a = WordCounts(words: [(Array("x".utf8), 1), (Array("yy".utf8), 2)], bytes: 3)
        let b = WordCounts(words: [(Array("yy".utf8), 2), (Array("x".utf8), 1)], bytes: 3)
        XCTAssertEqual(a, b)
    }

    func testCategoryManifestMapsNamesToPathsAndGlobsRelativeToItself() throws {
        let dir = try TemporaryDirectory()
        let (_, infer) = try sampleHalves(["de", "python"])
        for (index, file) in infer[0].files.prefix(3).enumerated() {
            try dir.write("data/de/part-\(index).txt", String(contentsOfFile: file, encoding: .utf8))
        }
        try dir.write("data/py/code.jsonl", infer[1].files.prefix(2).map { file in
            let text = try! String(contentsOfFile: file, encoding: .utf8)
            let json = try! JSONSerialization.data(withJSONObject: ["content": text])
            return String(decoding: json, as: UTF8.self)
        }.joined(separator: "\n") + "\n")
        let manifest = try dir.write("sets/cats.yaml", """
            de: ["../data/de/*.txt"]
            python: {paths: ../data/py, text_field: content, sample_bytes: 30000}
            """)
        let categories = try Category.discover(in: manifest)
        XCTAssertEqual(categories.map(\.name), ["de", "python"])
        XCTAssertEqual(categories[0].files.map { ($0 as NSString).lastPathComponent }, ["part-0.txt", "part-1.txt", "part-2.txt"])
        XCTAssertEqual(categories[1].textField, "content")
        XCTAssertEqual(categories[1].sampleBytes, 30000)
        var request = InferenceRequest(tokenizer: Repo.hfFixture + "/tokenizer.json", categories: manifest)
        request.merges = 50
        let estimate = try Inference.run(request)
        let python = try XCTUnwrap(estimate.categories.first { $0.name == "python" })
        XCTAssertGreaterThan(python.sampleBytes, 20_000, "the content field was read")
        XCTAssertLessThanOrEqual(python.sampleBytes, 30_000, "its own budget")
        for (text, reason) in [("de: [\"../nowhere/*.txt\"]\n", "matches no file"), ("de: 3\n", "must be a path"),
                               ("de: {paths: x, textfield: t}\n", "unknown key \"textfield\""), ("- a\n", "must be a mapping"),
                               (YAMLBomb.text(top: "de"), "once its aliases (*name) are followed")] {
            let bad = try dir.write("sets/bad.yaml", text)
            XCTAssertThrowsError(try Category.discover(in: bad), text) {
                XCTAssertTrue("\($0)".hasPrefix(bad + ": ") && "\($0)".contains(reason), "\($0)")
            }
        }
    }
}
