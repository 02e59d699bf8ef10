import ArgumentParser
import Foundation

/// `-v` / `-q` / `--progress json`: how a run's progress is shown on stderr (`ProgressDisplay`). On a terminal,
/// one line that rewrites itself; `-v` adds plain lines (the only progress when stderr is not a terminal), `-v -v`
/// the solver's per-round log; `--progress json` writes the events as JSON lines instead; `-q` shows nothing.
struct ProgressFlags: ParsableArguments {
    /// What `--progress` accepts.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        /// A live line on a terminal, plain lines with `-v`.
        case auto
        /// Every event as a JSON line (docs/output.md).
        case json
    }

    @Flag(name: .shortAndLong, help: "Progress lines on stderr (-vv: each LP round too).")
    var verbose: Int

    @Flag(name: .shortAndLong, help: "No progress on stderr (else shown on a terminal).")
    var quiet = false

    @Option(help: ArgumentHelp("json: progress events as JSON lines on stderr instead.", valueName: "format"))
    var progress: Format = .auto

    /// The display these flags ask for, given whether stderr is a terminal; nil when nothing is to be shown.
    func display(terminal: Bool = isatty(STDERR_FILENO) != 0) -> ProgressDisplay? {
        guard !quiet else { return nil }
        var modes = ProgressDisplay.Modes()
        if progress == .json {
            modes.json = true
        } else {
            modes.live = terminal
            modes.plain = verbose > 0
        }
        guard modes.live || modes.plain || modes.json else { return nil }
        return ProgressDisplay(modes)
    }

    /// Whether the solver's per-round log is shown (`-v -v`, not with `--progress json` or `-q`).
    var showsTrace: Bool { !quiet && progress == .auto && verbose > 1 }

    /// Runs `body` with the display (nil: none), its live line cleared before this returns or throws.
    func showing<T>(_ body: (ProgressDisplay?) throws -> T) rethrows -> T {
        let display = display()
        display?.startTimer()
        defer { display?.finish() }
        return try body(display)
    }
}
