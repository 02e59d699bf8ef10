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

/// Fixtures written by scripts/fixtures/make-parquet-fixtures.py, and the rows it says it wrote.
enum FormatFixtures {
    static let directory = Repo.path("Tests/Fixtures/parquet")
    static func path(_ name: String) -> String { (directory as NSString).appendingPathComponent(name) }
    static func bytes(_ name: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: URL(fileURLWithPath: path(name)))) }

    /// The text column of fixture `name` and its rows (nil: a null value), as pyarrow wrote them.
    static func expected(_ name: String) throws -> (column: String, rows: [String?], columnBytes: Int?) {
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path("expected.json")))) as! [String: Any]
        let file = (json["files"] as! [String: Any])[name] as! [String: Any]
        let rows = (json["rows"] as! [String: [Any]])[file["rows"] as! String]!.map { $0 as? String }
        return (file["column"] as? String ?? "", rows, file["column_uncompressed_bytes"] as? Int)
    }

    /// Names of all fixtures.
    static func names() throws -> [String] {
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path("expected.json")))) as! [String: Any]
        return (json["files"] as! [String: Any]).keys.sorted()
    }

    /// Every document `reader` delivers for `category`, and the stats.
    static func documents(_ category: Category, budget: Int = 1 << 30) throws -> ([String], SampleStats) {
        var documents: [String] = []
        let stats = try SampleReader(budget: budget).readSample(category) { documents.append(String(decoding: $0, as: UTF8.self)) }
        return (documents, stats)
    }
}

final class CorpusFormatsTests: XCTestCase {
    func testZstdJSONLinesOfTwoFramesDeliverEveryRowOfTheContentField() throws {
        for name in ["equivalence.jsonl.zst", "equivalence-unsized.jsonl.zst", "equivalence.json.gz"] {
            let (column, rows, _) = try FormatFixtures.expected(name)
            let (documents, stats) = try FormatFixtures.documents(Category(name: "c", files: [FormatFixtures.path(name)], textField: column))
            XCTAssertEqual(documents, rows.compactMap { $0 }, name)
            XCTAssertEqual(stats, SampleStats(bytes: rows.compactMap { $0?.utf8.count }.reduce(0, +), documents: rows.count), name)
        }
    }

    func testEstimatedSizeOfZstdIsTheContentSizeItsFramesStateElseFourTimesTheFile() throws {
        let text = try FormatFixtures.expected("equivalence.jsonl.zst").rows.enumerated().map { index, row in
            String(decoding: try JSONSerialization.data(withJSONObject: ["id": index, "content": row!]), as: UTF8.self)
        }
        let sized = try SampleReader.estimatedSize(FormatFixtures.path("equivalence.jsonl.zst"))
        XCTAssertEqual(Double(sized), Double(text.joined(separator: "\n").utf8.count), accuracy: Double(text.count * 3),
                       "both frames' stated sizes (JSON spacing differs slightly from Python's)")
        let unsized = FormatFixtures.path("equivalence-unsized.jsonl.zst")
        XCTAssertEqual(try SampleReader.estimatedSize(unsized), 4 * (try FormatFixtures.bytes("equivalence-unsized.jsonl.zst")).count)
    }

    func testReadingStopsAtTheFileShareSoADamagedLaterFrameIsNeverDecompressed() throws {
        let dir = try TemporaryDirectory()
        var bytes = try FormatFixtures.bytes("equivalence.jsonl.zst")
        // The second frame starts at its magic number; damage its blocks.
        let second = (4..<bytes.count).first { bytes[$0..<($0 + 4)] == [0x28, 0xB5, 0x2F, 0xFD] }!
        for index in (second + 12)..<(bytes.count - 4) { bytes[index] ^= 0x5A }
        let path = try dir.write("c/a.jsonl.zst", bytes: bytes)
        let category = Category(name: "c", files: [path], textField: "content")
        let (documents, _) = try FormatFixtures.documents(category, budget: 300)
        XCTAssertGreaterThan(documents.count, 0)
        XCTAssertThrowsError(try FormatFixtures.documents(category)) {
            XCTAssertEqual($0 as? CorpusError, .unreadable(path: path, reason: "zstd data is corrupt"))
        }
    }

