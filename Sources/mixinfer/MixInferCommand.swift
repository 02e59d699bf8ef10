import ArgumentParser
import Foundation
import MixInfer

@main
struct MixInferCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mixinfer",
        abstract: "Estimate what a BPE tokenizer was trained on, from its merge list and sample text per category.",
        subcommands: [Infer.self, Train.self, Evaluate.self, Inspect.self, Encode.self, Count.self, MergeCounts.self,
                      Batch.self])
}

/// Runs `body`, turning any mixinfer error into one line on stderr and exit code 1.
func runReportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as MixInferError {
        FileHandle.standardError.write(Data("mixinfer: error: \(error.description)\n".utf8))
        throw ExitCode(1)
    }
}

/// Writes `text` to `path`, or to stdout when nil; writes via a temporary file and a rename.
func emit(_ text: String, to path: String?) throws {
    guard let path else {
        FileHandle.standardOutput.write(Data(text.utf8))
        return
    }
    try write(Data(text.utf8), to: path)
}

/// Writes `data` to `path` through a temporary file and a rename, so no half-written file is left behind.
func write(_ data: Data, to path: String) throws {
    let temporary = path + ".tmp-\(ProcessInfo.processInfo.processIdentifier)"
    do {
        try data.write(to: URL(fileURLWithPath: temporary))
        _ = try? FileManager.default.removeItem(atPath: path)
        try FileManager.default.moveItem(atPath: temporary, toPath: path)
    } catch {
        _ = try? FileManager.default.removeItem(atPath: temporary)
        throw UsageError.invalid("\(path): cannot write output")
    }
}
