import ArgumentParser
import Foundation
import MixInfer
import MixInferSupport
import MixInferInference

@main
struct MixInferCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mixinfer",
        abstract: "Estimate what a BPE tokenizer was trained on, from its merge list and sample text per category.",
        version: Inference.version,
        subcommands: [Infer.self, Train.self, Evaluate.self, Inspect.self, Encode.self, Count.self, MergeCounts.self,
                      Batch.self])
}

/// Runs `body`, turning any mixinfer error into one line on stderr and exit code 1.
func runReportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as StrictWarningError {
        FileHandle.standardError.write(Data("mixinfer: error: \(error.description)\n".utf8))
        throw ExitCode(3)
    } catch let error as InvalidSetting {
        FileHandle.standardError.write(Data("mixinfer: error: \(error.described { $0.flag })\n".utf8))
        throw ExitCode(1)
    } catch let error as MixInferError {
        FileHandle.standardError.write(Data("mixinfer: error: \(error.description)\n".utf8))
        throw ExitCode(1)
    }
}

/// Writes `text` to `path` (atomically, see `atomicWrite`), or to stdout when nil.
func emit(_ text: String, to path: String?) throws {
    guard let path else {
        FileHandle.standardOutput.write(Data(text.utf8))
        return
    }
    try atomicWrite(Data(text.utf8), to: path)
}
