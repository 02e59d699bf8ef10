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

/// Runs the built `mixinfer` executable as a user would.
final class CLITests: XCTestCase {
    static let executable: String = {
        let bundle = Bundle.main.bundleURL.deletingLastPathComponent()
        for candidate in [bundle, URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()] {
            let path = candidate.appendingPathComponent("mixinfer").path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return Repo.path(".build/debug/mixinfer")
    }()

    func run(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        try runMixinfer(arguments)
    }

    func assertOneLineError(_ arguments: [String], mentions: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let result = try run(arguments)
        XCTAssertNotEqual(result.status, 0, file: file, line: line)
        let lines = result.stderr.split(separator: "\n")
        XCTAssertEqual(lines.count, 1, result.stderr, file: file, line: line)
        XCTAssertTrue(result.stderr.contains(mentions), result.stderr, file: file, line: line)
        XCTAssertFalse(result.stderr.contains("Fatal error"), file: file, line: line)
    }

    func testBadPathsEmptyCategoryAndNonBPETokenizerGiveOneLineErrors() throws {
        let dir = try TemporaryDirectory()
        try dir.write("cats/en/a.txt", "Some English text here.\n")
        try dir.write("cats/empty/a.txt", "")
        let wordPiece = try dir.write("wp.json", #"{"model": {"type": "WordPiece", "vocab": {"a": 0}}}"#)
        try assertOneLineError(["infer", dir.file("missing.json"), "--categories", dir.file("cats")], mentions: "missing.json")
        try assertOneLineError(["infer", Repo.hfFixture + "/tokenizer.json", "--categories", dir.file("nowhere")], mentions: "nowhere")
        try assertOneLineError(["infer", Repo.hfFixture + "/tokenizer.json", "--categories", dir.file("cats")], mentions: "empty")
        try assertOneLineError(["infer", wordPiece, "--categories", dir.file("cats")], mentions: "WordPiece")
        try assertOneLineError(["train", "--categories", dir.file("cats"), "--mixture", "en=0.5,xx=0.5",
                                "--total-bytes", "100", "--vocab-size", "300", "-o", dir.file("t.json")], mentions: "xx")
    }


    func testATokenizerWithoutMergesAndACategoryNoMergeCanActOnAreErrorsNamingThem() throws {
        let dir = try TemporaryDirectory()
        try dir.write("cats/en/a.txt", "Some English text here, and a little more of it.\n")
        try dir.write("cats/tiny/a.txt", "x")
        let noMerges = try dir.write("none.json", #"{"model": {"type": "BPE", "vocab": {"a": 0}, "merges": []}}"#)
        try assertOneLineError(["infer", noMerges, "--categories", dir.file("cats")], mentions: "none.json: ")
        let result = try run(["infer", Repo.hfFixture + "/tokenizer.json", "--categories", dir.file("cats"), "--no-cache"])
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.stderr.split(separator: "\n").filter { $0.hasPrefix("mixinfer: error:") },
                       ["mixinfer: error: category 'tiny': its 1-byte sample has no two symbols side by side within a word, "
                        + "so no merge acts on it; give it more text"])
    }
    func testRemovedEstimatorVariantsAreRefusedLikeAnyUnknownOptionOrKey() throws {
        let base = ["infer", Repo.hfFixture + "/tokenizer.json", "--categories", Repo.samples, "--merges", "50"]
        for option in [["--windows", "3"], ["--trim", "0.5"], ["--pair-slack-weight", "2"], ["--slack-weighting", "poisson"],
                       ["--bias-correction", "halves"], ["--stability"], ["--formulation", "primal"]] {
            let run = try runMixinfer(base + option)
            XCTAssertEqual(run.status, 64, "\(option): \(run.stderr)")
            XCTAssertTrue(run.stderr.contains("Unknown option '\(option[0])'"), run.stderr)
        }
        let dir = try TemporaryDirectory()
        for key in ["windows", "trim", "pair_slack_weight", "slack_weighting", "bias_correction", "stability", "formulation"] {
            let path = try dir.write("m.yaml", "categories: c\ntokenizers: [t.json]\n\(key): 1\n")
            XCTAssertThrowsError(try BatchManifest.load(path)) { XCTAssertTrue("\($0)".contains("unknown key \"\(key)\""), "\($0)") }
        }
    }

    func testSolverSettingsOutsideTheirRangeGiveOneLineErrorsNotAHang() throws {
        let base = ["infer", Repo.hfFixture + "/tokenizer.json", "--categories", Repo.samples, "--merges", "50"]
        try assertOneLineError(base + ["--max-per-round", "0"], mentions: "--max-per-round")
        try assertOneLineError(base + ["--max-per-step", "0"], mentions: "--max-per-step")
        try assertOneLineError(base + ["--stabilization", "2"], mentions: "--stabilization")
        try assertOneLineError(base + ["--gap=-0.5"], mentions: "--gap")
        try assertOneLineError(base + ["--min-merge-count", "0"], mentions: "--min-merge-count")
        try assertOneLineError(base + ["--time-limit", "0"], mentions: "--time-limit")
        var options = SolverOptions()
        options.stabilization = .nan
        XCTAssertThrowsError(try options.validate()) { XCTAssertEqual(($0 as? InvalidSetting)?.field, .stabilization) }
    }

    func testInferWritesNothingUnderHomeWhenTheCacheIsElsewhereOrOff() throws {
        let home = try TemporaryDirectory(), elsewhere = try TemporaryDirectory()
        let arguments = ["infer", Repo.hfFixture + "/tokenizer.json", "--categories", Repo.samples, "--merges", "30",
                         "--sample-bytes", "20000", "-q"]
        let environment = TestEnvironment.variables(home: home.path, cache: nil)
        XCTAssertEqual(try runMixinfer(arguments + ["--cache-dir", elsewhere.path], environment: environment).status, 0)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: home.path), [])
        XCTAssertFalse(try FileManager.default.contentsOfDirectory(atPath: elsewhere.path).isEmpty, "the cache was used")
        XCTAssertEqual(try runMixinfer(arguments + ["--no-cache"], environment: environment).status, 0)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: home.path), [])
        // Asked for by default: the cache in the user's home.
        XCTAssertEqual(try runMixinfer(arguments, environment: environment).status, 0)
        XCTAssertTrue(FileManager.default.fileExists(atPath: home.path + "/.cache/mixinfer/counts"))
    }

    func testVersionIsPrintedAndHelpNamesEveryFormatWithinTwoScreens() throws {
        let version = try run(["--version"])
        XCTAssertEqual(version.stdout.trimmingCharacters(in: .whitespacesAndNewlines), Inference.version)
        let help = try run(["help", "infer"]).stdout
        for format in ["tokenizer.json", "tiktoken", "SentencePiece", "Tekken", "GGUF", "merges.txt", ".jsonl", ".txt", ".gz"] {
            XCTAssertTrue(help.contains(format), "help infer should name \(format)")
        }
        XCTAssertFalse(help.contains("--max-per-step"), "solver tuning is hidden")
        XCTAssertLessThanOrEqual(help.split(separator: "\n", omittingEmptySubsequences: false).count, 100, help)
    }

    func testJSONOutputHasSharesSummingToOneAndRunDetails() throws {
        let dir = try TemporaryDirectory()
        let (train, infer) = try sampleHalves(["de", "python"])
        for category in train { for file in category.files {
            try FileManager.default.createDirectory(atPath: dir.file("train/\(category.name)"), withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: file, toPath: dir.file("train/\(category.name)/" + (file as NSString).lastPathComponent))
        } }
        let trained = try run(["train", "--categories", dir.file("train"), "--mixture", "de=0.7,python=0.3",
                               "--total-bytes", "150000", "--vocab-size", "556", "-o", dir.file("tok.json")])
        XCTAssertEqual(trained.status, 0, trained.stderr)
        for category in infer { for file in category.files {
            try FileManager.default.createDirectory(atPath: dir.file("infer/\(category.name)"), withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: file, toPath: dir.file("infer/\(category.name)/" + (file as NSString).lastPathComponent))
        } }
        let result = try run(["infer", dir.file("tok.json"), "--categories", dir.file("infer"), "--format", "json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let shares = try XCTUnwrap(json["shares"] as? [String: Double])
        XCTAssertEqual(Set(shares.keys), ["de", "python"])
        XCTAssertEqual(shares.values.reduce(0, +), 1, accuracy: 1e-9)
        XCTAssertEqual(json["merges_used"] as? Int, 300)
        // Solved exactly (no --gap): the total slack is the optimum, bracketed from below by the LP's bound.
        let objective = try XCTUnwrap(json["objective"] as? Double), bound = try XCTUnwrap(json["lower_bound"] as? Double)
        XCTAssertGreaterThan(objective, 0, "held-out text is not the training text: some slack is needed")
        XCTAssertEqual(bound, objective, accuracy: 1e-6 * objective)
        XCTAssertEqual(json["hit_round_limit"] as? Bool, false)
        // The tokenizer was trained on the other half of the same two categories: its merges occur in the samples.
        let missing = try XCTUnwrap(json["missing_merges"] as? Int)
        XCTAssertLessThan(missing, 15, "at most 5 % of 300 merges should be missing from both samples")
        XCTAssertEqual((json["warnings"] as? [Any])?.count, 0, "a sound run has no warnings: \(json["warnings"] ?? "")")
        XCTAssertEqual((json["sample_bytes"] as? [String: Int]).map { Set($0.keys) }, ["de", "python"])
        XCTAssertEqual(try XCTUnwrap(shares["de"]), 0.7, accuracy: 0.03)
        let again = try run(["infer", dir.file("tok.json"), "--categories", dir.file("infer"), "--format", "json"])
        XCTAssertEqual(again.stdout, result.stdout, "the same inputs give byte-identical JSON")
        let table = try run(["infer", dir.file("tok.json"), "--categories", dir.file("infer"), "--top", "1"])
        XCTAssertTrue(table.stdout.contains("(1 more)"), table.stdout)
    }

    func testProgressGoesToStderrOnlyWhenAskedOrOnATerminal() throws {
        let arguments = ["infer", Repo.hfFixture + "/tokenizer.json", "--categories", Repo.samples, "--merges", "30",
                         "--sample-bytes", "20000", "--no-cache"]
        let silent = try run(arguments)
        XCTAssertEqual(silent.status, 0, silent.stderr)
        XCTAssertEqual(silent.stderr, "", "stderr is not a terminal here: no progress")
        let verbose = try run(arguments + ["-v"])
        let lines = verbose.stderr.split(separator: "\n")
        XCTAssertTrue(lines.allSatisfy { $0.hasPrefix("mixinfer: ") }, verbose.stderr)
        XCTAssertFalse(verbose.stderr.contains("\r") || verbose.stderr.contains("\u{1B}"), "plain lines, no terminal codes")
        for expected in ["mixinfer: counting 0%: 0.0 of 0.2 MB, 0 of 140 files", "mixinfer: counting done: 0.2 MB (140 files) in ",
                         "mixinfer: replay done: 300 steps in ", "mixinfer: solve done: "] {
            XCTAssertTrue(verbose.stderr.contains(expected), "\(expected) in\n\(verbose.stderr)")
        }
        XCTAssertFalse(verbose.stderr.contains("LP round"), "the solver's log only with -v -v")
        let veryVerbose = try run(arguments + ["-v", "-v"])
        XCTAssertTrue(veryVerbose.stderr.contains("mixinfer: LP round 1: optimum in ["), veryVerbose.stderr)
        XCTAssertTrue(veryVerbose.stderr.contains("mixinfer: solve done: "), veryVerbose.stderr)
        XCTAssertEqual(try run(arguments + ["-vv"]).stderr.components(separatedBy: "LP round").count,
                       veryVerbose.stderr.components(separatedBy: "LP round").count, "-vv is -v -v")
        let withoutTimes = { (text: String) in text.split(separator: "\n").filter { !$0.hasPrefix("time:") } }
        XCTAssertEqual(withoutTimes(verbose.stdout), withoutTimes(silent.stdout))
        XCTAssertEqual(withoutTimes(veryVerbose.stdout), withoutTimes(silent.stdout))
        XCTAssertEqual(try run(arguments + ["-v", "-v", "--quiet"]).stderr, "")
        XCTAssertEqual(try run(arguments + ["--progress", "json", "--quiet"]).stderr, "")
        let json = try run(arguments + ["--format", "json"])
        let jsonVerbose = try run(arguments + ["--format", "json", "-v"])
        XCTAssertEqual(json.stdout, jsonVerbose.stdout, "progress never changes results")
    }

    func testProgressJSONWritesOneDocumentedObjectPerLineOnStderr() throws {
        let arguments = ["infer", Repo.hfFixture + "/tokenizer.json", "--categories", Repo.samples, "--merges", "30",
                         "--sample-bytes", "20000", "--no-cache", "--format", "json", "--gap", "0.01", "--no-presence"]
        let plain = try run(arguments)
        let result = try run(arguments + ["--progress", "json", "-v", "-v"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, plain.stdout, "progress never changes results")
        let objects = try result.stderr.split(separator: "\n").map {
            try XCTUnwrap(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any], String($0))
        }
        let common = ["phase", "done", "total", "unit", "elapsed", "remaining", "finished", "message"]
        for object in objects { XCTAssertEqual(Set(common).subtracting(object.keys), [], "\(object)") }
        let phases = objects.compactMap { $0["phase"] as? String }
        XCTAssertEqual(phases.reduce(into: [String]()) { if $0.last != $1 { $0.append($1) } }, ["counting", "replay", "solve"])
        let counting = try XCTUnwrap(objects.last { $0["phase"] as? String == "counting" })
        XCTAssertEqual(counting["finished"] as? Bool, true)
        XCTAssertEqual(counting["unit"] as? String, "bytes")
        XCTAssertEqual(counting["files_done"] as? Int, 140)
        XCTAssertEqual(counting["files_total"] as? Int, 140)
        XCTAssertEqual(counting["done"] as? Int, counting["total"] as? Int)
        let solve = try XCTUnwrap(objects.last)
        XCTAssertEqual(solve["phase"] as? String, "solve")
        XCTAssertEqual(solve["finished"] as? Bool, true)
        XCTAssertEqual(solve["unit"] as? String, "rounds")
        XCTAssertTrue(solve["total"] is NSNull, "a solve's rounds are not known beforehand")
        XCTAssertEqual(solve["target"] as? Double, 0.01)
        XCTAssertLessThanOrEqual(try XCTUnwrap(solve["gap"] as? Double), 0.01)
        let estimate = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(try XCTUnwrap(solve["upper"] as? Double), try XCTUnwrap(estimate["objective"] as? Double),
                       accuracy: 1e-6 * (estimate["objective"] as? Double ?? 1))
        XCTAssertEqual(solve["done"] as? Int, estimate["lp_rounds"] as? Int)
        XCTAssertFalse(result.stderr.contains("LP round"), "JSON lines only: no solver log")
    }

    func testBatchFromAYAMLManifestGivesTheSameResultsAsFromJSON() throws {
        let dir = try TemporaryDirectory()
        let json = try dir.write("m.json", """
            {"categories": "\(Repo.samples)", "tokenizers": [{"name": "claude", "path": "\(Repo.sampleTokenizer)"}],
             "merges": 100, "sample_bytes": 20000}
            """)
        let yaml = try dir.write("m.yaml", """
            categories: "\(Repo.samples)"
            tokenizers:
              - {name: claude, path: "\(Repo.sampleTokenizer)"}
            merges: 100
            sample_bytes: 20000
            """)
        let fromJSON = try run(["batch", json, "-o", dir.file("json")])
        let fromYAML = try run(["batch", yaml, "-o", dir.file("yaml"), "-v"])
        XCTAssertEqual(fromJSON.status, 0, fromJSON.stderr)
        XCTAssertEqual(fromYAML.status, 0, fromYAML.stderr)
        XCTAssertEqual(fromJSON.stdout, fromYAML.stdout)
        for file in ["claude__default.json", "summary.csv"] {
            XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: dir.file("json/" + file))),
                           try Data(contentsOf: URL(fileURLWithPath: dir.file("yaml/" + file))), file)
        }
        XCTAssertEqual(fromJSON.stderr, "", "stderr is not a terminal here: no progress")
        XCTAssertTrue(fromYAML.stderr.contains("mixinfer: claude × default: ok (1 of 1 pairs done)"), fromYAML.stderr)
        XCTAssertTrue(fromYAML.stderr.contains("mixinfer: pair 1 of 1 (claude × default): solve done: "), fromYAML.stderr)
        let bad = try dir.write("bad.yaml", "categories: c\ntokenizers: [{path: a, merges: lots}]\n")
        try assertOneLineError(["batch", bad], mentions: bad + ": invalid manifest: tokenizers[0].merges must be a whole number")
    }
}
