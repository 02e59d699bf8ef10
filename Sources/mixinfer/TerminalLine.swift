import Foundation

/// What the live progress line needs of a terminal: its width, and the escape that clears the rest of a line.
enum TerminalLine {
    /// Clears from the cursor to the end of the line (ANSI "erase in line").
    static let clearToEnd = "\u{1B}[K"

    /// Columns of the terminal on stderr (TIOCGWINSZ), else of the one on stdout, else 80.
    static let columns: @Sendable () -> Int = {
        for descriptor in [STDERR_FILENO, STDOUT_FILENO] {
            var size = winsize()
            if ioctl(descriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        }
        return 80
    }

    /// `text` cut to fit within `columns` − 1 (the last column would wrap on some terminals), with "…" where cut.
    static func fitted(_ text: String, columns: Int) -> String {
        let room = max(10, columns - 1)
        guard text.count > room else { return text }
        return String(text.prefix(room - 1)) + "…"
    }
}
