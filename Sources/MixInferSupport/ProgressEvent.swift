/// One report of how far a run has come: its phase, the work done and in all where that is known, the time the phase
/// has taken and, where it can be estimated, the time left; while counting also the files read, while solving the
/// bounds on the LP's optimum (its certified gap and the gap aimed at).
///
/// `Inference.run` sends these to `InferenceRequest.progress`: a few per second at most per phase, and one with
/// `finished` set at each phase's end. Progress only observes: a run gives the same result with or without it.
/// `description` is the event as one plain line, as `mixinfer -v` prints it; the CLI draws the same events as one
/// line that rewrites itself on a terminal, or writes them as JSON lines (`--progress json`, docs/output.md).
public struct ProgressEvent: Sendable, CustomStringConvertible {
    /// The phases of a run, in the order they come; `batch` reports a batch's finished pairs.
    package enum Phase: String, Sendable, CaseIterable {
        case counting, replay, solve, presence, intervals, batch
    }

    /// Things done out of a number in all.
    package struct Count: Sendable, Equatable {
        package var done: Int
        package var total: Int

        package init(done: Int, total: Int) {
            self.done = done
            self.total = total
        }
    }

    /// Where the solve stands: the best feasible shares' total slack (`upper`) and the LP's proof that none need less
    /// (`lower`), in the solver's units; `target` is the relative gap the solve stops at (0: exact).
    package struct Bounds: Sendable, Equatable {
        package var lower: Double
        package var upper: Double
        package var target: Double

        package init(lower: Double, upper: Double, target: Double) {
            self.lower = lower
            self.upper = upper
            self.target = target
        }

        /// The certified relative gap (upper − lower) / upper, 0 when both are 0; nil while no feasible shares are
        /// known (`upper` infinite).
        package var gap: Double? {
            guard upper.isFinite, lower.isFinite else { return nil }
            return upper > 0 ? max(0, (upper - lower) / upper) : 0
        }

        /// Whether the gap is within the target (for an exact solve: closed to rounding).
        package var isWithinTarget: Bool { gap.map { $0 <= max(target, 1e-9) } ?? false }
    }

    /// A pair of a batch: its place (from 1) among `total`, and its name ("tokenizer × category set").
    package struct Pair: Sendable, Equatable {
        package var index: Int
        package var total: Int
        package var name: String

        package init(index: Int, total: Int, name: String) {
            self.index = index
            self.total = total
            self.name = name
        }
    }

    package var phase: Phase
    /// Units done: bytes counted, merge steps replayed, LP rounds solved, replicates solved, pairs finished.
    package var done: Int
    /// Units in all, nil where not known beforehand (the rounds of a solve).
    package var total: Int?
    package var unit: ProgressUnit
    /// Seconds since the phase began.
    package var elapsed: Double
    /// Seconds the phase has left, where they can be estimated (0 once it is finished).
    package var remaining: Double?
    /// The phase's last event.
    package var finished = false
    /// While counting: the files read so far and those to read.
    package var files: Count?
    /// While solving.
    package var bounds: Bounds?
    /// In a batch: the pair the event belongs to.
    package var pair: Pair?
    /// `batch` events: how the pair ended ("ok", "FAILED", "done before, skipped").
    package var status: String?

    package init(_ phase: Phase, done: Int, total: Int?, unit: ProgressUnit, elapsed: Double, remaining: Double? = nil,
                 finished: Bool = false) {
        self.phase = phase
        self.done = done
        self.total = total
        self.unit = unit
        self.elapsed = elapsed
        self.remaining = remaining
        self.finished = finished
    }

    /// The event as one plain line: "counting 31%: 12.3 of 40.0 MB, 3 of 50 files, 8.2 MB/s, ETA 3s".
    public var description: String { text }
}
