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

/// Inputs that make the answer meaningless end in a warning (or, with `strict`, an error); a sound run has none.
final class WarningTests: XCTestCase {
    let hfTokenizer = Repo.hfFixture + "/tokenizer.json"

    func codes(_ estimate: MixtureEstimate) -> [RunWarning.Code] { estimate.warnings.map(\.code) }

    func testSoundRunOnTheHuggingFaceFixtureHasNoWarnings() throws {
        let estimate = try FixtureRun.estimate()
        XCTAssertEqual(estimate.categories.map(\.name).sorted(), FixtureRun.categories)
        XCTAssertEqual(estimate.warnings, [])
    }

    func testAFolderOfNumberedFilesWarnsThatEachFileBecameACategory() throws {
        var request = InferenceRequest(tokenizer: hfTokenizer, categories: Repo.samples + "/en")
        request.merges = 50
        request.sampleBytes = 30_000
        let estimate = try Inference.run(request)
        XCTAssertEqual(estimate.categories.count, 14)
        XCTAssertEqual(codes(estimate).first, .folderLooksLikeOneCategory)
        XCTAssertTrue(estimate.warnings[0].message.contains("000 … 013"), estimate.warnings[0].message)
    }

    func testSamplesOfAFewHundredBytesWarnForEveryCategory() throws {
        let model = try TokenizerModel.load(hfTokenizer)
        let (_, infer) = try sampleHalves(["de", "python"])
        let estimate = try MixInferTests.infer(model, infer, merges: 100) { $0.sampleBytes = 100 }
        XCTAssertEqual(estimate.warnings.filter { $0.code == .smallSample }.compactMap(\.category), ["de", "python"])
    }

    func testUncoveredMergesAreDiagnosedByTheScriptTheyAreIn() throws {
        // Trained on German and Japanese, inferred with German and Python only: the Japanese merges are uncovered.
        let (train, infer) = try sampleHalves(["de", "ja", "python"])
        let run = try TrainingRun.train(categories: Array(train.prefix(2)), mixture: Mixture(parsing: "de=0.5,ja=0.5"),
                                        totalBytes: 200_000, vocabularySize: 256 + 600)
        let estimate = try MixInferTests.infer(run.model, [infer[0], infer[2]], merges: 600)
        let coverage = try XCTUnwrap(estimate.warnings.first { $0.code == .poorCoverage }, "\(estimate.warnings)")
        XCTAssertTrue(["Hiragana", "Han", "Katakana", "byte fragments"].contains { coverage.message.contains("of them are " + $0) },
                      coverage.message)
        XCTAssertTrue(coverage.message.contains("add a category"), coverage.message)
    }

    func testTokenKindsNameScriptsAndTokensWithoutLetters() {
        XCTAssertEqual(TokenKind.of(Array("नमस्ते".utf8)), "Devanagari")
        XCTAssertEqual(TokenKind.of(Array(" Привет".utf8)), "Cyrillic")
        XCTAssertEqual(TokenKind.of(Array("▁東京".utf8)), "Han")
        XCTAssertEqual(TokenKind.of(Array("    ".utf8)), "whitespace")
        XCTAssertEqual(TokenKind.of(Array("2024".utf8)), "digits")
        XCTAssertEqual(TokenKind.of(Array("=>".utf8)), "punctuation and symbols")
        XCTAssertEqual(TokenKind.of([0xE0, 0xA4]), "byte fragments (parts of UTF-8 characters)")
    }

    func testAStoppedLPWarnsThatItsSharesAreNotTheOptimum() throws {
        let model = try TokenizerModel.load(hfTokenizer)
        let (_, infer) = try sampleHalves(["de", "python"])
        let estimate = try MixInferTests.infer(model, infer, merges: 200) { $0.solver.timeLimit = 1e-9 }
        XCTAssertEqual(codes(estimate), [.notOptimal])
    }

