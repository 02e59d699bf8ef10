import Foundation
import MixInferSupport
import MixInferTokenizers
import MixInferCorpus
import MixInferInference
import MixInfer

/// Runs a `BatchManifest`: one JSON result per (tokenizer, category set), word counts shared between
/// tokenizers with the same text processing, failures recorded and the rest continued.
package final class BatchRunner: @unchecked Sendable {
    package struct Outcome: Sendable {
        package var tokenizer: String
        package var categorySet: String
        package var resultPath: String
        /// Shares by category, or the error message.
        package var result: Result<[String: Double], BatchFailure>
        package var skipped: Bool
        /// The warnings of a pair's estimate ("code: message").
        package var warnings: [String] = []
    }

    package struct BatchFailure: Error, Sendable { public var message: String }

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

    /// Runs every pair, `jobs` at a time; results are in manifest order whatever `jobs` is.
    /// `progress` receives each pair's run events, marked with the pair, and a `batch` event per finished pair: its
    /// status, the pairs finished and the ETA.
    package func run(jobs: Int, progress: (@Sendable (ProgressEvent) -> Void)? = nil) throws -> [Outcome] {
        try FileManager.default.createDirectory(atPath: outputDirectory, withIntermediateDirectories: true)
        let pairs = manifest.tokenizers.flatMap { entry in manifest.categorySets.map { (entry, $0) } }
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
                    let status = (try? outcome.result.get()) == nil ? "FAILED" : outcome.skipped ? "done before, skipped" : "ok"
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

    private func runOne(_ entry: BatchManifest.Entry, set: BatchManifest.CategorySet,
                        progress: (@Sendable (ProgressEvent) -> Void)?) -> Outcome {
        let path = (outputDirectory as NSString).appendingPathComponent("\(entry.name)__\(set.name).json")
        var outcome = Outcome(tokenizer: entry.name, categorySet: set.name, resultPath: path,
                              result: .failure(BatchFailure(message: "not run")), skipped: false)
        if !force, let data = FileManager.default.contents(atPath: path),
           let json = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any],
           let shares = json["shares"] as? [String: Double] {
            outcome.result = .success(shares)
            outcome.skipped = true
            outcome.warnings = ((json["warnings"] as? [[String: Any]]) ?? []).map {
                "\($0["code"] as? String ?? "?"): \($0["message"] as? String ?? "")"
            }
            return outcome
        }
        do {
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
            try atomicWrite(Data(Report.json(estimate, tokenizer: entry.path).utf8), to: path)
            outcome.result = .success(Dictionary(uniqueKeysWithValues: estimate.categories.map { ($0.name, $0.share) }))
            outcome.warnings = estimate.warnings.map { "\($0.code.rawValue): \($0.message)" }
        } catch {
            outcome.result = .failure(BatchFailure(message: "\(error)"))
        }
        return outcome
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

    /// The outcomes as the rows of a summary (failed pairs without shares).
    package static func summary(_ outcomes: [Outcome]) -> BatchSummary {
        BatchSummary(rows: outcomes.map {
            BatchSummary.Row(tokenizer: $0.tokenizer, categorySet: $0.categorySet, shares: try? $0.result.get(),
                             warnings: $0.warnings)
        })
    }
}
