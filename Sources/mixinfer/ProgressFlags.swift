import ArgumentParser
import Foundation

/// `-v` / `--quiet`: progress lines on stderr, shown by default only when stderr is a terminal.
struct ProgressFlags: ParsableArguments {
    @Flag(name: .shortAndLong, help: "Print progress (with rates and ETA) to stderr, even when it is not a terminal.")
    var verbose = false

    @Flag(name: .shortAndLong, help: "No progress on stderr (it is shown only when stderr is a terminal anyway).")
    var quiet = false

    /// Where progress lines go ("mixinfer: " + line on stderr), or nil when they are not wanted.
    var sink: (@Sendable (String) -> Void)? {
        guard !quiet && (verbose || isatty(2) != 0) else { return nil }
        return { FileHandle.standardError.write(Data(("mixinfer: " + $0 + "\n").utf8)) }
    }
}
