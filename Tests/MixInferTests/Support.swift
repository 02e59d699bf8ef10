import Foundation
import XCTest
@testable import MixInferSupport
@testable import MixInferPretokenize
@testable import MixInferTokenizers
@testable import MixInferCorpus
@testable import MixInferReplay
@testable import MixInferSolve
@testable import MixInferInference
@testable import MixInfer
@testable import MixInferBatch
@testable import MixInferResearch

/// Paths of the repository's shipped data.
enum Repo {
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()
    static func path(_ relative: String) -> String { (root as NSString).appendingPathComponent(relative) }
    static let samples = path("Samples/categories")
    static let sampleTokenizer = path("Samples/tokenizers/claude-legacy.json")
    static let hfFixture = path("Tests/Fixtures/hf-mixture")
}

/// A temporary directory removed when the test ends.
final class TemporaryDirectory {
    let path: String
    init() throws {
        path = (NSTemporaryDirectory() as NSString).appendingPathComponent("mixinfer-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }

    func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let target = file(name)
        try FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: target))
        return target
    }

    func write(_ name: String, bytes: [UInt8]) throws -> String {
        let target = file(name)
        try FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: target))
        return target
    }
}

/// A deterministic pseudo-random generator (SplitMix64) for property tests.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Categories of the Samples split into the two disjoint halves (even / odd files in sorted order).
func sampleHalves(_ names: [String]) throws -> (train: [Category], infer: [Category]) {
    let all = try Category.discover(in: Repo.samples)
    let chosen = try names.map { name in
        guard let category = all.first(where: { $0.name == name }) else {
            throw UsageError.invalid("Samples has no category \(name)")
        }
        return category
    }
    return (chosen.map { $0.halves().even }, chosen.map { $0.halves().odd })
}

/// Settings of a small controlled evaluation: `trials` mixtures of `n` categories, `totalBytes` of training text,
/// tokenizers of `merges` merges, all of them used for inference.
func smallEvaluation(trials: Int, n: Int, totalBytes: Int, merges: Int) -> EvaluationOptions {
    var options = EvaluationOptions()
    options.trials = trials
    options.categoriesPerTrial = n
    options.totalBytes = totalBytes
    options.vocabularySize = 256 + merges
    options.merges = merges
    return options
}

/// Largest absolute difference between estimated and true shares, by category name.
func maxAbsoluteError(_ estimate: MixtureEstimate, truth: [String: Double]) -> Double {
    estimate.categories.map { abs($0.share - (truth[$0.name] ?? 0)) }.max() ?? .infinity
}

/// Infers the mixture of a loaded tokenizer over `categories` with `merges` merges (no cache); `configure` sets
/// the rest of the request.
func infer(_ model: TokenizerModel, _ categories: [Category], merges: Int,
           configure: (inout InferenceRequest) -> Void = { _ in }) throws -> MixtureEstimate {
    var request = InferenceRequest(tokenizer: .model(model, name: "test"), categories: .categories(categories))
    request.merges = merges
    configure(&request)
    return try Inference.run(request)
}

/// The HF fixture's tokenizer inferred from the odd halves of its four categories with 500 merges, with intervals:
/// the slowest inference of the suite, run once and read by the tests of each (warnings, intervals).
enum FixtureRun {
    static let categories = ["de", "en", "fr", "python"]
    static let merges = 500
    private static let result = Result<MixtureEstimate, Error> {
        let model = try TokenizerModel.load(Repo.hfFixture + "/tokenizer.json")
        let (_, infer) = try sampleHalves(categories)
        return try MixInferTests.infer(model, infer, merges: merges) {
            $0.intervals = true
        }
    }

    static func estimate() throws -> MixtureEstimate { try result.get() }
}

/// The `HOME` and count cache every CLI run of the suite gets: folders of their own under the temporary directory,
/// so no test writes into the user's home or real cache. No Hub cache is inherited: a test names its own.
enum TestEnvironment {
    static let root: String = {
        let path = (NSTemporaryDirectory() as NSString).appendingPathComponent("mixinfer-suite-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(atPath: path + "/home", withIntermediateDirectories: true)
        return path
    }()
    static var home: String { root + "/home" }
    static var cache: String { root + "/counts" }

    /// The process environment with `HOME`, `MIXINFER_CACHE` and `HF_HUB_CACHE` replaced (a nil value removes the
    /// variable) and the other Hub cache variables removed.
    static func variables(home: String = home, cache: String? = cache, hubCache: String? = nil) -> [String: String] {
        var variables = ProcessInfo.processInfo.environment
        variables["HOME"] = home
        variables["MIXINFER_CACHE"] = cache
        variables["XDG_CACHE_HOME"] = nil
        variables["HF_HUB_CACHE"] = hubCache
        variables["HUGGINGFACE_HUB_CACHE"] = nil
        variables["HF_HOME"] = nil
        if variables["MIXINFER_TOKENIZERS"] == nil { variables["MIXINFER_TOKENIZERS"] = TokenizerCache.directory }
        return variables
    }
}

/// Runs the built `mixinfer` executable as a user would, with the suite's `HOME` and cache (`TestEnvironment`)
/// unless `environment` is given, in `directory` (nil: the test's).
func runMixinfer(_ arguments: [String], environment: [String: String] = TestEnvironment.variables(),
                 directory: String? = nil) throws -> (status: Int32, stdout: String, stderr: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: CLITests.executable)
    process.arguments = arguments
    process.environment = environment
    if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
}

/// A "billion laughs": ten lines of YAML whose nested aliases expand to 9⁹ strings under `top`.
enum YAMLBomb {
    static func text(top: String) -> String {
        let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"]
        var lines = ["x: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
        for (previous, name) in zip(names, names.dropFirst()) {
            lines.append("x\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ", ") + "]")
        }
        lines.append("\(top): [*i]")
        return lines.joined(separator: "\n") + "\n"
    }
}
