import ArgumentParser
import Foundation
import MixInfer
import MixInferSupport
import MixInferTokenizers
import MixInferInference

struct Encode: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Encode text with a tokenizer (no special tokens) and print the token ids.")

    @Argument(help: "Tokenizer file (any supported format), or a Hub id cached by huggingface_hub.")
    var tokenizer: String

    @Option(name: .setting(.revision), help: .setting(.revision))
    var revision: String?

    @Option(help: "Text to encode.")
    var text: String?

    @Option(help: "File whose UTF-8 text is encoded.")
    var file: String?

    @Option(help: "Pretokenizer preset replacing the detected one (e.g. cl100k, o200k, llama3, qwen, gpt2).")
    var pretokenizer: String?

    func run() throws {
        try runReportingErrors {
            let input: String
            switch (text, file) {
            case let (text?, nil): input = text
            case let (nil, file?):
                guard let data = FileManager.default.contents(atPath: file) else {
                    throw UsageError.invalid("\(file): cannot read file")
                }
                guard let decoded = String(data: data, encoding: .utf8) else {
                    throw UsageError.invalid("\(file): not valid UTF-8")
                }
                input = decoded
            default: throw UsageError.invalid("give exactly one of --text and --file")
            }
            let model = try TokenizerModel.load(tokenizer, pretokenizer: pretokenizer, revision: revision)
            let ids = try TextEncoder(model: model).encode(input)
            print(ids.map(String.init).joined(separator: " "))
        }
    }
}
