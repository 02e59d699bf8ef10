import ArgumentParser
import Foundation
import MixInfer
import MixInferTokenizers
import MixInferInference
import MixInferResearch
import MixInferCorpus

struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train a byte-level BPE tokenizer (GPT-2 regex) on a known mixture: ground truth for testing.")

    @Option(help: "Folder with one subfolder (or one .txt/.jsonl[.gz] file) per category.")
    var categories: String

    @Option(help: "Byte shares per category, e.g. \"en=0.5,de=0.3,python=0.2\" (must sum to 1).")
    var mixture: String

    @Option(help: "Total bytes of training text.")
    var totalBytes: Int

    @Option(help: "Vocabulary size (256 bytes + merges).")
    var vocabSize: Int

    @Option(name: [.short, .customLong("output")], help: "Where to write the tokenizer.json.")
    var output: String

    func run() throws {
        try runReportingErrors {
            let mixture = try Mixture(parsing: mixture)
            let run = try TrainingRun.train(categories: Category.discover(in: categories), mixture: mixture,
                                            totalBytes: totalBytes, vocabularySize: vocabSize)
            try emit(HFTokenizerJSONWriter.json(run.model), to: output)
            let shares = run.trueShares.map { "\"\($0.name)\": \(String(format: "%.6f", $0.share))" }.joined(separator: ", ")
            print("{\"merges\": \(run.model.merges.count), \"true_shares\": {\(shares)}}")
        }
    }
}
