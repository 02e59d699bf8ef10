import Foundation
import XCTest
@testable import MixInfer

final class BatchTests: XCTestCase {
    func testBatchContinuesPastAFailingTokenizerAndSkipsFinishedResults() throws {
        let dir = try TemporaryDirectory()
        let (_, infer) = try sampleHalves(["de", "python"])
        for category in infer {
            for file in category.files.prefix(2) {
                try dir.write("cats/\(category.name)/" + (file as NSString).lastPathComponent,
                              String(contentsOfFile: file, encoding: .utf8))
            }
        }
        let manifest = try dir.write("batch.json", """
            {"categories": "cats", "merges": 200,
             "tokenizers": [{"name": "hf", "path": "\(Repo.hfFixture)/tokenizer.json"}, "missing.json"]}
            """)
        let runner = BatchRunner(manifest: try BatchManifest.load(manifest), outputDirectory: dir.file("out"), force: false)
        let outcomes = try runner.run(jobs: 2)
        XCTAssertEqual(outcomes.map(\.tokenizer), ["hf", "missing"])
        let shares = try outcomes[0].result.get()
        XCTAssertEqual(shares.values.reduce(0, +), 1, accuracy: 1e-9)
        XCTAssertThrowsError(try outcomes[1].result.get())
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir.file("out/hf__default.json")))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.file("out")).filter { $0.contains(".partial") }
        XCTAssertEqual(leftovers, [])
        let again = try BatchRunner(manifest: try BatchManifest.load(manifest), outputDirectory: dir.file("out"), force: false).run(jobs: 1)
        XCTAssertTrue(again[0].skipped)
        for (name, share) in try again[0].result.get() { XCTAssertEqual(share, try XCTUnwrap(shares[name]), accuracy: 1e-9) }
        let first = try Data(contentsOf: URL(fileURLWithPath: dir.file("out/hf__default.json")))
        _ = try BatchRunner(manifest: try BatchManifest.load(manifest), outputDirectory: dir.file("out"), force: true).run(jobs: 1)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: dir.file("out/hf__default.json"))), first,
                       "byte-identical result whatever --jobs")
        let (csv, markdown) = BatchRunner.summaries(outcomes)
        XCTAssertTrue(csv.hasPrefix("tokenizer,category_set,de,python\n"), csv)
        XCTAssertTrue(markdown.contains("missing (failed)"))
    }

    func testManifestWithWrongTypesIsAOneLineError() throws {
        let dir = try TemporaryDirectory()
        for text in ["[]", #"{"categories": 3, "tokenizers": ["a"]}"#, #"{"categories": "c", "tokenizers": []}"#,
                     #"{"categories": "c", "tokenizers": [{"path": "a", "merges": "many"}]}"#, "not json"] {
            let path = try dir.write("m.json", text)
            XCTAssertThrowsError(try BatchManifest.load(path), text) {
                XCTAssertTrue("\($0)".hasPrefix(path + ": "), "\($0)")
                XCTAssertFalse("\($0)".contains("\n"))
            }
        }
    }
}
