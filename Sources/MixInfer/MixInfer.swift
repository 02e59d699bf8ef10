import Foundation

/// Settings of one inference run.
public struct InferenceOptions: Sendable {
    /// Number of merges to replay and constrain (capped at the tokenizer's list).
    public var merges = 3000
    /// Most UTF-8 bytes read per category.
    public var sampleBytes = 10_000_000
    public var solver = SolverOptions()
    /// Also estimate from each half of every sample (documents alternating) to show how stable each share is.
    public var stability = false
    /// Also compute the TEE and TC baselines (see `Baselines`) from the same replay.
    public var baselines = false
    /// Where word counts are cached between runs (nil: no cache).
    public var cache: CountCache?
    /// Receives progress lines (phases with sizes and rates); the CLI shows them on a terminal's stderr.
    public var progress: (@Sendable (String) -> Void)?

    public init(merges: Int = 3000, sampleBytes: Int = 10_000_000, solver: SolverOptions = SolverOptions()) {
        self.merges = merges
        self.sampleBytes = sampleBytes
        self.solver = solver
    }
}

/// The estimated training mixture of a tokenizer, with what is needed to judge it.
public struct MixtureEstimate: Sendable {
    /// Category names, in the order of `shares`.
    public var categories: [String]
    /// Estimated byte share of each category; sums to 1.
    public var shares: [Double]
    /// Bytes of sample text read per category.
    public var sampleBytes: [Int]
    public var solution: MixtureSolution
    /// Merges replayed (after capping at the tokenizer's list).
    public var mergesUsed: Int
    public var normalization: CountNormalization
    /// Shares estimated from each half of the samples (two arrays, same order as `shares`), when requested.
    public var splitHalves: [[Double]] = []
    /// Baseline estimates by method name ("TEE", "TC") when requested; same order as `shares`.
    public var baselines: [(method: String, shares: [Double])] = []
    /// The merge steps and the pairs carrying the most slack (readable token text), largest first:
    /// where the samples explain the merge list worst — hints of a missing category or a pretokenizer mismatch.
    public var largestStepSlack: [(step: Int, merge: String, slack: Double)] = []
    public var largestPairSlack: [(pair: String, slack: Double)] = []
    /// Wall time per phase, seconds.
    public var timings: [(phase: String, seconds: Double)]

    /// (category, share) sorted by descending share, then name.
    public var ranked: [(name: String, share: Double)] {
        zip(categories, shares).map { ($0, $1) }.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
    }
}

/// The entry points a script calls.
public enum MixInfer {
    /// Loads a tokenizer file of any supported format.
    public static func loadTokenizer(_ path: String) throws -> TokenizerModel {
        try TokenizerLoader.load(path: path)
    }

    /// Discovers the categories in a folder (one subfolder or one text file per category).
    public static func loadCategories(_ directory: String) throws -> [Category] {
        try Category.discover(in: directory)
    }

    /// Counting under the tokenizer's normalizer and pretokenizer, at most `sampleBytes` per category,
    /// on `jobs` threads.
    static func wordCounting(_ tokenizer: TokenizerModel, sampleBytes: Int,
                             jobs: Int = WordCounting.defaultJobs) throws -> WordCounting {
        guard sampleBytes > 0 else { throw UsageError.invalid("--sample-bytes must be positive") }
        guard jobs > 0 else { throw UsageError.invalid("--jobs must be positive") }
        return WordCounting(normalizer: tokenizer.countingNormalizer, pretokenizer: try Pretokenizer(tokenizer.pretokenizer),
                            reader: SampleReader(budget: sampleBytes), jobs: jobs)
    }

    /// Word counts of each category under the tokenizer's normalizer and pretokenizer.
    /// With a `cache`, categories counted before under the same text processing and budget are loaded from it.
    /// `progress` receives what is to be read, then now and then the MB read so far, the rate and the time left.
    /// `jobs` threads count (the counts do not depend on it).
    public static func countWords(_ categories: [Category], tokenizer: TokenizerModel, sampleBytes: Int,
                                  cache: CountCache? = nil, jobs: Int = WordCounting.defaultJobs,
                                  progress: (@Sendable (String) -> Void)? = nil) throws -> [WordCounts] {
        let counting = try wordCounting(tokenizer, sampleBytes: sampleBytes, jobs: jobs)
        guard let cache else {
            return try counting.count(categories, ticker: countingTicker(counting, categories, cached: 0, progress))
        }
        let processing = CategoryCounts.processingKey(tokenizer)
        let keys = categories.map { cache.key($0, processing: processing, sampleBytes: sampleBytes) }
        var results = keys.map { cache.load($0) }
        let missing = results.indices.filter { results[$0] == nil }
        let toCount = missing.map { categories[$0] }
        let ticker = countingTicker(counting, toCount, cached: categories.count - missing.count, progress)
        for (index, counts) in zip(missing, try counting.count(toCount, ticker: ticker)) {
            cache.store(keys[index], counts, name: categories[index].name)
            results[index] = counts
        }
        return results.map { $0! }
    }

