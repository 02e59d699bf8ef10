import ArgumentParser
import Foundation
import MixInfer
import MixInferSupport
import MixInferInference
import MixInferBatch

struct Batch: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Infer many tokenizers against one or more category sets from a JSON or YAML manifest.",
        discussion: "Writes OUT/<tokenizer>__<set>.json per pair and OUT/summary.csv + summary.md; finished results "
            + "are kept unless --force; exits non-zero at the end if any pair failed. Progress: the pair running "
            + "(\"pair 3 of 24\"), and per finished pair the pairs done and the ETA.")

    @Argument(help: "Manifest, JSON or YAML (.yaml/.yml): categories: DIR (or category_sets: {name: DIR}), tokenizers: [...].")
    var manifest: String

    @Option(name: [.short, .customLong("output")], help: "Folder for the results.")
    var output: String = "mixinfer-results"

    @Option(help: "Pairs run at the same time.")
    var jobs: Int = 1

    @Flag(help: "Recompute results that exist already.")
    var force = false

    @OptionGroup var progress: ProgressFlags

    func run() throws {
        try runReportingErrors {
            let runner = BatchRunner(manifest: try BatchManifest.load(manifest), outputDirectory: output, force: force)
            let outcomes = try progress.showing { try runner.run(jobs: jobs, progress: $0?.sink) }
            let summary = BatchRunner.summary(outcomes)
            let (csv, markdown) = (summary.csv, summary.markdown)
            try atomicWrite(Data(csv.utf8), to: (output as NSString).appendingPathComponent("summary.csv"))
            try atomicWrite(Data(markdown.utf8), to: (output as NSString).appendingPathComponent("summary.md"))
            try atomicWrite(Data(SVGReport.heatMap(summary, title: "Estimated training mixtures").utf8),
                            to: (output as NSString).appendingPathComponent("summary.svg"))
            print(markdown, terminator: "")
            let failed = outcomes.filter { if case .failure = $0.result { return true } else { return false } }
            for outcome in failed {
                if case let .failure(error) = outcome.result {
                    FileHandle.standardError.write(Data("mixinfer: error: \(outcome.tokenizer) × \(outcome.categorySet): \(error.message)\n".utf8))
                }
            }
            if !failed.isEmpty { throw ExitCode(1) }
        }
    }
}
