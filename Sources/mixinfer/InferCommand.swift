import ArgumentParser
import Foundation
import MixInfer
import MixInferSupport
import MixInferCorpus
import MixInferSolve
import MixInferInference

extension ReportFormat: ExpressibleByArgument {}
extension CountNormalization: ExpressibleByArgument {}
extension IntervalUnit: ExpressibleByArgument {}

struct Infer: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Estimate the training mixture of a tokenizer over the given categories.")

    @Argument(help: ArgumentHelp("Tokenizer file, any released BPE format (detected from the content).",
                                 discussion: TokenizerHelp.formats))
    var tokenizer: String

    @Option(help: ArgumentHelp("Folder with one subfolder (or one text file) per category; repeat it to use the "
                               + "categories of several folders together.", discussion: CorpusHelp.files))
    var categories: [String] = []

    @Option(help: "Word counts saved by `mixinfer count` / `merge-counts`, instead of --categories.")
    var counts: String?

    @Option(help: "Number of merges to use (capped at the tokenizer's list).")
    var merges: Int = InferenceDefaults.merges

    @Option(help: "Most bytes of text read per category (spread over its files).")
    var sampleBytes: Int = InferenceDefaults.sampleBytes

    @Option(help: "The field of JSON lines, and the column of Parquet files, that holds the text (default: text; The Stack: content).")
    var textField: String?

    @Option(help: "Pretokenizer preset to use instead of the one read or detected (needed for unknown tiktoken files).")
    var pretokenizer: String?

    @Option(help: "Constrain only merges from this (0-based) index on, e.g. after the base a tokenizer extends.")
    var startMerge: Int?

    @Flag(help: "Constrain only the merges after a detected base vocabulary (or the shared prefix with --base).")
    var extensionOnly = false

    @Option(help: "With --extension-only: the tokenizer this one extends.")
    var base: String?

    @Option(help: "Output format: table, json or csv.")
    var format: ReportFormat = .table

    @Option(name: [.short, .long], help: "Write the result to this file instead of stdout.")
    var output: String?

    @Option(help: "Table output: show only the K largest shares (the rest summed on one line).")
    var top: Int?

    @Option(help: "Also write an SVG bar chart of the shares to this file (opens in any browser).")
    var report: String?

    @Flag(help: "Give each share a 90 % interval: a bootstrap over each sample's documents, re-solved 24 times.")
    var intervals = false

    @Option(help: "What --intervals resamples: document (a text file, or each 1 MB of a larger one; a JSON line; a Parquet row) or file (each file whole). With one source per file — a site, a book, a repository — the intervals then show how much the answer depends on which sources the samples hold.")
    var intervalUnit: IntervalUnit = InferenceDefaults.intervalUnit

    @Flag(help: "Also report the TEE and TC baseline estimates (JSON output).")
    var baselines = false

    @Flag(help: "Treat any warning (small samples, poor coverage, a stopped LP, …) as an error: exit 3, no result.")
    var strict = false

    @Option(help: "Stop when the total slack at the current shares is provably within this fraction of the optimum (0: exact).")
    var gap: Double = SolverOptions().gapTolerance

    @Option(help: "Stop the LP after this many seconds and print the best shares found, with the gap they are certified to (depends on the machine's speed).")
    var timeLimit: Double?

    @Option(help: "Constrain only merges that some category's sample holds at least this many times (1: all that occur).")
    var minMergeCount: Int = SolverOptions().minMergeCount

    @Option(help: "Folder of the word-count cache (default: $MIXINFER_CACHE or ~/.cache/mixinfer/counts).")
    var cacheDir: String?

    @Flag(help: "Do not read or write the word-count cache.")
    var noCache = false

    @OptionGroup var progress: ProgressFlags

    @OptionGroup(visibility: .hidden) var tuning: SolverTuning

    /// The request these options describe.
    func request() throws -> InferenceRequest {
        let source: InferenceRequest.CategorySource
        switch (categories.count, counts) {
        case (1, nil): source = .folder(categories[0])
        case (2..., nil): source = .folders(categories)
        case let (0, path?): source = .counts(path)
        default: throw UsageError.invalid("give --categories DIR (one or more) or --counts FILE, not both")
        }
        var request = InferenceRequest(tokenizer: .file(tokenizer, pretokenizer: pretokenizer), categories: source)
        request.merges = merges
        request.sampleBytes = sampleBytes
        request.textField = textField
        request.window = try .init(startMerge: startMerge, extensionOnly: extensionOnly, base: base)
        request.intervals = intervals
        request.intervalReplicates = tuning.intervalReplicates
        request.intervalUnit = intervalUnit
        request.baselines = baselines
        request.strict = strict
        request.solver.gapTolerance = gap
        request.solver.timeLimit = timeLimit
        request.solver.minMergeCount = minMergeCount
        tuning.apply(to: &request.solver)
        request.cache = noCache ? nil : CountCache(directory: cacheDir ?? CountCache.defaultDirectory)
        request.progress = progress.sink
        return request
    }

    func run() throws {
        try runReportingErrors {
            let estimate = try Inference.run(try request())
            try emit(Report.render(estimate, as: format, tokenizer: tokenizer, top: top), to: output)
            if let report {
                try atomicWrite(Data(SVGReport.bars(estimate, title: "Estimated training mixture of \(tokenizer)").utf8), to: report)
            }
        }
    }
}

/// The LP's tuning knobs: hidden from `mixinfer help infer` (the defaults are measured, docs/performance.md),
/// still accepted.
struct SolverTuning: ParsableArguments {
    @Option(help: "Count normalisation before the LP: bytes, pairs, merged or auto (merged after a base vocabulary, else pairs for character-level models such as SentencePiece, else bytes); the result is a byte share either way.")
    var normalize: CountNormalization = SolverOptions().normalization

    @Option(help: "Lazy generation: most new constraints per merge step per round.")
    var maxPerStep: Int = SolverOptions().maxPerStep

    @Option(help: "Lazy generation: most new constraints given to GLPK per solve (the most violated first).")
    var maxPerRound: Int = SolverOptions().maxPerRound

    @Option(help: "Most LP rounds (0: replay only, the shares stay uniform).")
    var maxRounds: Int = SolverOptions().maxRounds

    @Option(help: "In-out stabilisation of the LP: seek constraints at this mix of the best feasible point and the LP optimum (0: plain cutting planes).")
    var stabilization: Double = SolverOptions().stabilization

    @Option(help: "Write the final LP in CPLEX LP format to this file.")
    var dumpLp: String?

    @Option(help: "Bootstrap replicates behind --intervals.")
    var intervalReplicates: Int = InferenceDefaults.intervalReplicates

    func apply(to solver: inout SolverOptions) {
        solver.normalization = normalize
        solver.maxPerStep = maxPerStep
        solver.maxPerRound = maxPerRound
        solver.maxRounds = maxRounds
        solver.stabilization = stabilization
        solver.dumpPath = dumpLp
    }
}
