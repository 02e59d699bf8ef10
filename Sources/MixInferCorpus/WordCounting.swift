import Foundation
import MixInferSupport
import MixInferPretokenize

/// Turns category samples into word counts: read within the budget, normalize, pretokenize, count.
///
/// Counting runs on `jobs` threads, across categories and across chunks of one category's documents
/// (see `ChunkedCounting`); the counts are the same whatever `jobs` is.
package struct WordCounting: Sendable {
    package var normalizer: NormalizerSpec
    package var pretokenizer: Pretokenizer
    package var reader: SampleReader
    /// Threads counting at once (values below 1 count as 1).
    package var jobs: Int
    /// Bytes of documents counted as one piece of work by one thread: small enough that the threads finish a
    /// 10 MB category together, large enough to cost nothing to hand over (smaller in tests, to make many chunks).
    var chunkBytes = 1 << 19

    /// The default `jobs`: every core of the machine.
    package static var defaultJobs: Int { ProcessInfo.processInfo.activeProcessorCount }

    package init(normalizer: NormalizerSpec, pretokenizer: Pretokenizer, reader: SampleReader,
                jobs: Int = WordCounting.defaultJobs) {
        self.normalizer = normalizer
        self.pretokenizer = pretokenizer
        self.reader = reader
        self.jobs = jobs
    }

    /// Word counts of one category. Throws `CorpusError.emptyCategory` when it holds no text.
    package func count(_ category: Category) throws -> WordCounts { try count([category], ticker: nil)[0] }

    /// Word counts of the two halves of a category's sample: documents alternate between them.
    /// A category with a single document leaves the second half empty.
    package func countHalves(_ category: Category) throws -> [WordCounts] { try countHalves([category], ticker: nil)[0] }

    /// `countHalves` of every category, in parallel.
    package func countHalves(_ categories: [Category]) throws -> [[WordCounts]] {
        try countHalves(categories, ticker: nil)
    }

    func countHalves(_ categories: [Category], ticker: ProgressTicker?) throws -> [[WordCounts]] {
        let halves = try counted(categories, lanes: 2, ticker: ticker)
        ticker?.finish()
        return halves
    }

    /// Word counts of every category, counted in parallel; results in the order of `categories`.
    package func count(_ categories: [Category]) throws -> [WordCounts] { try count(categories, ticker: nil) }

    /// `count` of every category, telling `ticker` the bytes counted and the files read (in all, `plan(categories)`),
    /// then `finish`.
    package func count(_ categories: [Category], ticker: ProgressTicker?) throws -> [WordCounts] {
        let counts = try counted(categories, lanes: 1, ticker: ticker).map { $0[0] }
        ticker?.finish()
        return counts
    }

    /// Per category, the word counts of `lanes` disjoint parts of its sample (documents or whole files dealt to
    /// them in turn).
    package func countLanes(_ categories: [Category], lanes: Int, dealing: LaneDealing = .documents,
                    ticker: ProgressTicker?) throws -> [[WordCounts]] {
        let counts = try counted(categories, lanes: lanes, dealing: dealing, ticker: ticker)
        ticker?.finish()
        return counts
    }

    /// Per category, the counts of its `lanes` lanes; rethrows the error of the first category (in order) that
    /// failed, and throws `CorpusError.emptyCategory` for a category whose first lane holds no text.
    private func counted(_ categories: [Category], lanes: Int, dealing: LaneDealing = .documents,
                         ticker: ProgressTicker?) throws -> [[WordCounts]] {
        let outcomes = ChunkedCounting.run(self, categories, lanes: lanes, dealing: dealing, ticker: ticker)
        return try zip(categories, outcomes).map { category, outcome in
            let counts = try outcome.get()
            guard counts.contains(where: { $0.bytes > 0 && $0.count > 0 }) else {
                throw CorpusError.emptyCategory(name: category.name, path: category.files.first ?? category.name)
            }
            return counts
        }
    }

    /// Pretokenizes one document (after normalization) into `counter`.
    package func countDocument(_ document: UnsafeBufferPointer<UInt8>, session: PretokenizerSession,
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

    /// Bytes the reader plans to take from all the categories: the total of a counting run's progress.
    package func plannedBytes(_ categories: [Category]) throws -> Int { try plan(categories).bytes }

    /// Bytes the reader plans to take from all the categories, and the files it reads them from.
    package func plan(_ categories: [Category]) throws -> (bytes: Int, files: Int) {
        try categories.reduce((0, 0)) {
            let plan = try reader.plan($1)
            return ($0.0 + plan.bytes, $0.1 + plan.files)
        }
    }
}
