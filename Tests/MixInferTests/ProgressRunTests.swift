import Foundation
import XCTest
@testable import MixInferSupport
@testable import MixInferTokenizers
@testable import MixInferCorpus
@testable import MixInferSolve
@testable import MixInferInference
@testable import MixInfer
@testable import MixInferBatch

/// The events a run sends to `InferenceRequest.progress`, and the solve's gap and time left.
final class ProgressRunTests: XCTestCase {
    private func request(gap: Double, intervals: Bool) -> InferenceRequest {
        var request = InferenceRequest(tokenizer: Repo.hfFixture + "/tokenizer.json", categories: Repo.samples)
        request.merges = 60
        request.sampleBytes = 30_000
        request.solver.gapTolerance = gap
        request.intervals = intervals
        request.intervalReplicates = 3
        request.presence = false
        return request
    }

    /// Each phase's events: done never goes down and stays within the total, and exactly the last one is finished.
    private func assertWellFormed(_ events: [ProgressEvent], file: StaticString = #filePath, line: UInt = #line) {
        for phase in ProgressEvent.Phase.allCases {
            let own = events.filter { $0.phase == phase }
            let done = own.map(\.done)
            XCTAssertTrue(zip(done, done.dropFirst()).allSatisfy { $0 <= $1 }, "\(phase): \(done)", file: file, line: line)
            for event in own where event.total != nil {
                XCTAssertLessThanOrEqual(event.done, event.total!, "\(phase)", file: file, line: line)
            }
            XCTAssertEqual(own.filter(\.finished).count, own.isEmpty ? 0 : 1, "\(phase)", file: file, line: line)
            XCTAssertEqual(own.last?.finished ?? true, true, "\(phase)", file: file, line: line)
            XCTAssertTrue(own.allSatisfy { $0.elapsed >= 0 && ($0.remaining ?? 0) >= 0 }, "\(phase)", file: file, line: line)
        }
    }

    func testEventsOfARunComeInPhaseOrderAndEndWithASolveWithinItsTarget() throws {
        for (gap, intervals) in [(0.0, false), (0.02, true)] {
            let reports = Reports()
            var observed = request(gap: gap, intervals: intervals)
            observed.progress = reports.sink
            let estimate = try Inference.run(observed)
            let events = reports.all
            let phases = events.map(\.phase).reduce(into: [ProgressEvent.Phase]()) { if $0.last != $1 { $0.append($1) } }
            XCTAssertEqual(phases, intervals ? [.counting, .replay, .solve, .intervals] : [.counting, .replay, .solve])
            assertWellFormed(events)
            let counted = try XCTUnwrap(events.last { $0.phase == .counting })
            XCTAssertEqual(counted.files, .init(done: 140, total: 140))
            XCTAssertEqual(counted.done, counted.total)
            XCTAssertEqual(events.last { $0.phase == .replay }?.done, 60 * 10)
            let solved = try XCTUnwrap(events.last { $0.phase == .solve })
            let bounds = try XCTUnwrap(solved.bounds)
            XCTAssertTrue(solved.finished)
            XCTAssertTrue(bounds.isWithinTarget, "\(bounds)")
            XCTAssertLessThanOrEqual(try XCTUnwrap(bounds.gap), max(gap, 1e-9))
            XCTAssertEqual(bounds.target, gap)
            XCTAssertEqual(bounds.upper, estimate.solution.objective)
            XCTAssertEqual(bounds.lower, estimate.solution.lowerBound)
            XCTAssertEqual(solved.done, estimate.solution.rounds)
            XCTAssertTrue(events.filter { $0.phase == .solve }.allSatisfy { $0.unit == .count("rounds") && $0.total == nil })
            if intervals { XCTAssertEqual(events.last?.done, 3, "every replicate solved") }
            XCTAssertEqual(estimate.categories, try Inference.run(request(gap: gap, intervals: intervals)).categories,
                           "progress never changes a result")
        }
    }

    func testThePresenceDecisionReportsTheCategoriesItTestsAfterTheSolve() throws {
        let reports = Reports()
        var observed = request(gap: 0, intervals: false)
        observed.presence = true
        observed.progress = reports.sink
        let estimate = try Inference.run(observed)
        let events = reports.all
        let phases = events.map(\.phase).reduce(into: [ProgressEvent.Phase]()) { if $0.last != $1 { $0.append($1) } }
        XCTAssertEqual(phases, [.counting, .replay, .solve, .presence])
        let presence = events.filter { $0.phase == .presence }
        XCTAssertEqual(presence.filter(\.finished).count, 1)
        XCTAssertEqual(presence.last?.finished, true)
        XCTAssertGreaterThanOrEqual(presence.last?.done ?? 0, 1, "at least one category was tested")
        XCTAssertEqual(presence.first?.total, try Inference.run({ var plain = observed; plain.presence = false; plain.progress = nil
            return plain }()).categories.filter { $0.share > 0 }.count, "every category the LP gives a share is tested")
        XCTAssertTrue(estimate.presenceDecided)
    }

