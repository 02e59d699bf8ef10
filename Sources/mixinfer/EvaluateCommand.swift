import ArgumentParser
import Foundation
import MixInfer
import MixInferSolve
import MixInferInference
import MixInferResearch
import MixInferCorpus

struct Evaluate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Controlled evaluation: train on random known mixtures, infer from disjoint text, compare with baselines.")

    @Option(help: "Folder with one subfolder per category (≥ 2 files each: even files train, odd files infer).")
    var categories: String

    @Option(help: "Number of random mixtures.")
    var trials: Int = EvaluationOptions().trials

    @Option(name: .customLong("n"), help: "Categories per mixture.")
    var count: Int = EvaluationOptions().categoriesPerTrial

    @Option(help: "Bytes of training text per trial.")
    var totalBytes: Int = EvaluationOptions().totalBytes

    @Option(help: "Vocabulary size of the trained tokenizers (256 + merges).")
    var vocabSize: Int = EvaluationOptions().vocabularySize

    @Option(help: "Merges used for inference.")
    var merges: Int = EvaluationOptions().merges

    @Option(help: "Most bytes read per category for inference.")
    var sampleBytes: Int = EvaluationOptions().sampleBytes

    @Option(help: "Train each tokenizer as an extension: a base of --vocab-size − 256 merges on one random mixture, then this many merges on another (the truth), inferred from the new merges alone (0: off).")
    var `extension`: Int = EvaluationOptions().extensionMerges

    @Flag(help: "Source shift: train on some sources of each category and infer from the others (needs the documents.tsv that scripts/build-corpora writes).")
    var shift = false

    @Flag(help: "Also compute mixinfer's 90 % intervals and report how often they contain the truth, and their width.")
    var intervals = false

    @Option(help: "What --intervals resamples: document or file; with --shift, file writes the inference side one file per source, so the bootstrap resamples sources.")
    var intervalUnit: IntervalUnit = InferenceDefaults.intervalUnit


    @Option(help: "Offer K more candidates in each trial: categories of the corpora that are not in the mixture (close relatives of the present ones first), as most candidates of a released tokenizer are absent.")
    var absent = 0

    @Option(help: "Where the --absent candidates come from (default: --categories), e.g. every category of the corpora for a set of English domains.")
    var absentFrom: String?

    @Flag(inversion: .prefixedNo, help: "Decide which candidates are present (as infer's --presence); the present-only reference of --absent is always the paper's LP.")
    var presence = InferenceDefaults.presence

    @Flag(help: "With --absent: measure each candidate's removal cost and bootstrap support (JSON), to study which statistic tells present from absent.")
    var studyPresence = false

    @Flag(help: "Infer from the training text itself instead of held-out text: the estimator's own error, with no sampling noise and no shift (a diagnostic).")
    var fromTrainingText = false

    @OptionGroup(title: "Solver (each trial's LP)") var solver: SolverFlags

    @Option(help: "Random seed (same seed, same trials).")
    var seed: UInt64 = EvaluationOptions().seed

    @Option(help: "Output format: table or json.")
    var format: ReportFormat = .table

    @Option(name: [.short, .long], help: "Write the result to this file instead of stdout.")
    var output: String?

    @Flag(name: .shortAndLong, help: "Print one line per trial to stderr.")
    var verbose = false

    func run() throws {
        try runReportingErrors {
            var options = EvaluationOptions()
            options.trials = trials
            options.categoriesPerTrial = count
            options.totalBytes = totalBytes
            options.vocabularySize = vocabSize
            options.merges = merges
            options.sampleBytes = sampleBytes
            options.seed = seed
            options.intervals = intervals
            options.extensionMerges = `extension`
            options.shift = shift
            options.intervalUnit = intervalUnit
            options.inferFromTrainingText = fromTrainingText
            options.absent = absent
            options.studyPresence = studyPresence
            options.presence = presence
            solver.apply(to: &options.solver)
            let report = try Evaluation.run(categories: Category.discover(in: categories),
                                            absentPool: try absentFrom.map { try Category.discover(in: $0) }, options: options,
                                            progress: verbose ? { FileHandle.standardError.write(Data(($0 + "\n").utf8)) } : nil)
            try emit(format == .json ? Report.json(report, options: options) : Report.table(report), to: output)
        }
    }
}
