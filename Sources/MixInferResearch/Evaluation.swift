import Foundation
import MixInferSupport
import MixInferTokenizers
import MixInferCorpus
import MixInferSolve
import MixInferInference

/// Settings of a controlled evaluation (`mixinfer evaluate`).
package struct EvaluationOptions: Sendable {
    package var trials = 10
    /// Categories per trial, drawn at random (all when ≥ the number available).
    package var categoriesPerTrial = 5
    package var totalBytes = 1_000_000
    package var vocabularySize = 256 + InferenceDefaults.merges
    /// Merges used for inference.
    package var merges = InferenceDefaults.merges
    /// Most bytes read per category for inference.
    package var sampleBytes = InferenceDefaults.sampleBytes
    package var seed: UInt64 = 1
    package var solver = SolverOptions()
    /// Also compute mixinfer's 90 % intervals and score their coverage of the truth.
    package var intervals = false
    /// With N > 0, each trial's tokenizer is an extension: a base of `vocabularySize − 256` merges trained on
    /// one random mixture, then N merges trained on another (the truth), inferred from the N merges alone
    /// (`--extension-only`), as Llama 3 extends cl100k.
    package var extensionMerges = 0
    /// Train on some sources of each category and infer from the others (`SourceSplit`), instead of on
    /// alternate files of the same sources.
    package var shift = false
    /// What the intervals' bootstrap resamples. With `file` and `shift`, the inference side is written one file
    /// per source, so that the bootstrap resamples sources.
    package var intervalUnit = InferenceDefaults.intervalUnit
    /// Infer from each category's training text itself instead of held-out text: the estimator's error with no
    /// sampling noise and no shift between sample and training data (a diagnostic; `sampleBytes` is not used).
    package var inferFromTrainingText = false
    /// Decide which candidates are present (`InferenceRequest.presence`); the present-only reference never does.
    package var presence = InferenceDefaults.presence
    /// Candidates offered besides the mixture's categories in each trial (`AbsentCandidates`): categories the
    /// tokenizer never saw, drawn from the same corpora, close relatives of the present ones first.
    package var absent = 0
    /// With `absent`: also measure each candidate's `CandidateStats` (a removal solve per candidate and a
    /// bootstrap), to learn which statistic tells present from absent.
    package var studyPresence = false
    package init() {}
}

/// Accuracy of one method on one trial.
package struct Accuracy: Sendable, Codable {
    package var mse: Double
    package var maxAbsoluteError: Double
    package var log10MSE: Double { log10(max(mse, 1e-300)) }

    package init(estimate: [Double], truth: [Double]) {
        let errors = zip(estimate, truth).map { $0 - $1 }
        mse = errors.map { $0 * $0 }.reduce(0, +) / Double(max(1, errors.count))
        maxAbsoluteError = errors.map(abs).max() ?? 0
    }
}

/// One trial: the drawn categories, true shares, and each method's estimate and accuracy.
package struct TrialResult: Sendable {
    package var categories: [String]
    package var truth: [Double]
    /// Method name ("mixinfer", "TEE", "TC", "uniform") → estimated shares (same order as `categories`).
    package var estimates: [(method: String, shares: [Double], accuracy: Accuracy)]
    /// mixinfer's 90 % intervals (same order as `categories`), with `intervals`.
    package var intervals: [(low: Double, high: Double)?] = []
    /// True shares of the base's training text, when the tokenizer is an extension.
    package var baseTruth: [Double]?
    /// Share of constrained merges found in no sample.
    package var uncoveredShare = 0.0
    /// With absent candidates: their names, shares and the present-only reference (`AbsentOutcome`).
    package var absent: AbsentOutcome?
}

/// Trials and their summary per method.
package struct EvaluationReport: Sendable {
    package static let methods = ["mixinfer", "TEE", "TC", "uniform"]
    /// The methods every trial scores.
    package var methodsPresent: [String] { Self.methods }
    package var trials: [TrialResult]
    /// With `shift`: each category's training and inference sources.
    package var sourceSides: [SourceSplit.Sides] = []
    /// With `shift`: categories left out because their documents come from one source.
    package var leftOutOfShift: [String] = []

    /// Mean and median of MSE, log10 MSE and max error of one method over the trials.
    package func summary(_ method: String) -> (meanMSE: Double, medianMSE: Double, meanLog10MSE: Double, meanMaxError: Double) {
        let accuracies = trials.compactMap { trial in trial.estimates.first { $0.method == method }?.accuracy }
        let mses = accuracies.map(\.mse).sorted()
        let count = Double(max(1, mses.count))
        let median = mses.isEmpty ? .nan : (mses[(mses.count - 1) / 2] + mses[mses.count / 2]) / 2
        return (mses.reduce(0, +) / count, median, accuracies.map(\.log10MSE).reduce(0, +) / count,
                accuracies.map(\.maxAbsoluteError).reduce(0, +) / count)
    }

    /// Of mixinfer's intervals: the share of (trial, category) whose true share lies inside, the mean width,
    /// and mixinfer's RMSE over the same cells (nil without intervals).
    package var intervalSummary: (coverage: Double, meanWidth: Double, rmse: Double)? {
        var inside = 0, cells = 0, width = 0.0, squared = 0.0
        for trial in trials {
            guard let shares = trial.estimates.first(where: { $0.method == "mixinfer" })?.shares else { continue }
            for (index, interval) in trial.intervals.enumerated() {
                guard let interval else { continue }
                cells += 1
                if interval.low - 1e-12 <= trial.truth[index] && trial.truth[index] <= interval.high + 1e-12 { inside += 1 }
                width += interval.high - interval.low
                squared += (shares[index] - trial.truth[index]) * (shares[index] - trial.truth[index])
            }
        }
        guard cells > 0 else { return nil }
        return (Double(inside) / Double(cells), width / Double(cells), (squared / Double(cells)).squareRoot())
    }
}

