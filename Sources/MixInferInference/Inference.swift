import Foundation
import MixInferSupport
import MixInferTokenizers
import MixInferCorpus
import MixInferReplay
import MixInferSolve

/// Runs inference requests: the one owner of a run — loading, counting (with the cache), replay, solving,
/// baselines, intervals, diagnostics and progress. The CLI, batch and evaluate are its clients.
public enum Inference {
    /// The version of mixinfer (also `mixinfer --version`).
    public static let version = "0.8.0"

    /// Estimates the share of each category in the training data of the request's tokenizer.
    public static func run(_ request: InferenceRequest) throws -> MixtureEstimate {
        try request.validate()
        return try run(request, model: loadTokenizer(request.tokenizer))
    }

    /// `run` with the tokenizer already loaded (batch loads each tokenizer once for several category sets).
    package static func run(_ request: InferenceRequest, model: TokenizerModel) throws -> MixtureEstimate {
        let prepared = try prepare(request, model: model)
        let solved = try estimate(prepared.model, names: prepared.names, words: prepared.words, request: prepared.request,
                                  clock: prepared.clock, keepingLP: request.presence)
        var estimate = solved.estimate
        estimate.run = RunRecord(prepared.request, model: model, mergesReplayed: estimate.firstMerge + estimate.mergesUsed)
        if request.presence, PresenceDecision.applies(prepared, estimate.solution), let kept = solved.kept {
            estimate = try decidePresence(prepared, estimate: estimate, kept: kept)
        }
        estimate.warnings = prepared.warnings + checks(prepared, estimate.solution) + RunChecks.confusable(estimate)
            + RunChecks.presenceUndecided(estimate)
        if request.strict, let first = estimate.warnings.first { throw StrictWarningError(warning: first) }
        estimate.groups = prepared.groups.map { group in
            GroupEstimate(name: group.name, categories: group.members.map { prepared.names[$0] },
                          share: group.members.map { estimate.categories[$0].share }.reduce(0, +))
        }
        if request.intervals, let parts = prepared.parts {
            let started = Date()
            let found = try BootstrapIntervals.intervals(model, blockCounts: parts, estimate: estimate, request: prepared.request,
                                                         replicates: request.intervalReplicates,
                                                         groups: prepared.groups.map(\.members))
            for (index, bootstrap) in found.categories.enumerated() { estimate.categories[index].interval = bootstrap }
            for (index, bootstrap) in found.groups.enumerated() { estimate.groups[index].interval = bootstrap }
            estimate.intervalUnit = request.intervalUnit
            estimate.timings.append(("intervals", Date().timeIntervalSince(started)))
        }
        return estimate
    }

    /// A run's inputs loaded and counted: the request resolved for the tokenizer (first constrained step, untrained
    /// merges, normalisation) and the word counts of its categories, with the warnings the inputs give.
    package static func prepare(_ request: InferenceRequest, model: TokenizerModel) throws -> PreparedRun {
        try request.validate()
        guard !model.merges.isEmpty else { throw UsageError.invalid("the tokenizer has no merges to learn from") }
        var resolved = request
        resolved.solver.firstStep = try firstMerge(request, model: model)
        resolved.solver.unconstrainedSteps.formUnion(model.untrainedMerges)
        resolved.solver.normalization = resolved.solver.normalization.resolved(for: model, firstStep: resolved.solver.firstStep)
        var clock = PhaseClock()
        let (names, words, parts, warnings, own) = try counts(resolved, model: model)
        clock.lap("count")
        let groups = try GroupEstimate.groups(declared: request.groups, own: own, names: names)
        return PreparedRun(model: model, request: resolved, names: names, words: words, parts: parts,
                           warnings: warnings + RunChecks.samples(names, words), groups: groups, clock: clock)
    }

    /// The warnings a solution gives about the run: coverage of the merges, categories they hardly act on, a stopped
    /// LP, categories without intervals.
    static func checks(_ prepared: PreparedRun, _ solution: MixtureSolution) -> [RunWarning] {
        let request = prepared.request
        return RunChecks.coverage(solution, model: prepared.model)
            + RunChecks.activity(prepared.names, solution, extension: request.solver.firstStep > 0)
            + RunChecks.solver(solution)
            + (request.intervals ? RunChecks.intervals(prepared.names, prepared.parts, unit: request.intervalUnit) : [])
    }

