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

/// Collects progress events.
final class Reports: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [ProgressEvent] = []
    var all: [ProgressEvent] { lock.withLock { items } }
    func add(_ event: ProgressEvent) { lock.withLock { items.append(event) } }
    var sink: @Sendable (ProgressEvent) -> Void { { self.add($0) } }

    /// A ticker reporting every advance here (zero interval, a clock that stands still).
    func ticker(total: Int, files: Int? = nil) -> ProgressTicker {
        ProgressTicker(.counting, unit: .bytes, total: total, files: files, interval: 0, clock: { 0 }, sink: sink)
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
        let start = ProgressEstimate(done: 0, total: 3000, elapsed: 2)
        XCTAssertNil(start.rate)
        XCTAssertNil(start.remaining)
        XCTAssertEqual(ProgressEstimate(done: 110, total: 100, elapsed: 1).remaining, 0, "an estimated total may be passed")
    }

    func testEventLinesGiveTheShareDoneTheFilesTheRateAndTheTimeLeft() {
        var counting = ProgressEvent(.counting, done: 25_000_000, total: 100_000_000, unit: .bytes, elapsed: 5, remaining: 15)
        XCTAssertEqual(counting.description, "counting 25%: 25.0 of 100.0 MB, 5.0 MB/s, ETA 15s")
        counting.files = .init(done: 3, total: 50)
        XCTAssertEqual(counting.description, "counting 25%: 25.0 of 100.0 MB, 3 of 50 files, 5.0 MB/s, ETA 15s")
        counting.done = 100_000_000
        counting.files?.done = 50
        counting.finished = true
        XCTAssertEqual(counting.description, "counting done: 100.0 MB (50 files) in 5.0 s, 20.0 MB/s")
        XCTAssertEqual(ProgressEvent(.replay, done: 0, total: 3000, unit: .count("steps"), elapsed: 2).description,
                       "replay 0%: 0 of 3000 steps")
        XCTAssertEqual(ProgressEvent(.replay, done: 1200, total: 30000, unit: .count("steps"), elapsed: 0.5, remaining: 12).description,
                       "replay 4%: 1200 of 30000 steps, 2400 steps/s, ETA 12s")
        XCTAssertEqual(ProgressEvent(.intervals, done: 3, total: 24, unit: .count("replicates"), elapsed: 10, remaining: 70).description,
                       "intervals 12%: 3 of 24 replicates, 0.3 replicates/s, ETA 1m10s")
        var paired = ProgressEvent(.replay, done: 0, total: 10, unit: .count("steps"), elapsed: 0)
        paired.pair = .init(index: 3, total: 24, name: "claude × code")
        XCTAssertEqual(paired.description, "pair 3 of 24 (claude × code): replay 0%: 0 of 10 steps")
    }

    func testSolveLinesGiveTheCertifiedGapAndItsTargetAndSayHowTheSolveEnded() {
        var solve = ProgressEvent(.solve, done: 97, total: nil, unit: .count("rounds"), elapsed: 14, remaining: 20)
        solve.bounds = .init(lower: 228_296, upper: 230_088, target: 0.01)
        XCTAssertEqual(solve.description, "solve: round 97, gap 0.78% → 1%, ETA ~20s, optimum in [228296, 230088]")
        solve.bounds?.target = 0
        solve.remaining = nil
        XCTAssertEqual(solve.description, "solve: round 97, gap 0.78% → exact, optimum in [228296, 230088]")
        solve.bounds = .init(lower: 0, upper: .infinity, target: 0.01)
        solve.done = 0
        XCTAssertEqual(solve.description, "solve: starting, gap → 1%")
        solve.done = 97
        solve.bounds = .init(lower: 3000, upper: .infinity, target: 0)
        XCTAssertNil(solve.bounds?.gap, "no feasible shares known yet")
        XCTAssertEqual(solve.description, "solve: round 97, gap unknown → exact")
        solve.finished = true
        solve.bounds = .init(lower: 228_296, upper: 228_296, target: 0)
        XCTAssertEqual(solve.description, "solve done: 97 rounds in 14.0 s, exact")
        solve.bounds = .init(lower: 227_000, upper: 229_000, target: 0.01)
        XCTAssertEqual(solve.description, "solve done: 97 rounds in 14.0 s, gap 0.87% (target 1%)")
        solve.bounds = .init(lower: 200_000, upper: 229_000, target: 0.01)
        solve.elapsed = 75
        XCTAssertEqual(solve.description, "solve stopped: 97 rounds in 1m15s, gap 13% (target 1%)")
    }

    func testTickerReportsAtTheStartAtMostOncePerIntervalAndOnceAtTheEnd() {
        let clock = FakeClock(), reports = Reports()
        let ticker = ProgressTicker(.replay, unit: .count("steps"), total: 100, interval: 1, clock: { clock.now },
                                    sink: reports.sink)
        for (time, units) in [(0.5, 1), (1.0, 1), (1.5, 1), (2.0, 1), (20.0, 1), (20.5, 1), (22.0, 1)] {
            clock.set(time)
            ticker.advance(units)
        }
        ticker.advance(0)
        XCTAssertEqual(reports.all.map(\.elapsed), [0, 1.0, 2.0, 20.0, 22.0])
        XCTAssertEqual(reports.all.map(\.done), [0, 2, 4, 5, 7])
        XCTAssertEqual(reports.all.map(\.phase), Array(repeating: .replay, count: 5))
        XCTAssertEqual(reports.all.filter(\.finished).count, 0)
        clock.set(30)
        ticker.finish()
        ticker.finish()
        ticker.advance(10)
        XCTAssertEqual(reports.all.count, 6)
        let last = reports.all.last
        XCTAssertEqual(last?.finished, true)
        XCTAssertEqual(last?.done, 7)
        XCTAssertEqual(last?.total, 100)
        XCTAssertEqual(last?.elapsed, 30)
    }

    func testWorkFoundOnTheWayExtendsTheTotalSoDoneNeverPassesIt() {
        let clock = FakeClock(), reports = Reports()
        let ticker = ProgressTicker(.presence, unit: .count("categories tested"), total: 3, interval: 1,
                                    clock: { clock.now }, sink: reports.sink)
        clock.set(1)
        ticker.advance(3)
        ticker.extend(by: 2)
        clock.set(2)
        ticker.advance(2)
        ticker.finish()
        XCTAssertEqual(reports.all.map(\.done), [0, 3, 5, 5])
        XCTAssertEqual(reports.all.map(\.total), [3, 3, 5, 5])
        XCTAssertTrue(reports.all.allSatisfy { event in event.total.map { event.done <= $0 } ?? false })
    }

    func testPaceWaitsAnIntervalThenATenthOfThePhaseSoFar() {
        var pace = ProgressPace(interval: 1, growth: 0.1)
        let times = [0, 0.5, 1.0, 1.5, 2.0, 20, 21, 22, 23, 24.1, 24.2]
        let due = times.filter { pace.isDue(at: $0, elapsed: $0) }
        XCTAssertEqual(due, [0, 1.0, 2.0, 20, 22, 24.2])
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
        let files = try counting.plan(categories).files
        XCTAssertEqual(files, 4 + categories.suffix(3).map(\.files.count).reduce(0, +), "every file gets a share")
        let counts = try counting.count(categories, ticker: reports.ticker(total: planned, files: files))
        XCTAssertEqual(counts, try counting.count(categories), "progress does not change the counts")
        let done = reports.all.map(\.done)
        XCTAssertGreaterThan(done.count, categories.count)
        XCTAssertEqual(done.first, 0, "the first event comes before anything is counted")
        XCTAssertEqual(done.last, planned)
        XCTAssertEqual(reports.all.filter(\.finished).count, 1)
        XCTAssertEqual(reports.all.last?.files, .init(done: files, total: files), "every file read")
        let read = reports.all.compactMap(\.files?.done)
        XCTAssertTrue(zip(read, read.dropFirst()).allSatisfy { $0 <= $1 }, "\(read)")
        XCTAssertTrue(zip(done, done.dropFirst()).dropLast().allSatisfy { $0 <= $1 }, "\(done)")
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
        let done = reports.all.map(\.done)
        XCTAssertEqual(done.last, 3 * steps)
        XCTAssertTrue(zip(done, done.dropFirst()).allSatisfy { $0 <= $1 }, "\(done)")
    }
}
