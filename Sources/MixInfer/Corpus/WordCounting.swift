import Dispatch
import Foundation

/// Turns category samples into word counts: read within the budget, normalize, pretokenize, count.
public struct WordCounting: Sendable {
    public var normalizer: NormalizerSpec
    public var pretokenizer: Pretokenizer
    public var reader: SampleReader

    public init(normalizer: NormalizerSpec, pretokenizer: Pretokenizer, reader: SampleReader) {
        self.normalizer = normalizer
        self.pretokenizer = pretokenizer
        self.reader = reader
    }

    /// Word counts of one category. Throws `CorpusError.emptyCategory` when it holds no text.
    public func count(_ category: Category) throws -> WordCounts { try count(category, ticker: nil) }

    /// `count`, telling `ticker` the bytes read as it goes (see `SampleReader.read`).
    func count(_ category: Category, ticker: ProgressTicker?) throws -> WordCounts {
        let session = pretokenizer.makeSession()
        var counter = WordCounter()
        let bytes = try reader.read(category, progress: ticker?.advance) {
            try countDocument($0, session: session, into: &counter)
        }
        guard bytes > 0, counter.count > 0 else {
            throw CorpusError.emptyCategory(name: category.name, path: category.files.first ?? category.name)
        }
        return counter.finish(bytes: bytes)
    }

    /// Word counts of the two halves of a category's sample: documents alternate between them.
    /// A category with a single document leaves the second half empty.
    public func countHalves(_ category: Category) throws -> [WordCounts] { try countHalves(category, ticker: nil) }

    func countHalves(_ category: Category, ticker: ProgressTicker?) throws -> [WordCounts] {
        let session = pretokenizer.makeSession()
        var counters = [WordCounter(), WordCounter()]
        var bytes = [0, 0], index = 0
        try reader.read(category, progress: ticker?.advance) { document in
            try countDocument(document, session: session, into: &counters[index % 2])
            bytes[index % 2] += document.count
            index += 1
        }
        guard bytes[0] > 0, counters[0].count > 0 else {
            throw CorpusError.emptyCategory(name: category.name, path: category.files.first ?? category.name)
        }
        return [counters[0].finish(bytes: bytes[0]), counters[1].finish(bytes: bytes[1])]
    }

    /// `countHalves` of every category, in parallel.
    public func countHalves(_ categories: [Category]) throws -> [[WordCounts]] {
        try countHalves(categories, ticker: nil)
    }

    func countHalves(_ categories: [Category], ticker: ProgressTicker?) throws -> [[WordCounts]] {
        let halves = try concurrentTryMap(categories.count) { try countHalves(categories[$0], ticker: ticker) }
        ticker?.finish()
        return halves
    }

    /// Pretokenizes one document (after normalization) into `counter`.
    public func countDocument(_ document: UnsafeBufferPointer<UInt8>, session: PretokenizerSession,
                              into counter: inout WordCounter) throws {
        if normalizer.isIdentity {
            try session.forEachPiece(of: document) { counter.add($0) }
        } else {
            var normalized = Array(normalizer.apply(String(decoding: document, as: UTF8.self)).utf8)
            try normalized.withUnsafeMutableBufferPointer { buffer in
                try session.forEachPiece(of: UnsafeBufferPointer(buffer)) { counter.add($0) }
            }
        }
    }

    /// Word counts of every category, counted in parallel; results in the order of `categories`.
    public func count(_ categories: [Category]) throws -> [WordCounts] { try count(categories, ticker: nil) }

    /// `count` of every category, telling `ticker` the bytes read (in all, `plannedBytes(categories)`), then `finish`.
    func count(_ categories: [Category], ticker: ProgressTicker?) throws -> [WordCounts] {
        let counts = try concurrentTryMap(categories.count) { try count(categories[$0], ticker: ticker) }
        ticker?.finish()
        return counts
    }

    /// Bytes the reader plans to take from all the categories: the total of a counting run's progress.
    public func plannedBytes(_ categories: [Category]) throws -> Int {
        try categories.reduce(0) { $0 + (try reader.plannedBytes($1)) }
    }
}

/// `body(0..<count)` run concurrently (one task per index); results in index order.
func concurrentMap<Value>(_ count: Int, _ body: (Int) -> Value) -> [Value] {
    let results = ParallelResults<Value>(count: count)
    withoutActuallyEscaping(body) { body in
        let work = UncheckedSendable(body)
        DispatchQueue.concurrentPerform(iterations: count) { index in results.set(index, work.value(index)) }
    }
    return results.values()
}

/// `concurrentMap` for work that can fail: the first failure (by index) is rethrown.
func concurrentTryMap<Value>(_ count: Int, _ body: (Int) throws -> Value) throws -> [Value] {
    try concurrentMap(count) { index in Result { try body(index) } }.map { try $0.get() }
}

/// Wraps a value for hand-off to concurrent code that only reads it or writes disjoint slots.
struct UncheckedSendable<Value>: @unchecked Sendable {
    var value: Value
    init(_ value: Value) { self.value = value }
}

/// Collects per-index results from concurrent work.
final class ParallelResults<Value>: @unchecked Sendable {
    private var slots: [Value?]
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: Value) {
        lock.lock()
        slots[index] = value
        lock.unlock()
    }

    /// All values; every index must have been set.
    func values() -> [Value] { slots.map { $0! } }
}