    /// The tokenizer of a request.
    package static func loadTokenizer(_ source: InferenceRequest.TokenizerSource) throws -> TokenizerModel {
        switch source {
        case let .file(path, pretokenizer, revision):
            let model = try TokenizerModel.load(path, pretokenizer: pretokenizer, revision: revision)
            guard !model.merges.isEmpty else { throw TokenizerError.unsupportedModel(path: path, reason: "it has no merges to learn from") }
            return model
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
            first = TokenizerSummary.sharedPrefix(model, try TokenizerModel.load(path))
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

    /// Names, word counts and groups (a category manifest's `group:`) of the request's categories, and for
    /// `intervals` the counts of each sample's `BootstrapIntervals.blocks` disjoint parts.
    static func counts(_ request: InferenceRequest, model: TokenizerModel) throws
        -> (names: [String], words: [WordCounts], parts: [[WordCounts]]?, warnings: [RunWarning], groups: [String?]) {
        var categories: [Category]
        var warnings: [RunWarning] = []
        switch request.categories {
        case let .words(names, words): return (names, words, nil, [], names.map { _ in nil })
        case let .counted(folder, list, words):
            return (list.map(\.name), words, nil, RunChecks.folder(folder, list) + RunChecks.skippedFiles(list), list.map(\.group))
        case let .counts(path):
            let saved = try checked(CountsFile.read(path), path: path, model: model)
            return (saved.names, saved.counts, nil, [], saved.names.map { _ in nil })
        case let .folder(directory):
            (categories, warnings) = try discover([directory])
        case let .folders(directories):
            (categories, warnings) = try discover(directories)
        case let .categories(list): categories = list
        }
        categories = categories.map { $0.reading(textField: request.textField) }
        warnings += RunChecks.skippedFiles(categories)
        let names = categories.map(\.name)
        guard request.intervals else {
            let words = try RunCounting.countWords(categories, tokenizer: model, sampleBytes: request.sampleBytes,
                                                   cache: request.cache, jobs: request.jobs, progress: request.progress)
            return (names, words, nil, warnings, categories.map(\.group))
        }
        let counting = try RunCounting.wordCounting(model, sampleBytes: request.sampleBytes, jobs: request.jobs)
        let ticker = RunCounting.countingTicker(counting, categories, request.progress)
        let parts = try counting.countLanes(categories, lanes: BootstrapIntervals.blocks,
                                            dealing: request.intervalUnit.dealing, ticker: ticker)
        return (names, parts.map(WordCounts.init(summing:)), parts, warnings, categories.map(\.group))
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
    /// `transcripts`: the replay of `words` when it has been made already (a presence test solves the same counts
    /// many times); `solved`: the LP's solution over them when it has been solved already.
    package static func estimate(_ model: TokenizerModel, names: [String], words: [WordCounts], request: InferenceRequest,
                                 clock: PhaseClock = PhaseClock(), transcripts given: [Transcript]? = nil,
                                 solved: MixtureSolution? = nil) throws -> MixtureEstimate {
        try estimate(model, names: names, words: words, request: request, clock: clock, transcripts: given, solved: solved,
                     keepingLP: false).estimate
    }

    /// `estimate` that also keeps what the presence decision starts from when `keepingLP` (and it solves the LP):
    /// the replay, its pair space and the final LP in GLPK.
    static func estimate(_ model: TokenizerModel, names: [String], words: [WordCounts], request: InferenceRequest,
                         clock: PhaseClock, transcripts given: [Transcript]? = nil, solved: MixtureSolution? = nil,
                         keepingLP: Bool) throws -> (estimate: MixtureEstimate, kept: PresenceDecision.Start?) {
        var clock = clock
        var solver = request.solver
        if solver.progress == nil { solver.progress = request.progress }
        let first = solver.firstStep
        let steps = min(first + request.merges, model.merges.count)
        let transcripts = given ?? Replayer.replay(words, model: model, steps: steps,
                                                   ticker: .events(.replay, unit: .count("steps"), total: steps * words.count,
                                                                   to: request.progress))
        clock.lap("replay")
        if let index = transcripts.firstIndex(where: { $0.initialPairTotal <= 0 }) {
            throw CorpusError.nothingToMerge(name: names[index], bytes: words[index].bytes)
        }
        let mergeKeys = model.merges.prefix(steps).map(\.pairKey)
        let solution: MixtureSolution
        var kept: PresenceDecision.Start?
        if let solved {
            solution = solved
        } else if keepingLP {
            let space = PairSpace(transcripts: transcripts, mergeKeys: mergeKeys, totalsAt: solver.firstStep)
            let (found, lp) = try MixtureSolver.solveKeepingLP(transcripts: transcripts, space: space, options: solver)
            solution = found
            kept = PresenceDecision.Start(transcripts: transcripts, space: space, lp: lp)
        } else {
            solution = try MixtureSolver.solve(transcripts: transcripts, mergeKeys: mergeKeys, options: solver)
        }
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
        estimate.pairsPerByte = transcripts.map { Double($0.initialPairTotal) / Double(max(1, $0.bytes)) }
        let describe = { (key: UInt64) in model.describePair(key) }
        estimate.largestStepSlack = solution.stepSlack.sorted { ($0.slack, $1.step) > ($1.slack, $0.step) }.prefix(5).map {
            ($0.step, describe(model.merges[$0.step].pairKey), $0.slack)
        }
        estimate.largestPairSlack = solution.pairSlack.sorted { ($0.slack, $1.pair) > ($1.slack, $0.pair) }.prefix(5).map {
            (describe($0.pair), $0.slack)
        }
        estimate.tokenizerFile = model.sourceFile
        return (estimate, kept)
    }
}
