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
    public func count(_ category: Category) throws -> WordCounts {
        let session = pretokenizer.makeSession()
        var counter = WordCounter()
        let bytes = try reader.read(category) { try countDocument($0, session: session, into: &counter) }
        guard bytes > 0, counter.count > 0 else {
            throw CorpusError.emptyCategory(name: category.name, path: category.files.first ?? category.name)
        }
        return counter.finish(bytes: bytes)
    }

    /// Word counts of the two halves of a category's sample: documents alternate between them.
    /// A category with a single document leaves the second half empty.
    public func countHalves(_ category: Category) throws -> [WordCounts] {
        let session = pretokenizer.makeSession()
        var counters = [WordCounter(), WordCounter()]
        var bytes = [0, 0], index = 0
        try reader.read(category) { document in
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
        let results = ParallelResults<[WordCounts]>(count: categories.count)
        DispatchQueue.concurrentPerform(iterations: categories.count) { index in
            results.set(index, Result { try countHalves(categories[index]) })
        }
        return try results.values()
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
    public func count(_ categories: [Category]) throws -> [WordCounts] {
        let results = ParallelResults<WordCounts>(count: categories.count)
        DispatchQueue.concurrentPerform(iterations: categories.count) { index in
            results.set(index, Result { try count(categories[index]) })
        }
        return try results.values()
    }
}

/// Collects per-index results from concurrent work; the first failure (by index) is rethrown.
final class ParallelResults<Value>: @unchecked Sendable {
    private var slots: [Result<Value, Error>?]
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ result: Result<Value, Error>) {
        lock.lock()
        slots[index] = result
        lock.unlock()
    }

    func values() throws -> [Value] {
        try slots.map { try $0!.get() }
    }
}