    /// Says what a counting run will read and returns the ticker of its progress (nil without `progress`).
    /// A file that cannot be sized leaves the run without a ticker: counting then reports the error, as it would
    /// without progress.
    private static func countingTicker(_ counting: WordCounting, _ categories: [Category], cached: Int,
                                       _ progress: (@Sendable (String) -> Void)?) -> ProgressTicker? {
        guard let progress else { return nil }
        guard !categories.isEmpty else {
            progress("word counts of all \(cached) categories come from the cache")
            return nil
        }
        guard let planned = try? counting.plannedBytes(categories) else { return nil }
        progress("counting words of \(categories.count) categories (" + ProgressUnit.bytes.amount(planned) + " to read"
            + (cached > 0 ? "; \(cached) more from the cache)…" : ")…"))
        return ProgressTicker.lines("counting", unit: .bytes, total: planned, to: progress)
    }

    /// Counts words of the categories into a `CategoryCounts` (for `CountsFile`); categories left without text
    /// in this shard are kept as empty counts so shards merge by name. `jobs` threads count.
    public static func countCategories(_ categories: [Category], tokenizer: TokenizerModel, sampleBytes: Int,
                                       jobs: Int = WordCounting.defaultJobs) throws -> CategoryCounts {
        let nonEmpty = categories.filter { !$0.files.isEmpty }
        let words = try countWords(nonEmpty, tokenizer: tokenizer, sampleBytes: sampleBytes, jobs: jobs)
        return CategoryCounts(processing: CategoryCounts.processingKey(tokenizer), names: nonEmpty.map(\.name), counts: words)
    }

    /// Estimates shares from saved counts, checking they were made with this tokenizer's text processing.
    public static func infer(tokenizer: TokenizerModel, counts: CategoryCounts, path: String,
                             options: InferenceOptions = InferenceOptions()) throws -> MixtureEstimate {
        guard counts.processing == CategoryCounts.processingKey(tokenizer) else {
            throw CorpusError.unreadable(path: path, reason: "counts were made with another normalizer/pretokenizer ("
                + counts.processing + ")")
        }
        if let empty = zip(counts.names, counts.counts).first(where: { $0.1.count == 0 }) {
            throw CorpusError.emptyCategory(name: empty.0, path: path)
        }
        return try infer(tokenizer: tokenizer, names: counts.names, words: counts.counts, options: options)
    }

    /// Estimates the share of each category in the tokenizer's training data.
    public static func infer(tokenizer: TokenizerModel, categories: [Category],
                             options: InferenceOptions = InferenceOptions()) throws -> MixtureEstimate {
        guard options.merges > 0 else { throw UsageError.invalid("--merges must be positive") }
        try options.solver.validate()
        guard !tokenizer.merges.isEmpty else {
            throw UsageError.invalid("the tokenizer has no merges to learn from")
        }
        var clock = PhaseClock()
        guard options.stability else {
            let words = try countWords(categories, tokenizer: tokenizer, sampleBytes: options.sampleBytes,
                                       cache: options.cache, progress: options.progress)
            clock.lap("count")
            report(words, clock, options)
            return try infer(tokenizer: tokenizer, names: categories.map(\.name), words: words, options: options, clock: clock)
        }
        let counting = try wordCounting(tokenizer, sampleBytes: options.sampleBytes)
        let halves = try counting.countHalves(categories,
                                              ticker: countingTicker(counting, categories, cached: 0, options.progress))
        if let single = zip(categories, halves).first(where: { $0.1[1].count == 0 }) {
            throw UsageError.invalid("--stability needs at least 2 documents per category; '\(single.0.name)' has 1")
        }
        let words = halves.map { pair -> WordCounts in
            var counter = WordCounter()
            pair.forEach { counter.add($0) }
            return counter.finish(bytes: pair[0].bytes + pair[1].bytes)
        }
        clock.lap("count")
        report(words, clock, options)
        let names = categories.map(\.name)
        var estimate = try infer(tokenizer: tokenizer, names: names, words: words, options: options, clock: clock)
        var plain = options
        plain.baselines = false
        estimate.splitHalves = try (0..<2).map { half in
            try infer(tokenizer: tokenizer, names: names, words: halves.map { $0[half] }, options: plain).shares
        }
        return estimate
    }

