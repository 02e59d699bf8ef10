import ArgumentParser
import Foundation
import MixInfer

extension ReportFormat: ExpressibleByArgument {}
extension CountNormalization: ExpressibleByArgument {}
extension LPFormulation: ExpressibleByArgument {}

struct Infer: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Estimate the training mixture of a tokenizer over the given categories.")

    @Argument(help: "Tokenizer file (HF tokenizer.json).")
    var tokenizer: String

    @Option(help: "Folder with one subfolder (or one .txt/.jsonl[.gz] file) per category.")
    var categories: String?

    @Option(help: "Pretokenizer preset to use instead of the one read or detected (needed for unknown tiktoken files).")
    var pretokenizer: String?

    @Option(help: "Constrain only merges from this (0-based) index on, e.g. after the base a tokenizer extends.")
    var startMerge: Int?

    @Flag(help: "Constrain only the merges after a detected base vocabulary (or the shared prefix with --base).")
    var extensionOnly = false

    @Option(help: "With --extension-only: the tokenizer this one extends.")
    var base: String?

    @Option(help: "Word counts saved by `mixinfer count` / `merge-counts`, instead of --categories.")
    var counts: String?

    @Option(help: "Number of merges to use (capped at the tokenizer's list).")
    var merges: Int = 3000

    @Option(help: "Most bytes of text read per category.")
    var sampleBytes: Int = 10_000_000

    @Option(help: "Count normalisation before the LP: bytes, pairs, or auto (pairs for character-level models such as SentencePiece, bytes otherwise); the result is a byte share either way.")
    var normalize: CountNormalization = .auto

    @Option(help: "Output format: table, json or csv.")
    var format: ReportFormat = .table

    @Option(help: "Also write an SVG bar chart of the shares to this file (opens in any browser).")
    var report: String?

    @Option(help: "Folder of the word-count cache (default: $MIXINFER_CACHE or ~/.cache/mixinfer/counts).")
    var cacheDir: String?

    @Flag(help: "Do not read or write the word-count cache.")
    var noCache = false

    @Option(help: "Table output: show only the K largest shares (the rest summed on one line).")
    var top: Int?

    @Option(name: [.short, .long], help: "Write the result to this file instead of stdout.")
    var output: String?

    @Option(help: "Lazy generation: most new constraints per merge step per round.")
    var maxPerStep: Int = SolverOptions().maxPerStep

    @Option(help: "Lazy generation: most new constraints given to GLPK per solve (the most violated first).")
    var maxPerRound: Int = SolverOptions().maxPerRound

    @Option(help: "Most LP rounds (0: replay only, the shares stay uniform).")
    var maxRounds: Int = SolverOptions().maxRounds

    @Option(help: "Stop when the total slack at the current shares is provably within this fraction of the optimum (0: exact).")
    var gap: Double = SolverOptions().gapTolerance

    @Option(help: "Stop the LP after this many seconds and print the best shares found, with the gap they are certified to (depends on the machine's speed).")
    var timeLimit: Double?

    @Option(help: "In-out stabilisation: seek constraints at this mix of the best feasible point and the LP optimum (0: plain cutting planes).")
    var stabilization: Double = SolverOptions().stabilization

    @Option(help: "Constrain only merges that some category's sample holds at least this many times (1: all that occur).")
    var minMergeCount: Int = SolverOptions().minMergeCount

    @Option(help: "Form of the LP given to GLPK: dual (default, faster) or primal (same optimum).")
    var formulation: LPFormulation = .dual

    @Flag(help: "Also estimate from each half of the samples (alternate documents) to show how stable each share is.")
    var stability = false

    @Flag(help: "Also report the TEE and TC baseline estimates (JSON output).")
    var baselines = false

    @OptionGroup var progress: ProgressFlags

    @Option(help: "Write the final LP in CPLEX LP format to this file.")
    var dumpLp: String?

    /// The first merge to constrain: --start-merge, or the end of the base with --extension-only.
    func firstMerge(_ model: TokenizerModel) throws -> Int {
        guard extensionOnly else { return startMerge ?? 0 }
        guard startMerge == nil else { throw UsageError.invalid("give either --start-merge or --extension-only") }
        if let base {
            let shared = TokenizerSummary.sharedPrefix(model, try MixInfer.loadTokenizer(base))
            guard shared > 0 else { throw UsageError.invalid("\(tokenizer) does not start with the merges of \(base)") }
            return shared
        }
        guard let known = TokenizerSummary(model).knownBase else {
            throw UsageError.invalid("\(tokenizer): no known base vocabulary detected; give --base FILE or --start-merge N")
        }
        return known.merges
    }

    func run() throws {
        try runReportingErrors {
            var options = InferenceOptions(merges: merges, sampleBytes: sampleBytes)
            options.solver.normalization = normalize
            options.baselines = baselines
            options.cache = noCache ? nil : CountCache(directory: cacheDir ?? CountCache.defaultDirectory)
            options.stability = stability
            options.solver.formulation = formulation
            options.solver.maxRounds = maxRounds
            options.solver.dumpPath = dumpLp
            options.solver.maxPerStep = maxPerStep
            options.solver.maxPerRound = maxPerRound
            options.solver.gapTolerance = gap
            options.solver.timeLimit = timeLimit
            options.solver.stabilization = stabilization
            options.solver.minMergeCount = minMergeCount
            options.progress = progress.sink
            let model = try MixInfer.loadTokenizer(tokenizer, pretokenizer: pretokenizer)
            options.solver.firstStep = try firstMerge(model)
            let estimate: MixtureEstimate
            switch (categories, counts) {
            case let (directory?, nil):
                estimate = try MixInfer.infer(tokenizer: model, categories: MixInfer.loadCategories(directory), options: options)
            case let (nil, path?):
                estimate = try MixInfer.infer(tokenizer: model, counts: CountsFile.read(path), path: path, options: options)
            default:
                throw UsageError.invalid("give exactly one of --categories DIR and --counts FILE")
            }
            try emit(Report.render(estimate, as: format, tokenizer: tokenizer, top: top), to: output)
            if let report {
                try atomicWrite(Data(SVGReport.bars(estimate, title: "Estimated training mixture of \(tokenizer)").utf8), to: report)
            }
        }
    }
}