    func testAFileThatIsNotWhatItsNameSaysIsAOneLineErrorNamingIt() throws {
        let dir = try TemporaryDirectory()
        let plain = #"{"text": "hello"}"# + "\n"
        let zst = try dir.write("a.jsonl.zst", plain)
        let gz = try dir.write("b.json.gz", plain)
        var good = try FormatFixtures.bytes("equivalence.jsonl.zst")
        let truncated = try dir.write("c.jsonl.zst", bytes: Array(good.prefix(good.count / 3)))
        good = try FormatFixtures.bytes("equivalence.json.gz")
        let truncatedGzip = try dir.write("d.json.gz", bytes: Array(good.prefix(good.count / 2)))
        let cases = [(zst, "not zstd data (bad magic number)"), (gz, "not gzip data (bad magic number)"),
                     (truncated, "zstd data is truncated"), (truncatedGzip, "gzip data is truncated")]
        for (path, reason) in cases {
            XCTAssertThrowsError(try FormatFixtures.documents(Category(name: "x", files: [path])), reason) {
                XCTAssertEqual($0 as? CorpusError, .unreadable(path: path, reason: reason))
                XCTAssertFalse("\($0)".contains("\n"))
            }
        }
    }

    func testLinesWithoutTheFieldOrNotUTF8AreSkippedAndCountedButALineThatIsNotJSONIsAnError() throws {
        let dir = try TemporaryDirectory()
        var bytes = Array(#"{"text": "eins"}"#.utf8) + [0x0A]
        bytes += Array(#"{"content": "no text field"}"#.utf8) + [0x0A]
        bytes += Array(#"{"text": null}"#.utf8) + [0x0A, 0x0A]
        bytes += Array(#"{"text": "caf"#.utf8) + [0xE9] + Array(#""}"#.utf8) + [0x0A]
        bytes += Array(#"{"text": 12}"#.utf8) + [0x0A]
        bytes += Array(#"{"meta": {"text": "nested"}, "text": "zwei"}"#.utf8)
        let path = try dir.write("c/a.jsonl", bytes: bytes)
        let (documents, stats) = try FormatFixtures.documents(Category(name: "c", files: [path]))
        XCTAssertEqual(documents, ["eins", "zwei"])
        XCTAssertEqual(stats, SampleStats(bytes: 8, documents: 2, skippedMissingField: 3, skippedInvalidUTF8: 1))
        let broken = try dir.write("d/a.jsonl", #"{"text": "ok"}"# + "\nthis is not JSON\n")
        XCTAssertThrowsError(try FormatFixtures.documents(Category(name: "d", files: [broken]))) {
            XCTAssertEqual($0 as? CorpusError, .unreadable(path: broken, reason: "line 2 is not a JSON object"))
        }
    }

    func testPlainTextStreamsInChunksAtLineEndsAndStopsAtItsShare() throws {
        let dir = try TemporaryDirectory()
        let line = "Zażółć gęślą jaźń, 東京 — line\n"
        let path = try dir.write("c/a.txt", String(repeating: line, count: 2000))
        var documents: [[UInt8]] = []
        let reader = SampleReader(budget: 10_000, chunkBytes: 1000)
        let stats = try reader.readSample(Category(name: "c", files: [path])) { documents.append(Array($0)) }
        let lineBytes = line.utf8.count
        XCTAssertEqual(stats.bytes, 10_000 / lineBytes * lineBytes, "cut at the last line end within the share")
        XCTAssertEqual(stats.documents, documents.count)
        XCTAssertTrue(documents.allSatisfy { $0.count <= 1000 && $0.count % lineBytes == 0 })
        XCTAssertEqual(documents.dropLast().map(\.count), Array(repeating: 1000 / lineBytes * lineBytes, count: documents.count - 1))
    }

    func testDiscoverySkipsDatasetCardsAndCountsSkippedFilesAndReadsParquetInDataFolders() throws {
        let dir = try TemporaryDirectory()
        try dir.write("stack/README.md", "---\nlicense: other\n---\n# The dataset card")
        _ = try dir.write("stack/data/train-00000-of-00002.parquet", bytes: FormatFixtures.bytes("snappy-plain-v1.parquet"))
        _ = try dir.write("stack/data/train-00001-of-00002.parquet", bytes: FormatFixtures.bytes("zstd-dict-v2.parquet"))
        try dir.write("stack/dataset_infos.json", "{}")
        try dir.write("stack/LICENSE", "text of a licence")
        try dir.write("stack/.git/config", "hidden")
        try dir.write("fr.jsonl.zst", "x")
        try dir.write("Readme.MD", "top-level card")
        let categories = try Category.discover(in: dir.path)
        XCTAssertEqual(categories.map(\.name), ["fr", "stack"])
        XCTAssertEqual(categories[1].files.map { ($0 as NSString).lastPathComponent },
                       ["train-00000-of-00002.parquet", "train-00001-of-00002.parquet"])
        XCTAssertEqual(categories[1].skippedFiles, ["dataset card": 1, "json": 1, "no extension": 1])
        XCTAssertEqual(Category.baseName("x.parquet"), "x")
        XCTAssertEqual(Category.baseName("fr.jsonl.zst"), "fr")
        XCTAssertEqual(Category.baseName("en.txt.gz"), "en")
        XCTAssertFalse(Category.isReadable("x.json"), "plain .json is metadata, not JSON lines")
        XCTAssertTrue(Category.isReadable("x.json.zst"))
        XCTAssertEqual(categories[1].halves().odd.textField, nil)
        XCTAssertEqual(Category(name: "s", files: ["a", "b"], textField: "content").shard(1, of: 2),
                       Category(name: "s", files: ["b"], textField: "content"))
    }
}

/// The same documents as plain text (also zstd-compressed), as Parquet in the Hugging Face layout (with a dataset card), as zstd JSON
/// lines with field `content` and as gzip JSON lines give the same bytes and the same word-count table.
final class CorpusEquivalenceTests: XCTestCase {
    func testTextParquetZstdJSONLinesAndGzipJSONGiveIdenticalDocumentsAndWordCounts() throws {
        let documents = try FormatFixtures.expected("equivalence.parquet").rows.map { $0! }
        let dir = try TemporaryDirectory()
        try dir.write("txt/a.txt", documents.joined())
        try dir.write("hf/README.md", "---\nlicense: mit\n---\n# A dataset card, never a sample\n")
        _ = try dir.write("hf/data/train-00000-of-00001.parquet", bytes: FormatFixtures.bytes("equivalence.parquet"))
        _ = try dir.write("zst/a.jsonl.zst", bytes: FormatFixtures.bytes("equivalence.jsonl.zst"))
        _ = try dir.write("gz/a.json.gz", bytes: FormatFixtures.bytes("equivalence.json.gz"))
        _ = try dir.write("tzst/a.txt.zst", bytes: FormatFixtures.bytes("equivalence.txt.zst"))
        var categories = try Category.discover(in: dir.path)
        XCTAssertEqual(categories.map(\.name), ["gz", "hf", "txt", "tzst", "zst"])
        XCTAssertEqual(categories[1].skippedFiles, ["dataset card": 1])
        categories[1].textField = "content"
        categories[4].textField = "content"

        let samples = try categories.map { try FormatFixtures.documents($0) }
        for index in [0, 1, 4] {
            XCTAssertEqual(samples[index].0, documents, categories[index].name)
            XCTAssertEqual(samples[index].1, SampleStats(bytes: documents.joined().utf8.count, documents: documents.count))
        }
        XCTAssertEqual(samples[2].0, [documents.joined()], "the text file is one document")
        XCTAssertEqual(samples[3].0, [documents.joined()], "so is the zstd text file (two frames)")

        let counting = WordCounting(normalizer: .none, pretokenizer: try Pretokenizer(.byteLevel(addPrefixSpace: false, useRegex: true)),
                                    reader: SampleReader(budget: 1 << 20))
        let counts = try counting.count(categories)
        XCTAssertEqual(counts[0].bytes, documents.joined().utf8.count)
        for index in 1..<5 { XCTAssertEqual(counts[index], counts[0], categories[index].name) }
    }
}

/// The JSON-lines field scanner agrees with `JSONSerialization` on every object that parses, and rejects lines
/// that are not one JSON object.
final class JSONLineFieldTests: XCTestCase {
    func value(_ line: String, _ field: String = "text") throws -> JSONLineField.Value {
        var bytes = Array(line.utf8)
        return try bytes.withUnsafeMutableBufferPointer { try JSONLineField.value(of: Array(field.utf8), in: UnsafeBufferPointer($0)) }
    }

    func testScannerDecodesEscapesSkipsOtherValuesAndReportsMissingFields() throws {
        XCTAssertEqual(try value(#"{"id": 3, "meta": {"text": "inner", "a": [1, {"b": null}, "]}"]}, "text": "x\"\\\/\n\t\u00e9\ud83d\ude00\ud800!"}"#),
                       .text(Array("x\"\\/\n\té😀\u{FFFD}!".utf8)))
        XCTAssertEqual(try value(#" { "text" : "a" , "text": "b" } "#), .text(Array("b".utf8)), "the last of repeated keys")
        XCTAssertEqual(try value(#"{}"#), .missing)
        XCTAssertEqual(try value(#"{"text": null}"#), .missing)
        XCTAssertEqual(try value(#"{"text": ["list"]}"#), .missing)
        XCTAssertEqual(try value(#"{"content": "c", "n": -1.5e3, "t": true, "f": false}"#, "content"), .text(Array("c".utf8)))
        for bad in [#"not json"#, #"["text"]"#, #"{"text": "a""#, #"{"text": "a"} x"#, #"{"text" "a"}"#, #"{"a": [1, 2}"#,
                    #"{"a": {"b" 1}}"#, #"{"text": "\q"}"#, "{\"text\": \"tab\there\"}", #"{"a": tru}"#, #"{"a": 1,}"#, #"{,}"#, ""] {
            XCTAssertThrowsError(try value(bad), bad)
        }
    }

    func testScannerAgreesWithJSONSerializationOnDamagedLines() throws {
        var generator = SeededGenerator(seed: 5)
        let good = Array(#"{"id": 12, "text": "Zażółć \"gęślą\"\n\u00e9 jaźń", "meta": {"tags": ["a", "b"], "score": 0.5, "ok": true}}"#.utf8)
        let syntax = Array(#"{}[],:"\ 0.-eu"#.utf8)
        var agreed = 0
        for _ in 0..<3000 {
            var copy = good
            for _ in 0..<Int.random(in: 1...3, using: &generator) {
                copy[Int.random(in: 0..<copy.count, using: &generator)] = syntax.randomElement(using: &generator)!
            }
            guard let object = try? JSONSerialization.jsonObject(with: Data(copy)) as? [String: Any] else { continue }
            let expected = (object["text"] as? String).map { JSONLineField.Value.text(Array($0.utf8)) } ?? .missing
            XCTAssertEqual(try value(String(decoding: copy, as: UTF8.self)), expected, String(decoding: copy, as: UTF8.self))
            agreed += 1
        }
        XCTAssertGreaterThan(agreed, 100)
    }
}