    /// Estimates shares from word counts already made (e.g. loaded from a cache).
    public static func infer(tokenizer: TokenizerModel, names: [String], words: [WordCounts],
                             options: InferenceOptions = InferenceOptions()) throws -> MixtureEstimate {
        try infer(tokenizer: tokenizer, names: names, words: words, options: options, clock: PhaseClock())
    }

    private static func infer(tokenizer: TokenizerModel, names: [String], words: [WordCounts],
                              options: InferenceOptions, clock: PhaseClock) throws -> MixtureEstimate {
        var clock = clock
        var options = options
        if let progress = options.progress, options.solver.trace == nil {
            options.solver.trace = { progress("LP " + $0) }
        }
        let first = options.solver.firstStep
        guard first >= 0, first < tokenizer.merges.count else {
            throw UsageError.invalid("--start-merge \(first) is not within the tokenizer's \(tokenizer.merges.count) merges")
        }
        let steps = min(first + options.merges, tokenizer.merges.count)
        options.solver.unconstrainedSteps.formUnion(tokenizer.untrainedMerges)
        options.solver.normalization = options.solver.normalization.resolved(for: tokenizer)
        let transcripts = Replayer.replay(words, model: tokenizer, steps: steps,
                                          ticker: replayTicker(steps: steps, words: words, options.progress))
        clock.lap("replay")
        options.progress?("solving the LP (rounds of constraint generation follow)…")
        let keys = tokenizer.merges.prefix(steps).map(\.pairKey)
        let solution = try MixtureSolver.solve(transcripts: transcripts, mergeKeys: keys, options: options.solver)
        clock.lap("solve")
        var baselines: [(String, [Double])] = []
        if options.baselines {
            let tokens = Baselines.tokenCounts(words, model: tokenizer, steps: steps)
            baselines = [("TEE", Baselines.encodingEfficiency(words: words, tokenCounts: tokens)),
                         ("TC", Baselines.tokenClassification(words: words, tokenCounts: tokens, model: tokenizer, steps: steps))]
        }
        var estimate = MixtureEstimate(categories: names, shares: solution.shares, sampleBytes: words.map(\.bytes),
                                       solution: solution, mergesUsed: steps - first, normalization: options.solver.normalization,
                                       baselines: baselines, timings: clock.laps)
        let describe = { (key: UInt64) in tokenizer.describePair(key) }
        estimate.largestStepSlack = solution.stepSlack.sorted { ($0.slack, $1.step) > ($1.slack, $0.step) }.prefix(5).map {
            ($0.step, describe(tokenizer.merges[$0.step].pairKey), $0.slack)
        }
        estimate.largestPairSlack = solution.pairSlack.sorted { ($0.slack, $1.pair) > ($1.slack, $0.pair) }.prefix(5).map {
            (describe($0.pair), $0.slack)
        }
        return estimate
    }

    /// Says what the replay will do and returns the ticker of its progress (nil without `progress`).
    private static func replayTicker(steps: Int, words: [WordCounts],
                                     _ progress: (@Sendable (String) -> Void)?) -> ProgressTicker? {
        guard let progress else { return nil }
        progress("replaying \(steps) merges in \(words.count) categories (\(words.map(\.count).reduce(0, +)) distinct words)…")
        return ProgressTicker.lines("replay", unit: .count("steps"), total: steps * words.count, to: progress) {
            "replayed \(steps) merges × \(words.count) categories in " + String(format: "%.1f s", $0.elapsed)
                + ($0.rate.map { " (" + ProgressUnit.count("steps").rate($0) + ")" } ?? "")
        }
    }

    private static func report(_ words: [WordCounts], _ clock: PhaseClock, _ options: InferenceOptions) {
        guard let progress = options.progress, let seconds = clock.laps.last?.seconds else { return }
        let megabytes = Double(words.map(\.bytes).reduce(0, +)) / 1e6
        progress(String(format: "counted %.1f MB in %.1f s (%.1f MB/s)", megabytes, seconds, megabytes / max(seconds, 1e-9)))
    }

    /// Convenience: tokenizer path + categories folder → estimate.
    public static func infer(tokenizerPath: String, categoriesDirectory: String,
                             options: InferenceOptions = InferenceOptions()) throws -> MixtureEstimate {
        try infer(tokenizer: loadTokenizer(tokenizerPath), categories: loadCategories(categoriesDirectory), options: options)
    }
}

/// Measures consecutive phases of a run.
struct PhaseClock: Sendable {
    private var last = Date()
    private(set) var laps: [(phase: String, seconds: Double)] = []

    mutating func lap(_ phase: String) {
        let now = Date()
        laps.append((phase, now.timeIntervalSince(last)))
        last = now
    }
}
