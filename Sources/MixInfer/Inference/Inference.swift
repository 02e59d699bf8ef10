import Foundation

/// Runs inference requests: the one owner of a run — loading, counting (with the cache), replay, solving,
/// baselines, split halves, diagnostics and progress. The CLI, batch and evaluate are its clients.
public enum Inference {
    /// Estimates the share of each category in the training data of the request's tokenizer.
    public static func run(_ request: InferenceRequest) throws -> MixtureEstimate {
        try request.validate()
        return try run(request, model: loadTokenizer(request.tokenizer))
    }

    /// `run` with the tokenizer already loaded (batch loads each tokenizer once for several category sets).
    package static func run(_ request: InferenceRequest, model: TokenizerModel) throws -> MixtureEstimate {
        try request.validate()
        guard !model.merges.isEmpty else { throw UsageError.invalid("the tokenizer has no merges to learn from") }
        var resolved = request
        resolved.solver.firstStep = try firstMerge(request, model: model)
        resolved.solver.unconstrainedSteps.formUnion(model.untrainedMerges)
        resolved.solver.normalization = resolved.solver.normalization.resolved(for: model, firstStep: resolved.solver.firstStep)
        var clock = PhaseClock()
        let (names, words, parts, inputWarnings) = try counts(resolved, model: model)
        clock.lap("count")
        reportCounted(words, clock, resolved)
        var estimate = try estimate(model, names: names, words: words, request: resolved, clock: clock)
        estimate.warnings = inputWarnings + RunChecks.samples(names, words)
            + RunChecks.coverage(estimate.solution, model: model) + RunChecks.activity(names, estimate.solution, extension: resolved.solver.firstStep > 0)
            + RunChecks.solver(estimate.solution)
            + (request.intervals ? RunChecks.intervals(names, parts, unit: request.intervalUnit) : [])
        if request.strict, let first = estimate.warnings.first { throw StrictWarningError(warning: first) }
        if request.intervals, let parts {
            let started = Date()
            let found = try BootstrapIntervals.intervals(model, blockCounts: parts, estimate: estimate, request: resolved,
                                                         replicates: request.intervalReplicates)
            for (index, bootstrap) in found.enumerated() {
                estimate.categories[index].interval = bootstrap.map { ($0.low, $0.high) }
                estimate.categories[index].replicateMean = bootstrap?.mean
            }
            estimate.intervalUnit = request.intervalUnit
            estimate.timings.append(("intervals", Date().timeIntervalSince(started)))
        }
        // `validate` has made sure that a run asking for halves reads the text, and so has parts.
        if request.halvesSetting != nil, let parts {
            let split = try halfShares(model, names: names, parts: parts, request: resolved,
                                       seed: estimate.solution.finalConstraints)
            if request.stability { for index in split.indices { estimate.categories[index].halves = split[index] } }
            if request.biasCorrection == .halves { correct(&estimate, halves: split) }
        }
        return estimate
    }

    /// The shares estimated from each half of the samples (`halves(parts)`), per category; each LP starts with the
    /// `seed` rows (the whole sample's final ones), which reach the same optimum in fewer rounds.
    static func halfShares(_ model: TokenizerModel, names: [String], parts: [[WordCounts]], request: InferenceRequest,
                           seed: [ConstraintKey]) throws -> [(first: Double, second: Double)] {
        let halves = halves(parts)
        var plain = request
        plain.baselines = false
        plain.solver.seedConstraints = seed
        let split = try (0..<2).map { half in
            try estimate(model, names: names, words: halves.map { $0[half] }, request: plain, clock: PhaseClock()).shares
        }
        return names.indices.map { (split[0][$0], split[1][$0]) }
    }

    /// Applies `BiasCorrection.halves`: each share becomes its corrected value, and its interval moves with it
    /// (the bootstrap measured the spread of the uncorrected estimate).
    static func correct(_ estimate: inout MixtureEstimate, halves: [(first: Double, second: Double)]) {
        let corrected = BiasCorrection.corrected(whole: estimate.shares, halves: halves)
        for (index, share) in corrected.enumerated() {
            let shift = share - estimate.categories[index].share
            estimate.categories[index].uncorrectedShare = estimate.categories[index].share
            estimate.categories[index].share = share
            estimate.categories[index].interval = estimate.categories[index].interval.map {
                (max(0, $0.low + shift), min(1, $0.high + shift))
            }
        }
        estimate.biasCorrection = .halves
    }

