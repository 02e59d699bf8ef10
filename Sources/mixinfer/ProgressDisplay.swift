import Foundation
import MixInferSupport

/// Shows a run's progress events on stderr, in the ways `ProgressFlags` asks for:
/// - `live`: one line that rewrites itself (a terminal): the run's elapsed time, the batch pair, the phase's line,
///   fitted to the terminal's width; redrawn as events come, and every second while none do.
/// - `plain`: one line per event at a modest rate (`-v`): a phase's first and last events, and in between one once
///   a second has passed and a tenth of the phase's time so far (a long solve gives a few dozen lines, not thousands).
/// - `json`: every event as a JSON line (`--progress json`, docs/output.md).
/// Lines of the solver's log (`-v -v`) and plain lines are printed above the live line. `finish()` clears the live
/// line, so that what follows (the table, an error) starts on a clean line. Safe from any thread.
final class ProgressDisplay: @unchecked Sendable {
    struct Modes: Equatable {
        var live = false
        var plain = false
        var json = false
    }

    let modes: Modes
    private let write: @Sendable (String) -> Void
    private let width: @Sendable () -> Int
    private let clock: @Sendable () -> Double
    private let start: Double
    private let lock = NSLock()
    // Guarded by `lock`:
    private var paces: [String: ProgressPace] = [:]
    private var last: ProgressEvent?
    private var batch: ProgressEvent?
    /// When the last `batch` event came: its ETA counts down from then.
    private var batchAt = 0.0
    private var shown = ""
    private var shownPhase: ProgressEvent.Phase?
    private var drawnAt = -Double.infinity
    private var timer: DispatchSourceTimer?

    /// `write` receives text for stderr; `width` the terminal's columns; `clock` seconds on a monotonic scale.
    init(_ modes: Modes, write: @escaping @Sendable (String) -> Void = ProgressDisplay.standardError,
         width: @escaping @Sendable () -> Int = TerminalLine.columns, clock: @escaping @Sendable () -> Double = ProgressTicker.uptime) {
        self.modes = modes
        self.write = write
        self.width = width
        self.clock = clock
        start = clock()
    }

    static let standardError: @Sendable (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }

    /// The sink of a run's events.
    var sink: @Sendable (ProgressEvent) -> Void { { [self] in show($0) } }

    /// The sink of the solver's per-round log (left out of JSON lines).
    var log: @Sendable (String) -> Void { { [self] in if !modes.json { printAbove("mixinfer: LP " + $0) } } }

    func show(_ event: ProgressEvent) {
        lock.lock()
        defer { lock.unlock() }
        if modes.json { write(event.json + "\n") }
        if modes.plain, isDue(event) { printAboveLocked("mixinfer: " + event.description) }
        guard modes.live else { return }
        let now = clock()
        if event.phase == .batch {
            batch = event
            batchAt = now
        } else {
            last = event
        }
        if event.finished || event.phase != shownPhase || now - drawnAt >= 0.1 { drawLocked(now) }
    }

    /// Starts redrawing the live line every second, so that its elapsed time moves while no event comes.
    func startTimer() {
        guard modes.live else { return }
        let timer = DispatchSource.makeTimerSource(queue: .global())
        timer.schedule(deadline: .now() + 1, repeating: 1)
        timer.setEventHandler { [weak self] in self?.redraw() }
        lock.withLock { self.timer = timer }
        timer.resume()
    }

    /// Clears the live line and stops redrawing it.
    func finish() {
        lock.lock()
        defer { lock.unlock() }
        timer?.cancel()
        timer = nil
        clearLocked()
        last = nil
        batch = nil
    }

    /// The live line for the events so far, `now`, within `columns`: "mixinfer 14s · solve: round 97, gap …".
    func line(now: Double, columns: Int) -> String {
        var text = "mixinfer " + ProgressEstimate.duration(now - start)
        if let pair = last?.pair ?? batch?.pair {
            text += " · pair \(pair.index) of \(pair.total)"
            if let remaining = batch?.remaining, remaining - (now - batchAt) >= 0.5 {
                text += " (batch ETA " + ProgressEstimate.duration(remaining - (now - batchAt)) + ")"
            }
        }
        if let last { text += " · " + last.phaseText }
        return TerminalLine.fitted(text, columns: columns)
    }

    /// A plain line is due for a phase's first and last events, and at the pace in between.
    private func isDue(_ event: ProgressEvent) -> Bool {
        let key = event.phase.rawValue + "\u{0}" + (event.pair?.name ?? "")
        var pace = paces[key] ?? ProgressPace(interval: 1, growth: 0.1)
        let due = pace.isDue(at: clock(), elapsed: event.elapsed)
        paces[key] = event.finished ? nil : pace
        return due || event.finished
    }

    private func redraw() {
        lock.lock()
        defer { lock.unlock() }
        let now = clock()
        if timer != nil, now - drawnAt >= 0.9 { drawLocked(now) }
    }

    private func printAbove(_ text: String) {
        lock.lock()
        defer { lock.unlock() }
        printAboveLocked(text)
    }

    private func printAboveLocked(_ text: String) {
        let redraw = !shown.isEmpty
        clearLocked()
        write(text + "\n")
        if redraw { drawLocked(clock()) }
    }

    private func drawLocked(_ now: Double) {
        guard modes.live, last != nil || batch != nil else { return }
        shown = line(now: now, columns: width())
        shownPhase = last?.phase
        drawnAt = now
        write("\r" + shown + TerminalLine.clearToEnd)
    }

    private func clearLocked() {
        guard !shown.isEmpty else { return }
        write("\r" + TerminalLine.clearToEnd)
        shown = ""
        shownPhase = nil
    }
}