    func testSolveTimeLeftFollowsTheFallOfTheLogOfTheGapAndIsNeverMoreThanTheTimeLimitLeaves() throws {
        let clock = FakeClock(), reports = Reports()
        var options = SolverOptions()
        options.gapTolerance = 0.01
        options.progress = reports.sink
        var meter = try XCTUnwrap(SolveMeter(options, clock: { clock.now }))
        // (upper − lower) / lower halves every second, from 0.64 at 0 s.
        func bounds(_ ratio: Double) -> ProgressEvent.Bounds { .init(lower: 100, upper: 100 * (1 + ratio), target: 0.01) }
        for second in 0...4 {
            clock.set(Double(second))
            let solved = bounds(0.64 / pow(2, Double(second)))
            meter.solved(rounds: second + 1, lower: solved.lower, upper: solved.upper)
        }
        let last = try XCTUnwrap(reports.all.last)
        XCTAssertEqual(last.done, 5)
        XCTAssertEqual(try XCTUnwrap(last.bounds?.gap), 0.04 / 1.04, accuracy: 1e-12)
        // The gap is 1 % once the ratio is 0.01 / 0.99: log2(0.04 · 99) halvings from 0.04.
        let expected = log2(0.04 * 99)
        XCTAssertEqual(try XCTUnwrap(last.remaining), expected, accuracy: 1e-9)
        XCTAssertEqual(try XCTUnwrap(meter.remaining(bounds(0.04), at: 4)), expected, accuracy: 1e-9)
        XCTAssertEqual(meter.remaining(bounds(0.005), at: 4), 0, "within the target")
        XCTAssertNil(meter.remaining(bounds(0.04), at: 1.5), "not a second of history in the last half yet")
        options.timeLimit = 5
        let limited = try XCTUnwrap(SolveMeter(options, clock: { clock.now }))
        XCTAssertEqual(limited.remaining(bounds(0.5), at: 3.5), 1.5, "the time limit leaves 1.5 s")
        options.gapTolerance = 0
        options.timeLimit = nil
        XCTAssertNil(try XCTUnwrap(SolveMeter(options, clock: { clock.now })).remaining(bounds(0.04), at: 4),
                     "an exact solve has no estimate")
        options.progress = nil
        XCTAssertNil(SolveMeter(options), "no sink, no meter")
    }

    func testSolveEventsAreAtMostFourASecond() throws {
        let clock = FakeClock(), reports = Reports()
        var options = SolverOptions()
        options.progress = reports.sink
        var meter = try XCTUnwrap(SolveMeter(options, clock: { clock.now }))
        for round in 1...1000 {
            clock.set(Double(round) / 100)
            meter.solved(rounds: round, lower: 1, upper: 2)
        }
        meter.finish(rounds: 1000, lower: 2, upper: 2)
        XCTAssertEqual(reports.all.count, 1 + 40 + 1, "the first, one per quarter second of 10 s of rounds, the last")
        XCTAssertEqual(reports.all.first?.done, 0)
        XCTAssertNil(reports.all.first?.bounds?.gap, "nothing is known at the start")
        XCTAssertEqual(reports.all.last?.finished, true)
    }

    func testJSONOfAnEventHasTheDocumentedFieldsAndNullForWhatIsUnknown() throws {
        var solve = ProgressEvent(.solve, done: 12, total: nil, unit: .count("rounds"), elapsed: 1.5)
        solve.bounds = .init(lower: 90, upper: .infinity, target: 0.01)
        solve.pair = .init(index: 3, total: 24, name: "a \"quoted\" × b\\c")
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(solve.json.utf8)) as? [String: Any])
        XCTAssertEqual(object["phase"] as? String, "solve")
        XCTAssertEqual(object["done"] as? Int, 12)
        XCTAssertEqual(object["unit"] as? String, "rounds")
        XCTAssertEqual(object["elapsed"] as? Double, 1.5)
        XCTAssertEqual(object["finished"] as? Bool, false)
        for key in ["total", "remaining", "upper", "gap"] { XCTAssertTrue(object[key] is NSNull, key) }
        XCTAssertEqual(object["lower"] as? Double, 90)
        XCTAssertEqual(object["target"] as? Double, 0.01)
        XCTAssertEqual(object["pair"] as? Int, 3)
        XCTAssertEqual(object["pairs"] as? Int, 24)
        XCTAssertEqual(object["pair_name"] as? String, "a \"quoted\" × b\\c")
        XCTAssertEqual(object["message"] as? String, solve.phaseText)
        XCTAssertNil(object["files_done"])
        XCTAssertFalse(solve.json.contains("\n"))
        let keys = solve.json.split(separator: "\"").enumerated().filter { $0.offset % 2 == 1 }.map(\.element)
        XCTAssertEqual(Array(keys.prefix(3)), ["phase", "solve", "done"], "keys in the documented order")
    }

    func testABatchMarksEachPairsEventsAndCountsItsPairsToTheEnd() throws {
        let dir = try TemporaryDirectory()
        let manifest = try dir.write("m.yaml", """
            categories: "\(Repo.samples)"
            tokenizers: [{name: one, path: "\(Repo.hfFixture)/tokenizer.json"}, {name: two, path: "\(Repo.sampleTokenizer)"}]
            merges: 40
            sample_bytes: 20000
            presence: false
            """)
        let reports = Reports()
        let runner = BatchRunner(manifest: try BatchManifest.load(manifest), outputDirectory: dir.file("out"), force: false)
        _ = try runner.run(jobs: 1, progress: reports.sink)
        let events = reports.all
        XCTAssertEqual(events.filter { $0.phase == .batch }.map(\.done), [1, 2])
        XCTAssertEqual(events.filter { $0.phase == .batch }.map(\.status), ["ok", "ok"])
        XCTAssertEqual(events.last?.finished, true)
        XCTAssertTrue(events.allSatisfy { $0.pair != nil && $0.pair?.total == 2 })
        let first = events.prefix { $0.phase != .batch }
        XCTAssertTrue(first.allSatisfy { $0.pair == .init(index: 1, total: 2, name: "one × default") })
        XCTAssertEqual(first.map(\.phase).first, .counting)
        XCTAssertEqual(first.last?.phase, .solve)
        XCTAssertTrue(events.contains { $0.pair?.index == 2 && $0.phase == .solve && $0.finished })
    }
}
