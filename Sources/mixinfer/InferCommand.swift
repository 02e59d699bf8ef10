import ArgumentParser
import Foundation
import MixInfer

struct Infer: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Estimate the training mixture of a tokenizer over the given categories.",
        discussion: "Every option, and the manifest key of each setting: docs/cli.md.")

    @OptionGroup(title: "Input") var input: InputOptions

    @OptionGroup(title: "Estimate") var estimate: EstimateOptions

    @OptionGroup(title: "Solver") var solver: SolverFlags

    @OptionGroup(title: "Output") var output: OutputFlags

    @OptionGroup(title: "Cache and progress") var runFlags: RunFlags

    /// The request these options describe.
    func request() throws -> InferenceRequest {
        var request = try input.request()
        try estimate.apply(to: &request)
        solver.apply(to: &request.solver)
        request.cache = runFlags.cache
        return request
    }

    func run() throws {
        try runReportingErrors {
            var request = try request()
            let estimate = try runFlags.progress.showing { display in
                request.progress = display?.sink
                if runFlags.progress.showsTrace { request.solver.trace = display?.log }
                return try Inference.run(request)
            }
            try emit(Report.render(estimate, as: output.format, tokenizer: input.tokenizer, top: output.top), to: output.output)
            if let report = output.report {
                let chart = SVGReport.bars(estimate, title: "Estimated training mixture of \(input.tokenizer)")
                try atomicWrite(Data(chart.utf8), to: report)
            }
        }
    }
}

/// Where and how the estimate is written.
struct OutputFlags: ParsableArguments {
    @Option(help: "Output format: table, json or csv.")
    var format: ReportFormat = .table

    @Option(name: [.short, .long], help: "Write the result to this file instead of stdout.")
    var output: String?

    @Option(help: "Table: only the K largest shares, the rest summed.")
    var top: Int?

    @Option(help: "Also write an SVG bar chart of the shares to this file (opens in any browser).")
    var report: String?
}

/// The word-count cache and progress: they change how long a run takes, never its result.
struct RunFlags: ParsableArguments {
    @Option(help: "Folder of the word-count cache (default: $MIXINFER_CACHE, else ~/.cache/mixinfer/counts).")
    var cacheDir: String?

    @Flag(help: "Do not read or write the word-count cache.")
    var noCache = false

    @OptionGroup var progress: ProgressFlags

    var cache: CountCache? { noCache ? nil : CountCache(directory: cacheDir ?? CountCache.defaultDirectory) }
}
