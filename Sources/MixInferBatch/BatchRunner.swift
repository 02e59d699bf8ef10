import Foundation
import MixInferSupport
import MixInferTokenizers
import MixInferCorpus
import MixInferInference
import MixInfer

/// Runs a `BatchManifest`: one JSON result per (tokenizer, category set), word counts shared between
/// tokenizers with the same text processing, failures recorded (`BatchFailureRecord`) and the rest continued.
/// A pair whose result or failure record an earlier run or another shard left is read back, not run again, unless
/// `force`; so after the N shards of `batch --shard K/N`, a run without a shard computes nothing.
package final class BatchRunner: @unchecked Sendable {
    let manifest: BatchManifest
    let outputDirectory: String
    let force: Bool
    private var countCache: [String: [WordCounts]] = [:]
    private var categoryCache: [String: [Category]] = [:]
    private let lock = NSLock()

    package init(manifest: BatchManifest, outputDirectory: String, force: Bool) {
        self.manifest = manifest
        self.outputDirectory = outputDirectory
        self.force = force
    }

    /// Runs the pairs of `shard` (every pair by default), `jobs` at a time; outcomes are in manifest order whatever
    /// `jobs` is. `progress` receives each pair's run events, marked with the pair, and a `batch` event per finished
    /// pair: its status, the pairs finished and the ETA.
    package func run(jobs: Int, shard: Shard = .whole, progress: (@Sendable (ProgressEvent) -> Void)? = nil) throws -> [Outcome] {
        try FileManager.default.createDirectory(atPath: outputDirectory, withIntermediateDirectories: true)
        let pairs = manifest.pairs.enumerated().filter { shard.contains($0.offset) }.map(\.element)
        let results = ParallelResults<Outcome>(count: pairs.count)
        let queue = OperationQueue()
        queue.maxConcurrentOperationCount = max(1, jobs)
        let start = ProgressTicker.uptime()
        let meter = BatchProgress(total: pairs.count)
        for (index, (entry, set)) in pairs.enumerated() {
            queue.addOperation {
                let pair = ProgressEvent.Pair(index: index + 1, total: pairs.count, name: "\(entry.name) × \(set.name)")
                let outcome = self.runOne(entry, set: set, progress: Self.marked(progress, pair))
                if let progress {
                    let status = outcome.failure == nil ? (outcome.skipped ? "done before, skipped" : "ok")
                        : (outcome.skipped ? "failed before, skipped" : "FAILED")
                    meter.record(skipped: outcome.skipped, elapsed: ProgressTicker.uptime() - start) {
                        var event = $0
                        event.pair = pair
                        event.status = status
                        progress(event)
                    }
                }
                results.set(index, outcome)
            }
        }
        queue.waitUntilAllOperationsAreFinished()
        return results.values()
    }

    /// `sink` with each event marked as one of `pair`'s.
    private static func marked(_ sink: (@Sendable (ProgressEvent) -> Void)?,
                               _ pair: ProgressEvent.Pair) -> (@Sendable (ProgressEvent) -> Void)? {
        guard let sink else { return nil }
        return { event in
            var marked = event
            marked.pair = pair
            sink(marked)
        }
    }

    /// One pair: kept from before, or computed, its result written and read back as the summary will see it.
    private func runOne(_ entry: BatchManifest.Entry, set: BatchManifest.CategorySet,
                        progress: (@Sendable (ProgressEvent) -> Void)?) -> Outcome {
        let path = (outputDirectory as NSString).appendingPathComponent("\(entry.name)__\(set.name).json")
        if !force, let kept = kept(entry, set: set, path: path) { return kept }
        do {
            let data = try compute(entry, set: set, progress: progress)
            try atomicWrite(data, to: path)
            try? FileManager.default.removeItem(atPath: BatchFailureRecord.path(forResult: path))
            guard let outcome = Outcome(tokenizer: entry.name, categorySet: set.name, resultPath: path, result: data,
                                        skipped: false) else {
                throw BatchFailure(message: "\(path): written, but not readable as a result")
            }
            return outcome
        } catch {
            return failed(entry, set: set, path: path, message: (error as? BatchFailure)?.message ?? "\(error)")
        }
    }

    /// What an earlier run or another shard left for a pair: its result, else its failure record; nil for neither.
    private func kept(_ entry: BatchManifest.Entry, set: BatchManifest.CategorySet, path: String) -> Outcome? {
        if let data = FileManager.default.contents(atPath: path),
           let outcome = Outcome(tokenizer: entry.name, categorySet: set.name, resultPath: path, result: data, skipped: true) {
            return outcome
        }
        guard let record = BatchFailureRecord.read(BatchFailureRecord.path(forResult: path)) else { return nil }
        return Outcome(tokenizer: entry.name, categorySet: set.name, resultPath: path, failure: record.error, skipped: true)
    }

    /// A pair that failed now: its failure record written and a result of an earlier run removed, so that the folder
    /// holds what the last run of each pair gave.
    private func failed(_ entry: BatchManifest.Entry, set: BatchManifest.CategorySet, path: String, message: String) -> Outcome {
        var message = message
        try? FileManager.default.removeItem(atPath: path)
        do {
            try BatchFailureRecord(tokenizer: entry.path, categorySet: set.name, error: message)
                .write(to: BatchFailureRecord.path(forResult: path))
        } catch {
            message += " (and its failure record was not written: \(error))"
        }
        return Outcome(tokenizer: entry.name, categorySet: set.name, resultPath: path, failure: message, skipped: false)
    }

    /// Computes one pair: its estimate as the JSON of `Report.json`.
    private func compute(_ entry: BatchManifest.Entry, set: BatchManifest.CategorySet,
                         progress: (@Sendable (ProgressEvent) -> Void)?) throws -> Data {
        var request = try manifest.request(entry, set: set)
        request.progress = progress
        let model = try Inference.loadTokenizer(request.tokenizer)
        let categories = try categoriesOf(set.directory).map { $0.reading(textField: request.textField) }
        if request.intervals {
            request.categories = .categories(categories)
        } else {
            let words = try counts(categories, directory: set.directory, model: model, sampleBytes: request.sampleBytes,
                                   progress: progress)
            request.categories = .counted(folder: set.directory, categories, words)
        }
        let estimate = try Inference.run(request, model: model)
        return Data(Report.json(estimate, tokenizer: entry.path).utf8)
    }

    private func categoriesOf(_ directory: String) throws -> [Category] {
        lock.lock(); defer { lock.unlock() }
        if let cached = categoryCache[directory] { return cached }
        let categories = try Category.discover(in: directory)
        categoryCache[directory] = categories
        return categories
    }

    /// Word counts per (category folder, text processing, budget), computed once per batch.
    private func counts(_ categories: [Category], directory: String, model: TokenizerModel, sampleBytes: Int,
                        progress: (@Sendable (ProgressEvent) -> Void)?) throws -> [WordCounts] {
        let key = directory + "\u{0}" + CategoryCounts.processingKey(model) + "\u{0}\(sampleBytes)\u{0}"
            + categories.map { $0.textField ?? "" }.joined(separator: "\u{1}")
        lock.lock()
        if let cached = countCache[key] { lock.unlock(); return cached }
        lock.unlock()
        let words = try RunCounting.countWords(categories, tokenizer: model, sampleBytes: sampleBytes, progress: progress)
        lock.lock(); countCache[key] = words; lock.unlock()
        return words
    }

    /// The outcomes as the rows of a summary (failed pairs without shares, with their error).
    package static func summary(_ outcomes: [Outcome]) -> BatchSummary {
        BatchSummary(rows: outcomes.map {
            BatchSummary.Row(tokenizer: $0.tokenizer, categorySet: $0.categorySet, shares: try? $0.result.get(),
                             groups: $0.groups, warnings: $0.warnings, error: $0.failure)
        })
    }
}