/// Controlled evaluation: tokenizers trained on random known mixtures (from one half of each category's
/// files, or with `shift` from some of its sources), inferred from the other half, against the TEE, TC and
/// uniform baselines.
package enum Evaluation {
    /// `absentPool`: where `--absent` candidates come from (nil: `categories`).
    package static func run(categories: [Category], absentPool: [Category]? = nil, options: EvaluationOptions,
                            progress: ((String) -> Void)? = nil) throws -> EvaluationReport {
        try check(options)
        let presentNames = Set(categories.map(\.name))
        let poolNames = Set((absentPool ?? categories).map(\.name))
        var all = categories
        for category in absentPool ?? [] where !presentNames.contains(category.name) { all.append(category) }
        let usable = all.filter { $0.files.count >= 2 }
        guard usable.filter({ presentNames.contains($0.name) }).count >= 2 else {
            throw UsageError.invalid("evaluation needs ≥ 2 categories with ≥ 2 files each (one half trains, the other infers)")
        }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("mixinfer-shift-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let (halves, sides, leftOut) = try split(usable, options: options, scratch: scratch)
        let present = halves.filter { presentNames.contains($0.even.name) }
        var random = SeededRandom(seed: options.seed)
        var trials: [TrialResult] = []
        for trial in 0..<options.trials {
            let chosen = Array(present.shuffled(using: &random).prefix(options.categoriesPerTrial)).sorted { $0.even.name < $1.even.name }
            let shares = random.dirichlet(count: chosen.count)
            let baseShares = options.extensionMerges > 0 ? random.dirichlet(count: chosen.count) : nil
            // The absent candidates come from a generator of their own, so that the mixtures do not depend on K.
            var absentRandom = SeededRandom(seed: options.seed &+ 0x5EED &* UInt64(trial + 1))
            let absentNames = AbsentCandidates.pick(options.absent, present: chosen.map(\.even.name),
                                                    pool: halves.map(\.even.name).filter(poolNames.contains), using: &absentRandom)
            let absent = halves.filter { absentNames.contains($0.even.name) }.map(\.odd)
            let result = try runTrial(sides: chosen, shares: shares, baseShares: baseShares, absent: absent, options: options)
            progress?("trial \(trial + 1)/\(options.trials): " + result.estimates.map {
                "\($0.method) log10 MSE \(String(format: "%.2f", $0.accuracy.log10MSE))"
            }.joined(separator: ", "))
            trials.append(result)
        }
        var report = EvaluationReport(trials: trials)
        report.sourceSides = sides
        report.leftOutOfShift = leftOut
        return report
    }

    /// Rejects options no evaluation can run with.
    static func check(_ options: EvaluationOptions) throws {
        guard options.trials > 0 else { throw UsageError.invalid("--trials must be positive") }
        guard options.categoriesPerTrial >= 2 else { throw UsageError.invalid("--n must be at least 2") }
        guard options.extensionMerges >= 0 else { throw UsageError.invalid("--extension must not be negative") }
        if options.inferFromTrainingText, options.intervals || options.shift || options.absent > 0 {
            throw UsageError.invalid("--from-training-text has no held-out sample to resample, shift or add to; "
                + "leave out --intervals, --shift and --absent")
        }
        guard options.absent >= 0 else { throw UsageError.invalid("--absent must not be negative") }
        guard !options.studyPresence || options.absent > 0 else {
            throw UsageError.invalid("--study-presence needs absent candidates (--absent K)")
        }
    }

    /// Each category's training side (`even`) and inference side (`odd`): alternate files, or with `shift` the
    /// sources split in two (`SourceSplit`, written under `scratch`), with the sides and the categories left out.
    static func split(_ usable: [Category], options: EvaluationOptions, scratch: String) throws
        -> (halves: [(even: Category, odd: Category)], sides: [SourceSplit.Sides], leftOut: [String]) {
        guard options.shift else { return (usable.map { $0.halves() }, [], []) }
        let split = try SourceSplit.make(usable, scratch: scratch, leavingOut: true, filePerSource: options.intervalUnit == .file)
        let halves = split.halves.map { (even: $0.training, odd: $0.inference) }
        guard halves.count >= 2 else {
            throw UsageError.invalid("--shift needs ≥ 2 categories whose documents come from two or more sources; "
                + "\(split.leftOut.count) of \(split.leftOut.count + halves.count) have one source only")
        }
        return (halves, split.sides, split.leftOut)
    }

    /// Trains on the even-indexed files with `shares`, infers from the odd-indexed ones, scores every method.
    /// With `baseShares` (and `options.extensionMerges`), `shares` train an extension of a base trained on them.
    package static func runTrial(_ categories: [Category], shares: [Double], baseShares: [Double]? = nil,
                                options: EvaluationOptions) throws -> TrialResult {
        try runTrial(sides: categories.map { $0.halves() }, shares: shares, baseShares: baseShares, options: options)
    }

    /// `runTrial` with each category's training (`even`) and inference (`odd`) side given.
    static func runTrial(sides halves: [(even: Category, odd: Category)], shares: [Double], baseShares: [Double]? = nil,
                         absent: [Category] = [], options: EvaluationOptions) throws -> TrialResult {
        let names = halves.map(\.even.name)
        func mixture(_ shares: [Double]) -> Mixture { Mixture(shares: zip(names, shares).map { ($0, $1) }) }
        var base: TrainingRun?
        var training = halves.map(\.even)
        if let baseShares, options.extensionMerges > 0 {
            // The base learns from other documents than the extension, as cl100k's text is not Llama 3's.
            let quarters = training.map { $0.halves() }
            training = quarters.map(\.odd)
            base = try TrainingRun.train(categories: quarters.map(\.even), mixture: mixture(baseShares),
                                         totalBytes: options.totalBytes, vocabularySize: options.vocabularySize)
        }
        let run = try TrainingRun.train(categories: training, mixture: mixture(shares), totalBytes: options.totalBytes,
                                        vocabularySize: base == nil ? options.vocabularySize : 256 + options.extensionMerges,
                                        continuing: base?.model)
        let truth = run.trueShares.map(\.share)
        let sample: InferenceRequest.CategorySource = options.inferFromTrainingText
            ? .words(names: names, run.words) : .categories(halves.map(\.odd) + absent)
        var request = InferenceRequest(tokenizer: .model(run.model, name: "trial"), categories: sample)
        if let base { request.window = .from(base.model.merges.count) }
        request.merges = options.merges
        request.sampleBytes = options.sampleBytes
        request.solver = options.solver
        request.baselines = true
        request.intervals = options.intervals
        request.intervalUnit = options.intervalUnit
        request.presence = options.presence
        let (estimate, outcome) = try infer(request, model: run.model, present: names.count, options: options)
        let present = { (shares: [Double]) -> [Double] in Array(shares.prefix(names.count)) }
        var methods: [(String, [Double])] = [("mixinfer", present(estimate.shares))]
        for method in estimate.baselineMethods { methods.append((method, present(estimate.baselineShares(method)))) }
        methods.append(("uniform", Baselines.uniform(names.count)))
        var result = TrialResult(categories: names, truth: truth,
                                 estimates: methods.map { ($0.0, $0.1, Accuracy(estimate: $0.1, truth: truth)) })
        result.baseTruth = base?.trueShares.map(\.share)
        result.intervals = options.intervals ? estimate.categories.prefix(names.count).map { $0.interval } : []
        result.absent = outcome
        let solution = estimate.solution
        result.uncoveredShare = Double(solution.missingMerges.count) / Double(max(1, solution.stepsUsed))
        return result
    }

    /// The estimate of a trial's request (the present categories first, then any absent candidates) and, with
    /// absent candidates, how they fared: their shares, the paper's LP given only the `present` first ones, and
    /// with `studyPresence` each candidate's statistics.
    static func infer(_ request: InferenceRequest, model: TokenizerModel, present: Int,
                      options: EvaluationOptions) throws -> (MixtureEstimate, AbsentOutcome?) {
        guard options.absent > 0, case let .categories(all) = request.categories else {
            return (try Inference.run(request), nil)
        }
        let estimate = try Inference.run(request, model: model)
        var alone = request
        alone.categories = .categories(Array(all.prefix(present)))
        alone.intervals = false
        alone.baselines = false
        alone.presence = false
        var outcome = AbsentOutcome(names: estimate.names.suffix(from: present).map { $0 },
                                    shares: Array(estimate.shares.suffix(from: present)),
                                    presentOnly: try Inference.run(alone, model: model).shares,
                                    objective: estimate.solution.objective, confusable: estimate.confusable)
        outcome.upper = estimate.categories.prefix(present).map(\.upper)
        if options.studyPresence {
            var studied = request
            studied.intervals = true
            outcome.stats = try PresenceStudy.stats(try Inference.prepare(studied, model: model), estimate: estimate)
        }
        return (estimate, outcome)
    }
}
