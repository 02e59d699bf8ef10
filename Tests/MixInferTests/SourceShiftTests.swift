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

final class SourceShiftTests: XCTestCase {
    /// A built corpus under `directory`/corpus: each Samples file of `names` is one document, two per corpus
    /// file, from the source its index gives (`source(index)`), with the documents.tsv that build-corpora writes.
    /// Returns each document's text by source, per category.
    @discardableResult
    func makeCorpus(in directory: TemporaryDirectory, names: [String], table: Bool = true,
                    source: (Int) -> String) throws -> [String: [String: [String]]] {
        var rows = ["file\toffset\tbytes\tsource\tlabel"]
        var documents: [String: [String: [String]]] = [:]
        for name in names {
            let texts = try Category.discover(in: Repo.samples).first { $0.name == name }!.files
                .map { try String(contentsOfFile: $0, encoding: .utf8) }
            for start in stride(from: 0, to: texts.count, by: 2) {
                let file = "\(name)/\(String(format: "%03d", start / 2)).txt"
                var offset = 0
                for index in start..<min(start + 2, texts.count) {
                    rows.append("\(file)\t\(offset)\t\(texts[index].utf8.count)\t\(source(index))\tsamples:\(index)")
                    documents[name, default: [:]][source(index), default: []].append(texts[index])
                    offset += texts[index].utf8.count + 1
                }
                try directory.write("corpus/" + file, texts[start..<min(start + 2, texts.count)].joined(separator: "\n"))
            }
        }
        if table { try directory.write("corpus/" + SourceSplit.tableName, rows.joined(separator: "\n") + "\n") }
        return documents
    }

    func testShiftTrainsOnSomeSourcesAndInfersFromTheOthers() throws {
        let directory = try TemporaryDirectory()
        // Three sources of 7, 4 and 3 documents: the largest trains, the next two infer (4 + 3 ≈ 7).
        let documents = try makeCorpus(in: directory, names: ["de", "python"]) { $0 < 7 ? "big" : $0 < 11 ? "mid" : "small" }
        // A set of categories as users build them: a folder of links into the corpus.
        try FileManager.default.createDirectory(atPath: directory.file("set"), withIntermediateDirectories: true)
        for name in ["de", "python"] {
            try FileManager.default.createSymbolicLink(atPath: directory.file("set/\(name)"),
                                                       withDestinationPath: directory.file("corpus/\(name)"))
        }
        let split = try SourceSplit.make(Category.discover(in: directory.file("set")), scratch: directory.file("scratch"))
        XCTAssertEqual(split.sides.map(\.category), ["de", "python"])
        for (sides, halves) in zip(split.sides, split.halves) {
            XCTAssertEqual(sides.training, ["big"])
            XCTAssertEqual(sides.inference, ["mid", "small"])
            XCTAssertEqual(halves.training.files.map { ($0 as NSString).lastPathComponent }, ["000.txt", "002.txt"])
            XCTAssertEqual(halves.inference.files.map { ($0 as NSString).lastPathComponent }, ["001.txt", "003.txt"])
            let training = try halves.training.files.map { try String(contentsOfFile: $0, encoding: .utf8) }.joined()
            let inference = try halves.inference.files.map { try String(contentsOfFile: $0, encoding: .utf8) }.joined()
            let texts = documents[halves.training.name]!
            XCTAssertEqual(training.utf8.count, texts["big"]!.map { $0.utf8.count + 1 }.reduce(0, +))
            XCTAssertEqual(inference.utf8.count, (texts["mid"]! + texts["small"]!).map { $0.utf8.count + 1 }.reduce(0, +))
            for text in texts["big"]! { XCTAssertTrue(training.contains(text)); XCTAssertFalse(inference.contains(text)) }
            for text in texts["mid"]! + texts["small"]! { XCTAssertTrue(inference.contains(text)) }
        }
    }