    /// The tokenizer of a request.
    static func loadTokenizer(_ source: InferenceRequest.TokenizerSource) throws -> TokenizerModel {
        switch source {
        case let .file(path, pretokenizer): return try MixInfer.loadTokenizer(path, pretokenizer: pretokenizer)
        case let .model(model, _): return model
        }
    }

    /// The first merge to constrain, from the request's window.
    static func firstMerge(_ request: InferenceRequest, model: TokenizerModel) throws -> Int {
        let first: Int
        switch request.window {
        case .fromStart: first = 0
        case let .from(index): first = index
        case let .afterBase(path):
            first = TokenizerSummary.sharedPrefix(model, try MixInfer.loadTokenizer(path))
            guard first > 0 else { throw InvalidSetting(.base, "\(path): the tokenizer does not start with its merges") }
        case .afterKnownBase:
            guard let known = TokenizerSummary(model).knownBase else {
                throw InvalidSetting(.extensionOnly, "found no known base vocabulary at the start of the tokenizer's merges; "
                    + "name the base tokenizer file or the first merge to constrain")
            }
            first = known.merges
        }
        guard first >= 0, first < model.merges.count else {
            throw InvalidSetting(.startMerge, "\(first) is not within the tokenizer's \(model.merges.count) merges")
        }
        return first
    }

    /// Names and word counts of the request's categories, and for `stability` or `intervals` the counts of each
    /// sample's disjoint parts (2, or `BootstrapIntervals.blocks` with intervals).
    static func counts(_ request: InferenceRequest, model: TokenizerModel)
        throws -> (names: [String], words: [WordCounts], parts: [[WordCounts]]?, warnings: [RunWarning]) {
        var categories: [Category]
        var warnings: [RunWarning] = []
        switch request.categories {
        case let .words(names, words): return (names, words, nil, [])
        case let .counted(folder, list, words):
            return (list.map(\.name), words, nil, RunChecks.folder(folder, list) + RunChecks.skippedFiles(list))
        case let .counts(path):
            let saved = try checked(CountsFile.read(path), path: path, model: model)
            return (saved.names, saved.counts, nil, [])
        case let .folder(directory):
            (categories, warnings) = try discover([directory])
        case let .folders(directories):
            (categories, warnings) = try discover(directories)
        case let .categories(list): categories = list
        }
        categories = categories.map { $0.reading(textField: request.textField) }
        warnings += RunChecks.skippedFiles(categories)
        let names = categories.map(\.name)
        guard request.needsParts else {
            let words = try RunCounting.countWords(categories, tokenizer: model, sampleBytes: request.sampleBytes,
                                                   cache: request.cache, jobs: request.jobs, progress: request.progress)
            return (names, words, nil, warnings)
        }
        let counting = try RunCounting.wordCounting(model, sampleBytes: request.sampleBytes, jobs: request.jobs)
        let ticker = RunCounting.countingTicker(counting, categories, cached: 0, request.progress)
        let dealing = request.intervals ? request.intervalUnit.dealing : .documents
        let parts = try counting.countLanes(categories, lanes: request.intervals ? BootstrapIntervals.blocks : 2,
                                            dealing: dealing, ticker: ticker)
        if let field = request.halvesSetting, let single = zip(categories, parts).first(where: { hasEmptyHalf($0.1) }) {
            let unit = dealing == .files ? "files" : "documents"
            throw InvalidSetting(field, "needs at least 2 \(unit) per category; '\(single.0.name)' has 1")
        }
        return (names, parts.map(WordCounts.init(summing:)), parts, warnings)
    }

    /// Each sample's two halves: its even and its odd parts (documents or files were dealt to the parts in turn).
    static func halves(_ parts: [[WordCounts]]) -> [[WordCounts]] {
        parts.map { lanes in
            (0..<2).map { parity in WordCounts(summing: lanes.enumerated().filter { $0.offset % 2 == parity }.map(\.element)) }
        }
    }

