/// What the threads counting one category's chunks share: counters not in use, the chunks still to count,
/// the earliest failure, and at the end the category's word counts.
/// Not synchronised itself: `ChunkedCounting` guards every tally with its lock.
struct CategoryTally {
    /// Lanes (halves of the sample) counted separately.
    let lanes: Int
    /// Counter sets (one counter per lane) between two chunks. A thread takes one per chunk, so there are never
    /// more sets than threads that counted this category at the same time; the words split among them in any way.
    private var idle: [[WordCounter]] = []
    /// Chunks handed out and not counted yet.
    private var inFlight = 0
    private var isRead = false
    private var isTaken = false
    private var laneBytes: [Int] = []
    private var skipped = SampleStats()
    /// The failure of the earliest chunk (by sequence) that failed; reading errors count for the chunk being filled.
    private var failure: (sequence: Int, error: any Error)?
    /// Set once the category is complete.
    var outcome: Result<[WordCounts], any Error>?

    init(lanes: Int) { self.lanes = lanes }

    var hasFailed: Bool { failure != nil }

    /// Counts one more chunk as handed out.
    mutating func handOut() { inFlight += 1 }

    /// Whether chunk `sequence` need not be counted: an earlier one has failed already, so it cannot change
    /// the error reported.
    func skips(_ sequence: Int) -> Bool { failure.map { $0.sequence < sequence } ?? false }

    /// A counter set to count one chunk with.
    mutating func checkOut() -> [WordCounter] {
        idle.popLast() ?? (0..<lanes).map { _ in WordCounter() }
    }

    /// Takes back a counter set after its chunk was counted, leaving `counters` empty (so the tally holds the only
    /// reference and the next thread to use it does not copy it), and records the chunk's failure, if any.
    /// `counted` is false for a skipped chunk.
    mutating func checkIn(_ counters: inout [WordCounter], counted: Bool, sequence: Int, failure error: (any Error)?) {
        if counted { idle.append(counters) }
        counters = []
        if let error { record(error, at: sequence) }
        inFlight -= 1
    }

    /// Keeps `error` when it comes from an earlier chunk than the failure known so far.
    mutating func record(_ error: any Error, at sequence: Int) {
        if failure.map({ sequence < $0.sequence }) ?? true { failure = (sequence, error) }
    }

    /// Notes that reading is over, with the bytes of text delivered to each lane and the records skipped.
    mutating func finishReading(laneBytes: [Int], skipped: SampleStats = SampleStats()) {
        isRead = true
        self.laneBytes = laneBytes
        self.skipped = skipped
    }

    /// Once the category is read and every chunk counted: what is left to finish it (outside the lock),
    /// moved out of the tally, so that this happens once and the counters have no other owner.
    mutating func takeIfComplete() -> Completion? {
        guard isRead, inFlight == 0, !isTaken else { return nil }
        isTaken = true
        var counters: [[WordCounter]] = []
        swap(&counters, &idle)
        return Completion(counters: counters, laneBytes: laneBytes, skipped: skipped, failure: failure?.error)
    }

    /// A complete category's counters, to merge into its word counts.
    struct Completion {
        private var counters: [[WordCounter]]
        let laneBytes: [Int]
        let skipped: SampleStats
        let failure: (any Error)?

        init(counters: [[WordCounter]], laneBytes: [Int], skipped: SampleStats, failure: (any Error)?) {
            self.counters = counters
            self.laneBytes = laneBytes
            self.skipped = skipped
            self.failure = failure
        }

        /// The word counts of each lane, or the category's failure. The order of `WordCounter.finish` is canonical,
        /// which makes the result independent of how the words were split among the counters.
        mutating func wordCounts() -> Result<[WordCounts], any Error> {
            if let failure { return .failure(failure) }
            var lanes: [WordCounts] = []
            for (lane, bytes) in laneBytes.enumerated() { lanes.append(mergedLane(lane).finish(bytes: bytes)) }
            // Skipped records belong to the whole sample; lane 0 carries them, so lanes still add up.
            if !lanes.isEmpty {
                lanes[0].skippedMissingField = skipped.skippedMissingField
                lanes[0].skippedInvalidUTF8 = skipped.skippedInvalidUTF8
            }
            return .success(lanes)
        }

        /// Lane `lane`'s counters merged into the largest (so the fewest words are inserted again), each moved
        /// out of `counters` first so that no counter is copied.
        private mutating func mergedLane(_ lane: Int) -> WordCounter {
            var parts: [WordCounter] = []
            for set in counters.indices {
                var part = WordCounter(capacity: 0)
                swap(&part, &counters[set][lane])
                parts.append(part)
            }
            parts.sort { $0.count > $1.count }
            guard !parts.isEmpty else { return WordCounter() }
            var merged = parts.removeFirst()
            for part in parts { merged.merge(part) }
            return merged
        }
    }
}
