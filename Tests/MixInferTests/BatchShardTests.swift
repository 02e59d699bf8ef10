import Foundation
import XCTest
@testable import MixInferSupport
@testable import MixInfer
@testable import MixInferBatch

/// The failure records of `batch` and pairs read back from an earlier run: what lets a later run find every pair
/// done and only write the summaries.
final class BatchShardTests: XCTestCase {
    /// Sample categories copied into `dir/cats`.
    private func copySamples(_ names: [String], into dir: TemporaryDirectory) throws {
        try FileManager.default.createDirectory(atPath: dir.file("cats"), withIntermediateDirectories: true)
        for name in names {
            try FileManager.default.copyItem(atPath: (Repo.samples as NSString).appendingPathComponent(name),
                                             toPath: dir.file("cats/" + name))
        }
    }

    func testAFailedPairLeavesARecordALaterRunReadsBackUntilForcedAndSuccessRemovesIt() throws {
        let dir = try TemporaryDirectory()
        try copySamples(["de", "en"], into: dir)
        let manifest = try BatchManifest.load(dir.write("m.yaml", """
            categories: cats
            tokenizers: [{name: late, path: late.json}]
            merges: 100
            sample_bytes: 30000
            """))
        let out = dir.file("out")
        let (result, record) = (out + "/late__default.json", out + "/late__default.failed")
        let run = { (force: Bool) in try BatchRunner(manifest: manifest, outputDirectory: out, force: force).run(jobs: 1)[0] }

        let failed = try run(false)
        let message = try XCTUnwrap(failed.failure)
        XCTAssertTrue(message.hasPrefix(dir.file("late.json") + ": "), message)
        XCTAssertFalse(failed.skipped)
        XCTAssertEqual(BatchFailureRecord.read(record),
                       BatchFailureRecord(tokenizer: dir.file("late.json"), categorySet: "default", error: message))
        XCTAssertFalse(FileManager.default.fileExists(atPath: result))

        try FileManager.default.copyItem(atPath: Repo.hfFixture + "/tokenizer.json", toPath: dir.file("late.json"))
        let kept = try run(false)
        XCTAssertEqual(kept.failure, message, "read back from its record, not run again")
        XCTAssertTrue(kept.skipped)

        let forced = try run(true)
        XCTAssertNil(forced.failure)
        XCTAssertEqual(try forced.result.get().values.reduce(0, +), 1, accuracy: 1e-8)
        XCTAssertTrue(FileManager.default.fileExists(atPath: result))
        XCTAssertFalse(FileManager.default.fileExists(atPath: record), "success removes the stale failure record")

        try FileManager.default.removeItem(atPath: dir.file("late.json"))
        XCTAssertNotNil(try run(true).failure)
        XCTAssertNotNil(BatchFailureRecord.read(record))
        XCTAssertFalse(FileManager.default.fileExists(atPath: result), "a failure removes the result of an earlier run")
    }

    func testAComputedPairAndOneReadBackGiveTheSameOutcome() throws {
        let dir = try TemporaryDirectory()
        try copySamples(["python", "ja"], into: dir)
        let manifest = try BatchManifest.load(dir.write("m.yaml", """
            categories: cats
            tokenizers: ["\(Repo.sampleTokenizer)"]
            merges: 100
            sample_bytes: 30000
            """))
        let computed = try BatchRunner(manifest: manifest, outputDirectory: dir.file("out"), force: false).run(jobs: 1)
        let kept = try BatchRunner(manifest: manifest, outputDirectory: dir.file("out"), force: false).run(jobs: 1)
        XCTAssertEqual(computed.map(\.skipped), [false])
        XCTAssertEqual(kept.map(\.skipped), [true])
        XCTAssertEqual(try kept[0].result.get(), try computed[0].result.get(), "shares exactly as the result file has them")
        XCTAssertEqual(kept[0].warnings, computed[0].warnings)
        XCTAssertEqual(BatchRunner.summary(kept).markdown, BatchRunner.summary(computed).markdown)
    }
}
