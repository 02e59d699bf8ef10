import Foundation

/// Runs a `BatchManifest`: one JSON result per (tokenizer, category set), word counts shared between
/// tokenizers with the same text processing, failures recorded and the rest continued.
public final class BatchRunner: @unchecked Sendable {
    public struct Outcome: Sendable {
        public var tokenizer: String
        public var categorySet: String
        public var resultPath: String
        /// Shares by category, or the error message.
        public var result: Result<[String: Double], BatchFailure>
        public var skipped: Bool
    }

    public struct BatchFailure: Error, Sendable { public var message: String }

    let manifest: BatchManifest
    let outputDirectory: String
    let force: Bool
    private var countCache: [String: [WordCounts]] = [:]
    private var categoryCache: [String: [Category]] = [:]
    private let lock = NSLock()

    public init(manifest: BatchManifest, outputDirectory: String, force: Bool) {
        self.manifest = manifest
        self.outputDirectory = outputDirectory
        self.force = force
    }

    /// Runs every pair, `jobs` at a time; results are in manifest order whatever `jobs` is.
    /// `progress` receives one line per finished pair: its status, pairs done, mean time per pair and ETA.
    public func run(jobs: Int, progress: (@Sendable (String) -> Void)? = nil) throws -> [Outcome] {
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
            return outcome
        }
        do {
            let model = try MixInfer.loadTokenizer(entry.path, pretokenizer: entry.pretokenizer)
            let categories = try categoriesOf(set.directory)
            let words = try counts(categories, directory: set.directory, model: model)
            var options = InferenceOptions(merges: entry.merges ?? manifest.merges, sampleBytes: manifest.sampleBytes)
            options.solver = manifest.solverOptions
            options.solver.firstStep = entry.firstStep ?? 0
            let estimate = try MixInfer.infer(tokenizer: model, names: categories.map(\.name), words: words, options: options)
            try atomicWrite(Data(Report.json(estimate, tokenizer: entry.path).utf8), to: path)
            outcome.result = .success(Dictionary(uniqueKeysWithValues: zip(estimate.categories, estimate.shares).map { ($0, $1) }))
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

    /// Word counts per (category folder, text processing), computed once per batch.
    private func counts(_ categories: [Category], directory: String, model: TokenizerModel) throws -> [WordCounts] {
        let key = directory + "\u{0}" + CategoryCounts.processingKey(model)
        lock.lock()
        if let cached = countCache[key] { lock.unlock(); return cached }
        lock.unlock()
        let words = try MixInfer.countWords(categories, tokenizer: model, sampleBytes: manifest.sampleBytes)
        lock.lock(); countCache[key] = words; lock.unlock()
        return words
    }

    /// Tokenizers × categories tables of the outcomes: CSV and Markdown (failed cells empty).
    public static func summaries(_ outcomes: [Outcome]) -> (csv: String, markdown: String) {
        let categories = Array(Set(outcomes.flatMap { (try? $0.result.get())?.keys.map { $0 } ?? [] })).sorted()
        var csv = (["tokenizer", "category_set"] + categories).joined(separator: ",") + "\n"
        var markdown = "| tokenizer | set | " + categories.joined(separator: " | ") + " |\n"
        markdown += "|---|---|" + String(repeating: "---|", count: categories.count) + "\n"
        for outcome in outcomes {
            let shares = try? outcome.result.get()
            let cells = categories.map { name in shares?[name].map { String(format: "%.4f", $0) } ?? "" }
            csv += ([outcome.tokenizer, outcome.categorySet] + cells).joined(separator: ",") + "\n"
            let status = shares == nil ? " (failed)" : ""
            markdown += "| \(outcome.tokenizer)\(status) | \(outcome.categorySet) | " + cells.joined(separator: " | ") + " |\n"
        }
        return (csv, markdown)
    }
}

/// Writes through a temporary file in the same folder and a rename: an interrupted write leaves no partial file.
public func atomicWrite(_ data: Data, to path: String) throws {
    let temporary = path + ".partial-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))"
    do {
        try data.write(to: URL(fileURLWithPath: temporary))
        if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
        try FileManager.default.moveItem(atPath: temporary, toPath: path)
    } catch {
        try? FileManager.default.removeItem(atPath: temporary)
        throw UsageError.invalid("\(path): cannot write (\(error.localizedDescription))")
    }
}
