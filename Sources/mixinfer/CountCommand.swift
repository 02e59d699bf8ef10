import ArgumentParser
import Foundation
import MixInfer
import MixInferSupport
import MixInferCorpus
import MixInferInference

struct Count: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Count words of the categories (or one shard of their files) under a tokenizer's pretokenizer.",
        discussion: "Shards made on many machines (e.g. a Slurm job array, see scripts/count-array.slurm) combine "
            + "with merge-counts; `infer --counts FILE` then skips reading text.")

    @Argument(help: "Tokenizer whose normalizer and pretokenizer to use (a file, or a Hub id cached by huggingface_hub).")
    var tokenizer: String

    @Option(name: .setting(.revision), help: .setting(.revision))
    var revision: String?

    @Option(name: .setting(.categories), help: .setting(.categories, discussion: CorpusHelp.files))
    var categories: String

    @Option(name: .setting(.pretokenizer), help: .setting(.pretokenizer))
    var pretokenizer: String?

    @Option(help: "Count only shard K of N (files at sorted positions ≡ K mod N), written as K/N.")
    var shard: String = "0/1"

    @Option(name: .setting(.sampleBytes), help: .setting(.sampleBytes))
    var sampleBytes = InferenceDefaults.sampleBytes

    @Option(name: [.short, .customLong("output")], help: "Count file to write.")
    var output: String

    @Option(name: .setting(.jobs), help: .setting(.jobs))
    var jobs: Int?

    @OptionGroup var progress: ProgressFlags

    func run() throws {
        try runReportingErrors {
            let slice = try Shard(parsing: shard)
            let shard = try Category.discover(in: categories).map { $0.shard(slice.index, of: slice.count) }
            var request = InferenceRequest(tokenizer: .file(tokenizer, pretokenizer: pretokenizer, revision: revision), categories: .categories(shard))
            request.sampleBytes = sampleBytes
            request.jobs = jobs ?? InferenceDefaults.jobs
            let counts = try progress.showing { display in
                request.progress = display?.sink
                return try Inference.count(request)
            }
            try atomicWrite(CountsFile.encode(counts), to: output)
        }
    }
}

struct MergeCounts: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Combine count files (shards) category by category.")

    @Argument(help: "Count files written by `mixinfer count`.")
    var files: [String]

    @Option(name: [.short, .customLong("output")], help: "Combined count file to write.")
    var output: String

    func run() throws {
        try runReportingErrors {
            let merged = try CategoryCounts.merge(files.map(CountsFile.read))
            try atomicWrite(CountsFile.encode(merged), to: output)
        }
    }
}
