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
        /// The groups' totals of a pair's estimate, by group name.
        package var groups: [String: Double] = [:]
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
    /// `progress` receives one line per finished pair: its status, pairs done, mean time per pair and ETA.
    package func run(jobs: Int, progress: (@Sendable (String) -> Void)? = nil) throws -> [Outcome] {
        try FileManager.default.createDirectory(atPath: outputDirectory, withIntermediateDirectories: true)
        let pairs = manifest.tokenizers.flatMap { entry in manifest.categorySets.map { (entry, $0) } }
        let results = ParallelResults<Outcome>(count: pairs.count)
        let queue = OperationQueue()
        queue.maxConcurrentOperationCount = max(1, jobs)
        let start = ProgressTicker.uptime()
        let meter = BatchProgress(total: pairs.count)
        for (index, (entry, set)) in pairs.enumerated() {
            queue.addOperation {
                let outcome = self.runOne(entry, set: set)
                if let progress {
                    let status = (try? outcome.result.get()) == nil ? "FAILED" : outcome.skipped ? "done before, skipped" : "ok"
                    meter.record(skipped: outcome.skipped, elapsed: ProgressTicker.uptime() - start) {
                        progress("\(entry.name) × \(set.name): \(status) (\($0))")
                    }
                }
                results.set(index, outcome)
            }
        }
        queue.waitUntilAllOperationsAreFinished()
        return results.values()
    }

    private func runOne(_ entry: BatchManifest.Entry, set: BatchManifest.CategorySet) -> Outcome {
        let path = (outputDirectory as NSString).appendingPathComponent("\(entry.name)__\(set.name).json")
        var outcome = Outcome(tokenizer: entry.name, categorySet: set.name, resultPath: path,
                              result: .failure(BatchFailure(message: "not run")), skipped: false)
        if !force, let data = FileManager.default.contents(atPath: path),
           let json = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any],
           let shares = json["shares"] as? [String: Double] {
            outcome.result = .success(shares)
            outcome.skipped = true
            outcome.groups = ((json["groups"] as? [String: [String: Any]]) ?? [:]).compactMapValues { $0["share"] as? Double }
            outcome.warnings = ((json["warnings"] as? [[String: Any]]) ?? []).map {
                "\($0["code"] as? String ?? "?"): \($0["message"] as? String ?? "")"
            }
            return outcome
        }
        do {
            var request = try manifest.request(entry, set: set)
            let model = try Inference.loadTokenizer(request.tokenizer)
            let categories = try categoriesOf(set.directory).map { $0.reading(textField: request.textField) }
            if request.intervals {
                request.categories = .categories(categories)
            } else {
                let words = try counts(categories, directory: set.directory, model: model, sampleBytes: request.sampleBytes)
                request.categories = .counted(folder: set.directory, categories, words)
            }
            let estimate = try Inference.run(request, model: model)
            try atomicWrite(Data(Report.json(estimate, tokenizer: entry.path).utf8), to: path)
            outcome.result = .success(Dictionary(uniqueKeysWithValues: estimate.categories.map { ($0.name, $0.share) }))
            outcome.warnings = estimate.warnings.map { "\($0.code.rawValue): \($0.message)" }
            outcome.groups = Dictionary(estimate.groups.map { ($0.name, $0.share) }, uniquingKeysWith: { first, _ in first })
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
    private func counts(_ categories: [Category], directory: String, model: TokenizerModel,
                        sampleBytes: Int) throws -> [WordCounts] {
        let key = directory + "\u{0}" + CategoryCounts.processingKey(model) + "\u{0}\(sampleBytes)\u{0}"
            + categories.map { $0.textField ?? "" }.joined(separator: "\u{1}")
        lock.lock()
        if let cached = countCache[key] { lock.unlock(); return cached }
        lock.unlock()
        let words = try RunCounting.countWords(categories, tokenizer: model, sampleBytes: sampleBytes)
        lock.lock(); countCache[key] = words; lock.unlock()
        return words
    }

    /// The outcomes as the rows of a summary (failed pairs without shares).
    package static func summary(_ outcomes: [Outcome]) -> BatchSummary {
        BatchSummary(rows: outcomes.map {
            BatchSummary.Row(tokenizer: $0.tokenizer, categorySet: $0.categorySet, shares: try? $0.result.get(),
                             groups: $0.groups, warnings: $0.warnings)
        })
    }
}
