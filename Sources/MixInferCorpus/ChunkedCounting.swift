import Dispatch
import Foundation
import MixInferSupport
import MixInferPretokenize

/// Counts the words of several categories on `jobs` threads, in parallel across categories and across chunks
/// of one category's documents.
///
/// Every thread does whatever is most useful next: count a chunk another thread has read, else start reading the
/// next category, else wait for chunks. A thread reading a category groups its documents into chunks
/// (`DocumentChunk`) and hands a chunk to the others while fewer chunks wait than threads are not reading;
/// otherwise it counts the chunk itself. So a reader never waits, at most `jobs` chunks wait at any time
/// (memory stays bounded), and with one category the other threads count its chunks as it reads them.
/// Only threads with nothing to do wait, and only while some thread reads: so the work is done even when
/// Dispatch runs fewer threads than `jobs` at once (nested in other parallel work, say).
///
/// The words of a category end up split among a few counters in an order that depends on timing, but their
/// sums do not, and `WordCounter.finish` sorts the words: the counts are the same for any `jobs` and chunk size.
/// Which documents are read, and which lane (half) each goes to, is decided by the reading thread alone, in
/// reading order, exactly as when counting on one thread.
final class ChunkedCounting: @unchecked Sendable {
    private let counting: WordCounting
    private let categories: [Category]
    private let lanes: Int
    private let dealing: LaneDealing
    private let ticker: ProgressTicker?
    private let jobs: Int
    private let condition = NSCondition()
    // Guarded by `condition`:
    private var tallies: [CategoryTally]
    private var waiting: [DocumentChunk] = []
    private var nextCategory = 0
    private var readers = 0

    private enum Task {
        case read(Int)
        case count(DocumentChunk)
    }

    /// Thrown inside the reader to stop reading a category that has failed already.
    private struct StopReading: Error {}

    private init(_ counting: WordCounting, _ categories: [Category], lanes: Int, dealing: LaneDealing,
                 ticker: ProgressTicker?) {
        self.counting = counting
        self.categories = categories
        self.lanes = lanes
        self.dealing = dealing
        self.ticker = ticker
        jobs = max(1, counting.jobs)
        tallies = Array(repeating: CategoryTally(lanes: lanes), count: categories.count)
    }

    /// Per category, in order: the word counts of each of the `lanes` lanes (documents dealt to them as `dealing`
    /// says), or the first error (in reading order) met reading or counting it. `ticker` is told the bytes counted and
    /// the files read.
    static func run(_ counting: WordCounting, _ categories: [Category], lanes: Int, dealing: LaneDealing = .documents,
                    ticker: ProgressTicker?) -> [Result<[WordCounts], any Error>] {
        let run = ChunkedCounting(counting, categories, lanes: lanes, dealing: dealing, ticker: ticker)
        DispatchQueue.concurrentPerform(iterations: run.jobs) { _ in run.work() }
        return run.tallies.map { $0.outcome! }
    }

    private func work() {
        let session = counting.pretokenizer.makeSession()
        while let task = nextTask() {
            switch task {
            case let .read(category): read(category, session: session)
            case let .count(chunk): count(chunk, session: session)
            }
        }
    }

    /// The next thing to do: a waiting chunk first (it holds memory), else the next category; nil when all is done.
    private func nextTask() -> Task? {
        condition.lock()
        defer { condition.unlock() }
        while true {
            if !waiting.isEmpty { return .count(waiting.removeFirst()) }
            if nextCategory < categories.count {
                nextCategory += 1
                readers += 1
                return .read(nextCategory - 1)
            }
            if readers == 0 { return nil }
            condition.wait()
        }
    }

    private func read(_ category: Int, session: PretokenizerSession) {
        var builder = ChunkBuilder(category: category, lanes: lanes, targetBytes: counting.chunkBytes, dealing: dealing)
        let progress: ((Int) -> Void)? = ticker == nil ? nil : { builder.addProgress($0) }
        var stats = SampleStats()
        var filesStarted = 0
        do {
            stats = try counting.reader.readSample(categories[category], progress: progress, fileStarted: {
                if filesStarted > 0 { self.ticker?.fileRead() }
                filesStarted += 1
                builder.startFile($0)
            }) { document in
                if let full = builder.append(document) { try submit(full, session: session) }
            }
            if filesStarted > 0 { ticker?.fileRead() }
            if let last = builder.finish() { try submit(last, session: session) }
        } catch is StopReading {
        } catch {
            condition.lock()
            tallies[category].record(error, at: builder.sequence)
            condition.unlock()
        }
        condition.lock()
        readers -= 1
        tallies[category].finishReading(laneBytes: lanes == 1 ? [stats.bytes] : builder.laneBytes, skipped: stats)
        var completion = tallies[category].takeIfComplete()
        condition.broadcast()
        condition.unlock()
        if completion != nil { complete(category, &completion!) }
    }

    /// Hands `chunk` to a thread that is not reading, or counts it here when enough chunks wait already.
    /// Throws `StopReading` once the category has failed.
    private func submit(_ chunk: DocumentChunk, session: PretokenizerSession) throws {
        condition.lock()
        tallies[chunk.category].handOut()
        let handOff = waiting.count < jobs - readers
        if handOff {
            waiting.append(chunk)
            condition.signal()
        }
        condition.unlock()
        if !handOff { count(chunk, session: session) }
        condition.lock()
        let failed = tallies[chunk.category].hasFailed
        condition.unlock()
        if failed { throw StopReading() }
    }

    private func count(_ chunk: DocumentChunk, session: PretokenizerSession) {
        let category = chunk.category
        condition.lock()
        let skip = tallies[category].skips(chunk.sequence)
        var counters = skip ? [] : tallies[category].checkOut()
        condition.unlock()
        var failure: (any Error)?
        if !skip {
            do {
                try chunk.forEachDocument { document, lane in
                    try counting.countDocument(document, session: session, into: &counters[lane])
                }
            } catch {
                failure = error
            }
        }
        ticker?.advance(chunk.progress)
        condition.lock()
        tallies[category].checkIn(&counters, counted: !skip, sequence: chunk.sequence, failure: failure)
        var completion = tallies[category].takeIfComplete()
        condition.unlock()
        if completion != nil { complete(category, &completion!) }
    }

    /// Merges and sorts a complete category's counters (outside the lock), then stores its outcome.
    private func complete(_ category: Int, _ completion: inout CategoryTally.Completion) {
        let outcome = completion.wordCounts()
        condition.lock()
        tallies[category].outcome = outcome
        condition.unlock()
    }
}
