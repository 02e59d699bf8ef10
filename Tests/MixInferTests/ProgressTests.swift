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

/// A clock the test moves by hand.
final class FakeClock: @unchecked Sendable {
    private let lock = NSLock()
    private var seconds = 0.0
    var now: Double { lock.withLock { seconds } }
    func set(_ value: Double) { lock.withLock { seconds = value } }
}

/// Collects a ticker's reports.
final class Reports: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [(estimate: ProgressEstimate, finished: Bool)] = []
    var all: [(estimate: ProgressEstimate, finished: Bool)] { lock.withLock { items } }
    func add(_ estimate: ProgressEstimate, _ finished: Bool) { lock.withLock { items.append((estimate, finished)) } }

    /// A ticker reporting every advance here (zero interval, a clock that stands still).
    func ticker(total: Int) -> ProgressTicker {
        ProgressTicker(total: total, interval: 0, clock: { 0 }) { self.add($0, $1) }
    }
}

final class ProgressTests: XCTestCase {
    func testDurationsAreRoundedToTheSecondAndReadable() {
        let cases: [(Double, String)] = [(0, "0s"), (0.4, "0s"), (0.6, "1s"), (42, "42s"), (59.6, "1m00s"), (185, "3m05s"),
                                         (3599.4, "59m59s"), (3599.6, "1h00m"), (7620, "2h07m"), (90_000, "25h00m"),
                                         (-1, "?"), (.infinity, "?"), (.nan, "?")]
        for (seconds, text) in cases { XCTAssertEqual(ProgressEstimate.duration(seconds), text, "\(seconds)") }
    }

    func testRateAndTimeLeftFollowFromDoneTotalAndElapsed() throws {
        let quarter = ProgressEstimate(done: 25_000_000, total: 100_000_000, elapsed: 5)
        XCTAssertEqual(try XCTUnwrap(quarter.rate), 5_000_000, accuracy: 1e-6)
        XCTAssertEqual(try XCTUnwrap(quarter.remaining), 15, accuracy: 1e-9)
        XCTAssertEqual(quarter.fraction, 0.25)
        XCTAssertEqual(quarter.line("counting", unit: .bytes), "counting 25%: 25.0 of 100.0 MB, 5.0 MB/s, ETA 15s")
        let start = ProgressEstimate(done: 0, total: 3000, elapsed: 2)
        XCTAssertNil(start.rate)
        XCTAssertNil(start.remaining)
        XCTAssertEqual(start.line("replay", unit: .count("steps")), "replay 0%: 0 of 3000 steps")
        let steps = ProgressEstimate(done: 1200, total: 30000, elapsed: 0.5)
        XCTAssertEqual(steps.line("replay", unit: .count("steps")), "replay 4%: 1200 of 30000 steps, 2400 steps/s, ETA 12s")
        XCTAssertEqual(ProgressEstimate(done: 110, total: 100, elapsed: 1).remaining, 0, "an estimated total may be passed")
        XCTAssertEqual(ProgressEstimate(done: 110, total: 100, elapsed: 1).fraction, 1)
        XCTAssertEqual(ProgressEstimate(done: 0, total: 0, elapsed: 0).fraction, 1)
    }

    func testTickerReportsAtMostOncePerIntervalThenPerTenthOfTheElapsedTimeAndOnceAtTheEnd() {
        let clock = FakeClock(), reports = Reports()
        let ticker = ProgressTicker(total: 100, interval: 1, clock: { clock.now }) { reports.add($0, $1) }
        for (time, units) in [(0.5, 1), (1.0, 1), (1.5, 1), (2.0, 1), (20.0, 1), (21.0, 1), (22.0, 1)] {
            clock.set(time)
            ticker.advance(units)
        }
        ticker.advance(0)
        XCTAssertEqual(reports.all.map(\.estimate.elapsed), [1.0, 2.0, 20.0, 22.0])
        XCTAssertEqual(reports.all.map(\.estimate.done), [2, 4, 5, 7])
        clock.set(30)
        ticker.finish()
        ticker.finish()
        ticker.advance(10)
        XCTAssertEqual(reports.all.count, 5)
        XCTAssertEqual(reports.all.last?.finished, true)
        XCTAssertEqual(reports.all.last?.estimate, ProgressEstimate(done: 7, total: 100, elapsed: 30))
    }

    /// Reading reports bytes of the plan in increasing steps, ending exactly at the plan, for cut text files,
    /// JSON lines (whose syntax is not text) and gzip (sized from its trailer); the counts do not change.
    func testCountingReportsIncreasingBytesEndingAtThePlannedTotal() throws {
        let dir = try TemporaryDirectory()
        let text = (0..<250).map { "Zeile \($0) mit etwas Text, und noch ein wenig mehr." }.joined(separator: "\n")
        let jsonLines = text.split(separator: "\n").map { "{\"text\": \"\($0)\"}" }.joined(separator: "\n") + "\n"
        try dir.write("json/a.jsonl", jsonLines)
        try dir.write("text/a.txt", text + "\n")
        try dir.write("text/b.txt", String(text.prefix(3000)))
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        gzip.arguments = ["gzip", "-n", try dir.write("gz/a.txt", text)]
        try gzip.run()
        gzip.waitUntilExit()
        let whole = jsonLines.utf8.count + text.utf8.count + 1 + 3000 + text.utf8.count
        XCTAssertLessThan(jsonLines.utf8.count, 20_000, "the small categories fit the budget")
        let categories = try Category.discover(in: dir.path) + Category.discover(in: Repo.samples).prefix(3)
        let counting = try RunCounting.wordCounting(TokenizerModel.load(Repo.hfFixture + "/tokenizer.json"), sampleBytes: 20_000)
        let planned = try counting.plannedBytes(categories)
        let reports = Reports()
        let counts = try counting.count(categories, ticker: reports.ticker(total: planned))
        XCTAssertEqual(counts, try counting.count(categories), "progress does not change the counts")
        let done = reports.all.map(\.estimate.done)
        XCTAssertGreaterThan(done.count, categories.count)
        XCTAssertEqual(done.last, planned)
        XCTAssertEqual(reports.all.filter(\.finished).count, 1)
        XCTAssertTrue(zip(done, done.dropFirst()).dropLast().allSatisfy { $0 < $1 }, "\(done)")
        XCTAssertEqual(planned, whole + 3 * 20_000, "three small categories whole, three Samples cut to 20 KB each")
        XCTAssertLessThanOrEqual(counts.map(\.bytes).reduce(0, +), planned)
    }

    func testReplayReportsEveryStepOfEveryCategory() throws {
        let model = try TokenizerModel.load(Repo.hfFixture + "/tokenizer.json")
        let counting = try RunCounting.wordCounting(model, sampleBytes: 10_000)
        let words = try counting.count(Array(Category.discover(in: Repo.samples).prefix(3)))
        let reports = Reports()
        let steps = 200
        let transcripts = Replayer.replay(words, model: model, steps: steps, ticker: reports.ticker(total: 3 * steps))
        XCTAssertEqual(transcripts.map(\.mergeCounts), Replayer.replay(words, model: model, steps: steps).map(\.mergeCounts))
        let done = reports.all.map(\.estimate.done)
        XCTAssertEqual(done.last, 3 * steps)
        XCTAssertTrue(zip(done, done.dropFirst()).allSatisfy { $0 <= $1 }, "\(done)")
    }
}