    func testStrictTurnsAWarningIntoExitThreeWithOneLine() throws {
        let arguments = ["infer", hfTokenizer, "--categories", Repo.samples, "--merges", "50", "--sample-bytes", "100"]
        let loose = try runMixinfer(arguments + ["--format", "json"])
        XCTAssertEqual(loose.status, 0, loose.stderr)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(loose.stdout.utf8)) as? [String: Any])
        let warnings = try XCTUnwrap(json["warnings"] as? [[String: Any]])
        XCTAssertEqual(warnings.filter { $0["code"] as? String == "small_sample" }.count, 10)
        let csv = try runMixinfer(arguments + ["--format", "csv"])
        XCTAssertTrue(csv.stdout.hasPrefix("# warning: small_sample: "), csv.stdout)
        let strict = try runMixinfer(arguments + ["--strict"])
        XCTAssertEqual(strict.status, 3)
        XCTAssertEqual(strict.stdout, "")
        XCTAssertTrue(strict.stderr.hasPrefix("mixinfer: error: strict: "), strict.stderr)
        XCTAssertEqual(strict.stderr.split(separator: "\n").count, 1)
    }

    func testCategoriesGivenTwiceAreBothUsedAndANameInBothIsAnError() throws {
        let dir = try TemporaryDirectory()
        let (_, infer) = try sampleHalves(["de", "python", "fr"])
        for (index, category) in infer.enumerated() {
            let set = index < 2 ? "a" : "b"
            try dir.write("\(set)/\(category.name).txt", String(contentsOfFile: category.files[0], encoding: .utf8))
        }
        let base = ["infer", hfTokenizer, "--merges", "50", "--format", "json"]
        let both = try runMixinfer(base + ["--categories", dir.file("a"), "--categories", dir.file("b")])
        XCTAssertEqual(both.status, 0, both.stderr)
        let shares = try XCTUnwrap((JSONSerialization.jsonObject(with: Data(both.stdout.utf8)) as? [String: Any])?["shares"] as? [String: Double])
        XCTAssertEqual(shares.keys.sorted(), ["de", "fr", "python"])
        let twice = try runMixinfer(base + ["--categories", dir.file("a"), "--categories", dir.file("a")])
        XCTAssertEqual(twice.status, 1)
        XCTAssertTrue(twice.stderr.contains("defined twice"), twice.stderr)
    }

    func testRecordsWithoutTextAreCountedPerCategoryAndSurviveTheCache() throws {
        let folder = try TemporaryDirectory()
        func lines(_ name: String) throws -> [String] {
            let text = try String(contentsOfFile: Repo.samples + "/\(name)/000.txt", encoding: .utf8)
            return text.components(separatedBy: "\n\n").prefix(40).map { document in
                let encoded = try! JSONSerialization.data(withJSONObject: ["text": document])
                return String(decoding: encoded, as: UTF8.self)
            }
        }
        try folder.write("cats/de/part.jsonl", (try lines("de") + ["{\"id\": 1}", "{\"text\": null}", "{\"text\": 7}"])
            .joined(separator: "\n"))
        try folder.write("cats/en/part.jsonl", try lines("en").joined(separator: "\n"))
        var request = InferenceRequest(tokenizer: hfTokenizer, categories: folder.file("cats"))
        request.merges = 100
        request.cache = CountCache(directory: folder.file("cache"))
        for run in ["counted", "cached"] {
            let skipped = try Inference.run(request).warnings.filter { $0.code == .skippedRecords }
            XCTAssertEqual(skipped.compactMap(\.category), ["de"], run)
            XCTAssertTrue(skipped.first?.message.contains("3 records of 'de'") ?? false, "\(run): \(skipped)")
        }
        XCTAssertFalse(try FileManager.default.contentsOfDirectory(atPath: folder.file("cache")).isEmpty)
    }

    func testCategoriesTheMergesHardlyActOnWarnOnlyWhenTheyHoldAShareThatMatters() throws {
        let model = try TokenizerModel.load(hfTokenizer)
        let (_, infer) = try sampleHalves(["de", "en", "python"])
        var solution = try MixInferTests.infer(model, infer, merges: 300).solution
        XCTAssertEqual(RunChecks.activity(["de", "en", "python"], solution, extension: false), [])
        solution.mergeActivity = [50_000, 40_000, 100]
        solution.shares = [0.5, 0.495, 0.005]
        XCTAssertEqual(RunChecks.activity(["de", "en", "python"], solution, extension: false), [], "a cap near zero is an answer")
        solution.shares = [0.5, 0.3, 0.2]
        let warning = try XCTUnwrap(RunChecks.activity(["de", "en", "python"], solution, extension: true).first)
        XCTAssertEqual(warning.code, .inactiveCategories)
        XCTAssertTrue(warning.message.contains("1 of 3 categories ('python'"), warning.message)
        XCTAssertTrue(warning.message.contains("together 20.0 %"), warning.message)
    }

    func testDatasetCardsAndOtherFilesAreSkippedAndReportedPerCategory() throws {
        let dir = try TemporaryDirectory()
        let (_, infer) = try sampleHalves(["de", "python"])
        for category in infer {
            try dir.write("cats/\(category.name)/data/part-0.txt", String(contentsOfFile: category.files[0], encoding: .utf8))
        }
        try dir.write("cats/de/README.md", "---\nlicense: cc-by-4.0\n---\n# A dataset card\n")
        try dir.write("cats/de/data/stats.csv", "a,b\n1,2\n")
        var request = InferenceRequest(tokenizer: hfTokenizer, categories: dir.file("cats"))
        request.merges = 50
        let estimate = try Inference.run(request)
        XCTAssertEqual(estimate.categories.first { $0.name == "de" }?.sampleBytes,
                       try Data(contentsOf: URL(fileURLWithPath: infer[0].files[0])).count, "only the text file is the sample")
        let skipped = estimate.warnings.filter { $0.code == .skippedFiles }
        XCTAssertEqual(skipped.map(\.category), ["de"])
        XCTAssertTrue(skipped[0].message.contains("1 csv") && skipped[0].message.contains("1 dataset card"), skipped[0].message)
    }
}
