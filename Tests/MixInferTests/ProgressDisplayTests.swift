import Foundation
import XCTest
@testable import MixInferSupport
@testable import mixinfer

/// Collects what a display writes to stderr.
final class Written: @unchecked Sendable {
    private let lock = NSLock()
    private var text = ""
    var all: String { lock.withLock { text } }
    func add(_ more: String) { lock.withLock { text += more } }
}

/// How the CLI shows progress events: one line rewriting itself on a terminal, plain lines, JSON lines.
final class ProgressDisplayTests: XCTestCase {
    private func display(_ modes: ProgressDisplay.Modes, columns: Int = 80, clock: FakeClock = FakeClock())
        -> (ProgressDisplay, Written) {
        let written = Written()
        let display = ProgressDisplay(modes, write: { written.add($0) }, width: { columns }, clock: { clock.now })
        return (display, written)
    }

    private func replay(_ done: Int, elapsed: Double, finished: Bool = false) -> ProgressEvent {
        var event = ProgressEvent(.replay, done: done, total: 1000, unit: .count("steps"), elapsed: elapsed)
        event.finished = finished
        return event
    }

    func testOnATerminalOneLineRewritesItselfWithinTheWidthAndIsClearedAtTheEnd() {
        let clock = FakeClock()
        let (display, written) = display(ProgressDisplay.Modes(live: true), columns: 40, clock: clock)
        clock.set(3)
        display.show(replay(100, elapsed: 1))
        clock.set(4)
        display.show(replay(500, elapsed: 2))
        display.finish()
        let text = written.all
        XCTAssertFalse(text.contains("\n"), "one line, never a new one")
        let draws = text.components(separatedBy: "\r").filter { !$0.isEmpty }
        XCTAssertEqual(draws, ["mixinfer 3s · replay 10%: 100 of 1000 …" + TerminalLine.clearToEnd,
                               "mixinfer 4s · replay 50%: 500 of 1000 …" + TerminalLine.clearToEnd,
                               TerminalLine.clearToEnd])
        XCTAssertTrue(draws.dropLast().allSatisfy { $0.count - TerminalLine.clearToEnd.count == 39 }, "40 columns, less one")
    }

    func testOnATerminalVerboseLinesAndTheSolverLogGoAboveTheLiveLine() {
        let (display, written) = display(ProgressDisplay.Modes(live: true, plain: true), columns: 200)
        display.show(replay(0, elapsed: 0))
        display.log("round 1: optimum in [1, 2]")
        display.finish()
        let text = written.all
        let plain = "mixinfer: replay 0%: 0 of 1000 steps\n"
        let log = "mixinfer: LP round 1: optimum in [1, 2]\n"
        XCTAssertTrue(text.hasPrefix(plain), text)
        XCTAssertTrue(text.contains("\r" + TerminalLine.clearToEnd + log), text)
        XCTAssertTrue(text.hasSuffix("\r" + TerminalLine.clearToEnd), "cleared at the end")
        XCTAssertLessThan(text.range(of: plain)!.lowerBound, text.range(of: log)!.lowerBound)
    }

    func testPlainLinesComeAtAModestRateWithEachPhasesFirstAndLastEvent() {
        let clock = FakeClock()
        let (display, written) = display(ProgressDisplay.Modes(plain: true), clock: clock)
        for tick in 0...400 {
            clock.set(Double(tick) / 4)
            display.show(replay(tick, elapsed: Double(tick) / 4))
        }
        display.show(replay(1000, elapsed: 100, finished: true))
        let lines = written.all.split(separator: "\n")
        XCTAssertTrue(lines.allSatisfy { $0.hasPrefix("mixinfer: replay ") }, written.all)
        XCTAssertEqual(lines.first, "mixinfer: replay 0%: 0 of 1000 steps")
        XCTAssertEqual(lines.last, "mixinfer: replay done: 1000 steps in 1m40s, 10 steps/s")
        XCTAssertGreaterThan(lines.count, 10)
        XCTAssertLessThan(lines.count, 45, "401 events over 100 s give a few dozen lines")
        XCTAssertFalse(written.all.contains("\r"))
    }

    func testJSONModeWritesEveryEventAsOneLineAndNothingElse() throws {
        let (display, written) = display(ProgressDisplay.Modes(json: true))
        for tick in 0..<5 { display.show(replay(tick, elapsed: 0)) }
        display.log("round 1")
        display.finish()
        let lines = written.all.split(separator: "\n")
        XCTAssertEqual(lines.count, 5)
        for line in lines { XCTAssertNotNil(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]) }
    }

    func testABatchLineSaysWhichPairOfHowManyAndTheBatchETACountingDown() {
        let clock = FakeClock()
        let (display, _) = display(ProgressDisplay.Modes(live: true), columns: 200, clock: clock)
        clock.set(60)
        var finished = ProgressEvent(.batch, done: 2, total: 24, unit: .count("pairs"), elapsed: 60, remaining: 660)
        finished.pair = .init(index: 2, total: 24, name: "a × b")
        display.show(finished)
        var event = replay(100, elapsed: 1)
        event.pair = .init(index: 3, total: 24, name: "c × d")
        display.show(event)
        XCTAssertEqual(display.line(now: 60, columns: 200),
                       "mixinfer 1m00s · pair 3 of 24 (batch ETA 11m00s) · replay 10%: 100 of 1000 steps, 100 steps/s")
        XCTAssertEqual(display.line(now: 75, columns: 200),
                       "mixinfer 1m15s · pair 3 of 24 (batch ETA 10m45s) · replay 10%: 100 of 1000 steps, 100 steps/s")
        XCTAssertEqual(display.line(now: 800, columns: 200),
                       "mixinfer 13m20s · pair 3 of 24 · replay 10%: 100 of 1000 steps, 100 steps/s", "no ETA once it has passed")
    }

    func testFlagsChooseTheDisplayFromTheTerminalAndTheirCount() throws {
        func modes(_ arguments: [String], terminal: Bool) throws -> ProgressDisplay.Modes? {
            try ProgressFlags.parse(arguments).display(terminal: terminal)?.modes
        }
        XCTAssertNil(try modes([], terminal: false), "not a terminal: nothing by default")
        XCTAssertEqual(try modes([], terminal: true), .init(live: true))
        XCTAssertEqual(try modes(["-v"], terminal: false), .init(plain: true))
        XCTAssertEqual(try modes(["-v"], terminal: true), .init(live: true, plain: true))
        XCTAssertEqual(try modes(["--progress", "json"], terminal: true), .init(json: true))
        XCTAssertNil(try modes(["-q"], terminal: true))
        XCTAssertNil(try modes(["-q", "--progress", "json", "-v"], terminal: true))
        XCTAssertFalse(try ProgressFlags.parse(["-v"]).showsTrace)
        XCTAssertTrue(try ProgressFlags.parse(["-vv"]).showsTrace)
        XCTAssertTrue(try ProgressFlags.parse(["-v", "--verbose"]).showsTrace)
        XCTAssertFalse(try ProgressFlags.parse(["-v", "-v", "--progress", "json"]).showsTrace)
    }
}
