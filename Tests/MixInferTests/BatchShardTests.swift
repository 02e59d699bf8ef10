import Foundation
import XCTest
@testable import MixInferSupport
@testable import MixInfer
@testable import MixInferBatch

/// `batch --shard K/N` (a job array on a cluster) and the failure records that let the run without `--shard` find
/// every pair done and only write the summaries.
final class BatchShardTests: XCTestCase {
    /// Sample categories copied into `dir/cats`.
    private func copySamples(_ names: [String], into dir: TemporaryDirectory) throws {
        try FileManager.default.createDirectory(atPath: dir.file("cats"), withIntermediateDirectories: true)
        for name in names {
            try FileManager.default.copyItem(atPath: (Repo.samples as NSString).appendingPathComponent(name),
                                             toPath: dir.file("cats/" + name))
        }
    }

    /// Four sample categories in `dir/cats`, and a manifest of three pairs in `dir/m.yaml`: the shipped tokenizer,
    /// one whose file does not exist (it fails), and the HF fixture.
    private func manifest(in dir: TemporaryDirectory) throws -> String {
        try copySamples(["de", "en", "fr", "python"], into: dir)
        return try dir.write("m.yaml", """
            categories: cats
            tokenizers:
              - {name: claude, path: "\(Repo.sampleTokenizer)"}
              - {name: gone, path: no-such-tokenizer.json}
              - {name: hf, path: "\(Repo.hfFixture)/tokenizer.json"}
            merges: 100
            sample_bytes: 30000
            """)
    }

    private func contents(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }

    func testShardsRunOneAfterAnotherGiveTheSameSummariesAsOneUnshardedRunAndTheLastPassComputesNothing() throws {
        let dir = try TemporaryDirectory()
        let manifest = try manifest(in: dir)
        let whole = try runMixinfer(["batch", manifest, "-o", dir.file("whole")])
        XCTAssertEqual(whole.status, 1, "a pair failed: " + whole.stderr)

        let sharded = dir.file("sharded")
        let first = try runMixinfer(["batch", manifest, "-o", sharded, "--shard", "0/2", "-v"])
        XCTAssertEqual(first.status, 0, "shard 0 holds pairs 0 and 2, which succeed: " + first.stderr)
        XCTAssertTrue(first.stdout.hasPrefix("shard 0/2: 2 of 3 pairs in \(sharded), 0 failed; no summaries"), first.stdout)
        XCTAssertTrue(first.stderr.contains("claude × default: ok") && first.stderr.contains("hf × default: ok"), first.stderr)
        XCTAssertFalse(first.stderr.contains("gone"), first.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: sharded + "/summary.csv"), "a shard writes no summaries")
        let second = try runMixinfer(["batch", manifest, "-o", sharded, "--shard", "1/2"])
        XCTAssertEqual(second.status, 1, "shard 1 holds the failing pair")
        XCTAssertTrue(second.stderr.hasPrefix("mixinfer: error: gone × default: "), second.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: sharded + "/gone__default.failed"))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: sharded).sorted(),
                       ["claude__default.json", "gone__default.failed", "hf__default.json"])

        // Without the category texts, anything computed now would fail: the summaries show nothing was.
        try FileManager.default.moveItem(atPath: dir.file("cats"), toPath: dir.file("cats-moved-away"))
        let last = try runMixinfer(["batch", manifest, "-o", sharded, "-v"])
        XCTAssertEqual(last.status, 1, "the failed pair still fails the batch")
        let progress = last.stderr.split(separator: "\n").filter { $0.contains(" done") }
        XCTAssertEqual(progress.count, 3, last.stderr)
        XCTAssertTrue(progress.allSatisfy { $0.contains("before, skipped") }, last.stderr)
        XCTAssertEqual(last.stdout, whole.stdout)
        XCTAssertEqual(last.stderr.split(separator: "\n").filter { $0.contains("error:") },
                       whole.stderr.split(separator: "\n").filter { $0.contains("error:") })
        for file in ["summary.csv", "summary.md", "summary.svg", "claude__default.json", "hf__default.json",
                     "gone__default.failed"] {
            XCTAssertEqual(try contents(sharded + "/" + file), try contents(dir.file("whole/" + file)), file)
        }
        let markdown = try String(contentsOfFile: sharded + "/summary.md", encoding: .utf8)
        XCTAssertTrue(markdown.contains("| gone (failed) | default |"), markdown)
        XCTAssertTrue(markdown.contains("- gone × default: " + dir.file("no-such-tokenizer.json")), markdown)
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

    func testShardKOfNTakesEveryNthPairAndBadValuesAreOneLineErrors() throws {
        let shards = try (0..<3).map { try Shard(parsing: "\($0)/3") }
        XCTAssertEqual(shards.map { shard in (0..<8).filter(shard.contains) }, [[0, 3, 6], [1, 4, 7], [2, 5]])
        XCTAssertEqual(try Shard(parsing: "0/1"), Shard.whole)
        XCTAssertEqual(shards[2].description, "2/3")
        let dir = try TemporaryDirectory()
        let manifest = try dir.write("m.yaml", "categories: cats\ntokenizers: [a.json]\n")
        XCTAssertThrowsError(try Shard(parsing: "")) { XCTAssertEqual($0 as? ShardError, .invalid("")) }
        for bad in ["2/2", "-1/2", "0/0", "1", "a/b", "1/2/3", "1//2"] {
            XCTAssertThrowsError(try Shard(parsing: bad), bad) { XCTAssertEqual($0 as? ShardError, .invalid(bad)) }
            let result = try runMixinfer(["batch", manifest, "-o", dir.file("out"), "--shard=" + bad])
            XCTAssertEqual(result.status, 1, bad)
            XCTAssertEqual(result.stderr, "mixinfer: error: --shard must be K/N with 0 ≤ K < N, got \(bad)\n", bad)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.file("out")), "nothing run")
    }
}
