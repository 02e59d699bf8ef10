import ArgumentParser
import Foundation
import MixInfer
import MixInferSupport
import MixInferInference
import MixInferBatch

struct Batch: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Infer many tokenizers against one or more category sets from a JSON or YAML manifest.",
        discussion: "Writes OUT/<tokenizer>__<set>.json per pair (OUT/<tokenizer>__<set>.failed for a failed one) and "
            + "OUT/summary.csv + summary.md + summary.svg; finished and failed pairs are kept unless --force; exits "
            + "non-zero at the end if any pair failed. With --shard K/N (a Slurm array, see scripts/batch-array.slurm) "
            + "only every Nth pair runs and no summaries are written: the run without --shard writes them. Progress: "
            + "the pair running (\"pair 3 of 24\"), and per finished pair the pairs done and the ETA.")

    @Argument(help: "Manifest, JSON or YAML (.yaml/.yml): categories: DIR (or category_sets: {name: DIR}), tokenizers: [...].")
    var manifest: String

    @Option(name: [.short, .customLong("output")], help: "Folder for the results.")
    var output: String = "mixinfer-results"

    @Option(help: "Pairs run at the same time.")
    var jobs: Int = 1

    @Option(help: "Run only shard K of N (the pairs at manifest positions ≡ K mod N), written as K/N; no summaries.")
    var shard: String?

    @Flag(help: "Recompute results (and failures) that exist already.")
    var force = false

    @OptionGroup var progress: ProgressFlags

    func run() throws {
        try runReportingErrors {
            let shard = try self.shard.map { text throws(ShardError) in try Shard(parsing: text) }
            let loaded = try BatchManifest.load(manifest)
            let runner = BatchRunner(manifest: loaded, outputDirectory: output, force: force)
            let outcomes = try progress.showing { try runner.run(jobs: jobs, shard: shard ?? .whole, progress: $0?.sink) }
            if let shard {
                print("shard \(shard): \(outcomes.count) of \(loaded.pairs.count) pairs in \(output), "
                      + "\(outcomes.filter { $0.failure != nil }.count) failed; no summaries (this shard does not see "
                      + "the others): once every shard is done, `mixinfer batch \(manifest) -o \(output)` writes them")
            } else {
                try writeSummaries(BatchRunner.summary(outcomes))
            }
            let failed = outcomes.compactMap { outcome in outcome.failure.map { (outcome, $0) } }
            for (outcome, message) in failed {
                FileHandle.standardError.write(Data("mixinfer: error: \(outcome.tokenizer) × \(outcome.categorySet): \(message)\n".utf8))
            }
            if !failed.isEmpty { throw ExitCode(1) }
        }
    }

    /// OUT/summary.csv, .md and .svg, and the Markdown table on stdout.
    private func writeSummaries(_ summary: BatchSummary) throws {
        let (csv, markdown) = (summary.csv, summary.markdown)
        try atomicWrite(Data(csv.utf8), to: (output as NSString).appendingPathComponent("summary.csv"))
        try atomicWrite(Data(markdown.utf8), to: (output as NSString).appendingPathComponent("summary.md"))
        try atomicWrite(Data(SVGReport.heatMap(summary, title: "Estimated training mixtures").utf8),
                        to: (output as NSString).appendingPathComponent("summary.svg"))
        print(markdown, terminator: "")
    }
}