    func testFilePerSourceWritesEachInferenceSourceToAFileOfItsOwn() throws {
        let directory = try TemporaryDirectory()
        let documents = try makeCorpus(in: directory, names: ["de"]) { $0 < 7 ? "big" : $0 < 11 ? "mid" : "small" }
        let split = try SourceSplit.make(Category.discover(in: directory.file("corpus")), scratch: directory.file("scratch"),
                                         filePerSource: true)
        let halves = try XCTUnwrap(split.halves.first)
        XCTAssertEqual(split.sides[0].inference, ["mid", "small"])
        XCTAssertEqual(halves.training.files.map { ($0 as NSString).lastPathComponent }, ["000.txt", "002.txt"])
        XCTAssertEqual(halves.inference.files.map { ($0 as NSString).lastPathComponent }, ["s000.txt", "s001.txt"])
        for (file, source) in zip(halves.inference.files, ["mid", "small"]) {
            let text = try String(contentsOfFile: file, encoding: .utf8)
            XCTAssertEqual(text, documents["de"]![source]!.map { $0 + "\n" }.joined())
        }
    }

    func testFileUnitDealsWholeFilesToTheBootstrapsParts() throws {
        let directory = try TemporaryDirectory()
        try directory.write("c/a.txt", "aaaa aaa aaaaa\n")
        try directory.write("c/b.txt", "bbb\n\nbbbb bb\n")
        try directory.write("c/c.txt", "cccccc\n")
        let category = try XCTUnwrap(Category.discover(in: directory.path).first)
        // No pretokenizer: every document (a few bytes, with chunks this small) is one word.
        let counting = WordCounting(normalizer: .none, pretokenizer: try Pretokenizer(.none),
                                    reader: SampleReader(budget: 1 << 20, chunkBytes: 4), jobs: 2)
        let parts = try counting.countLanes([category], lanes: 4, dealing: .files, ticker: nil)[0]
        for (part, letter) in zip(parts, ["a", "b", "c"]) {
            let words = (0..<part.count).map { String(decoding: part.word($0), as: UTF8.self) }
            XCTAssertFalse(words.isEmpty)
            XCTAssertTrue(words.allSatisfy { $0.allSatisfy { [letter, " ", "\n"].contains(String($0)) } }, "\(words)")
        }
        let sizes = try category.files.map { try XCTUnwrap(FileManager.default.attributesOfItem(atPath: $0)[.size] as? Int) }
        XCTAssertEqual(parts.map(\.bytes), sizes + [0])
    }

    func testShiftedEvaluationReportsTheSourcesOnEachSide() throws {
        let directory = try TemporaryDirectory()
        try makeCorpus(in: directory, names: ["de", "python", "fr"]) { $0 % 3 == 0 ? "odd-one" : "rest" }
        var options = smallEvaluation(trials: 1, n: 3, totalBytes: 100_000, merges: 100)
        options.shift = true
        let report = try Evaluation.run(categories: Category.discover(in: directory.file("corpus")), options: options)
        XCTAssertEqual(report.sourceSides.map(\.training), [["rest"], ["rest"], ["rest"]])
        XCTAssertEqual(report.sourceSides.map(\.inference), [["odd-one"], ["odd-one"], ["odd-one"]])
        let json = Report.json(report, options: options)
        XCTAssertTrue(json.contains(#""shift": {"de": {"training": ["rest"], "inference": ["odd-one"]}"#), json)
        XCTAssertEqual(report.trials[0].truth.reduce(0, +), 1, accuracy: 1e-9)
    }

    func testShiftNeedsTheDocumentTableAndTwoSourcesPerCategory() throws {
        let directory = try TemporaryDirectory()
        try makeCorpus(in: directory, names: ["de", "python"], table: false) { _ in "one" }
        let categories = try Category.discover(in: directory.file("corpus"))
        XCTAssertThrowsError(try SourceSplit.make(categories, scratch: directory.file("scratch"))) { error in
            XCTAssertTrue("\(error)".contains(SourceSplit.tableName), "\(error)")
        }
        let other = try TemporaryDirectory()
        try makeCorpus(in: other, names: ["de", "python"]) { _ in "one" }
        XCTAssertThrowsError(try SourceSplit.make(Category.discover(in: other.file("corpus")), scratch: other.file("scratch"))) { error in
            XCTAssertTrue("\(error)".contains("category 'de' has one source only (one)"), "\(error)")
        }
        // evaluate --shift leaves such categories out and says which.
        let lenient = try SourceSplit.make(Category.discover(in: other.file("corpus")), scratch: other.file("scratch"), leavingOut: true)
        XCTAssertEqual(lenient.leftOut, ["de", "python"])
        XCTAssertTrue(lenient.halves.isEmpty)
    }
}