    /// Whether one of `halves(parts)` would hold no words: every part of its parity is empty (checked without summing).
    static func hasEmptyHalf(_ lanes: [WordCounts]) -> Bool {
        (0..<2).contains { parity in !stride(from: parity, to: lanes.count, by: 2).contains { lanes[$0].count > 0 } }
    }

    /// The categories of several folders, with the folders' warnings; a name found in two folders is an error.
    static func discover(_ directories: [String]) throws -> ([Category], [RunWarning]) {
        var categories: [Category] = [], warnings: [RunWarning] = []
        for directory in directories {
            let found = try Category.discover(in: directory)
            if let twice = found.first(where: { category in categories.contains { $0.name == category.name } }) {
                throw CorpusError.duplicateCategory(name: twice.name, path: directory)
            }
            categories += found
            warnings += RunChecks.folder(directory, found)
        }
        return (categories, warnings)
    }

    /// Saved counts, checked to be made under the tokenizer's text processing and to have text in every category.
    static func checked(_ saved: CategoryCounts, path: String, model: TokenizerModel) throws -> CategoryCounts {
        if ProcessingKey.isOtherVersion(saved.processing) {
            throw CorpusError.unreadable(path: path, reason: "counts were written by another version of mixinfer; "
                + "count them again with this one (`mixinfer count`)")
        }
        guard saved.processing == CategoryCounts.processingKey(model) else {
            throw CorpusError.unreadable(path: path, reason: "counts were made with another normalizer/pretokenizer ("
                + saved.processing + ")")
        }
        if let empty = zip(saved.names, saved.counts).first(where: { $0.1.count == 0 }) {
            throw CorpusError.emptyCategory(name: empty.0, path: path)
        }
        return saved
    }

    /// Replay, LP, baselines and slack diagnostics over word counts already made.
    static func estimate(_ model: TokenizerModel, names: [String], words: [WordCounts], request: InferenceRequest,
                         clock: PhaseClock) throws -> MixtureEstimate {
        var clock = clock
        var solver = request.solver
        if let progress = request.progress, solver.trace == nil { solver.trace = { progress("LP " + $0) } }
        let first = solver.firstStep
        let steps = min(first + request.merges, model.merges.count)
        let transcripts = Replayer.replay(words, model: model, steps: steps,
                                          ticker: replayTicker(steps: steps, words: words, request.progress))
        clock.lap("replay")
        request.progress?("solving the LP (rounds of constraint generation follow)…")
        let solution = try MixtureSolver.solve(transcripts: transcripts, mergeKeys: model.merges.prefix(steps).map(\.pairKey),
                                               options: solver)
        clock.lap("solve")
        var categories = names.indices.map {
            CategoryEstimate(name: names[$0], share: solution.shares[$0], sampleBytes: words[$0].bytes)
        }
        var methods: [String] = []
        if request.baselines {
            let tokens = Baselines.tokenCounts(words, model: model, steps: steps)
            let results = [("TEE", Baselines.encodingEfficiency(words: words, tokenCounts: tokens)),
                           ("TC", Baselines.tokenClassification(words: words, tokenCounts: tokens, model: model, steps: steps))]
            for (method, shares) in results {
                methods.append(method)
                for index in categories.indices { categories[index].baselines[method] = shares[index] }
            }
        }
        var estimate = MixtureEstimate(categories: categories, solution: solution, mergesUsed: steps - first,
                                       firstMerge: first, normalization: solver.normalization, baselineMethods: methods,
                                       timings: clock.laps)
        let describe = { (key: UInt64) in model.describePair(key) }
        estimate.largestStepSlack = solution.stepSlack.sorted { ($0.slack, $1.step) > ($1.slack, $0.step) }.prefix(5).map {
            ($0.step, describe(model.merges[$0.step].pairKey), $0.slack)
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

    private static func reportCounted(_ words: [WordCounts], _ clock: PhaseClock, _ request: InferenceRequest) {
        guard let progress = request.progress, let seconds = clock.laps.last?.seconds else { return }
        let megabytes = Double(words.map(\.bytes).reduce(0, +)) / 1e6
        progress(String(format: "counted %.1f MB in %.1f s (%.1f MB/s)", megabytes, seconds, megabytes / max(seconds, 1e-9)))
    }

}
