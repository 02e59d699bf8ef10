import ArgumentParser
import Foundation
import MixInfer
import MixInferSupport
import MixInferTokenizers
import MixInferInference

struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Describe a tokenizer file as mixinfer reads it.")

    @Argument(help: "Tokenizer file (any supported format), or a Hub id cached by huggingface_hub.")
    var tokenizer: String

    @Option(name: .setting(.revision), help: .setting(.revision))
    var revision: String?

    @Option(help: "Output format: text or json.")
    var format: String = "text"

    @Option(help: "Another tokenizer: report how many leading merges the two share (is it the base?).")
    var base: String?

    @Option(help: "Pretokenizer preset replacing the detected one.")
    var pretokenizer: String?

    func run() throws {
        try runReportingErrors {
            guard format == "text" || format == "json" else { throw UsageError.invalid("--format must be text or json") }
            let model = try TokenizerModel.load(tokenizer, pretokenizer: pretokenizer, revision: revision)
            let baseModel = try base.map { try TokenizerModel.load($0) }
            let summary = TokenizerSummary(model, base: baseModel, baseName: base)
            print(format == "json" ? summary.json : summary.text)
        }
    }
}
