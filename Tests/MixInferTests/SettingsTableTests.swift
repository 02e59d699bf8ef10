import Foundation
import XCTest
@testable import MixInferSupport
@testable import MixInferSolve
@testable import MixInferInference
@testable import MixInferBatch
@testable import mixinfer

/// Every setting is declared once, in `RequestField`: these tests fail when the CLI, the manifest or docs/cli.md
/// drift from it.
final class SettingsTableTests: XCTestCase {
    /// A value for each setting other than its default, as a CLI argument and as a manifest value.
    private func sample(_ field: RequestField) -> (cli: [String], manifest: String) {
        switch field {
        case .extensionOnly, .proveBounds, .intervals, .baselines, .strict: return ([field.flag], "true")
        case .presence: return InferenceDefaults.presence ? (["--no-presence"], "false") : ([field.flag], "true")
        case .group: return ([field.flag, "g=en,de"], "{g: [en, de]}")
        case .textField: return ([field.flag, "content"], "content")
        case .pretokenizer: return ([field.flag, "cl100k"], "cl100k")
        case .revision: return ([field.flag, "v2"], "v2")
        case .intervalUnit: return ([field.flag, "file"], "file")
        case .normalize: return ([field.flag, "pairs"], "pairs")
        case .base: return ([field.flag, "/abs/base.json", "--extension-only"], "/abs/base.json\nextension_only: true")
        case .dumpLP: return ([field.flag, "/abs/lp.txt"], "/abs/lp.txt")
        case .gap, .stabilization: return ([field.flag, "0.5"], "0.5")
        case .timeLimit: return ([field.flag, "5.0"], "5.0")
        default: return ([field.flag, "7"], "7")
        }
    }

    /// Everything a request holds but its sources, as text to compare.
    private func describe(_ request: InferenceRequest) -> String {
        var tokenizer = ""
        if case let .file(path, pretokenizer, revision) = request.tokenizer {
            tokenizer = "\(path) \(pretokenizer ?? "-") \(revision ?? "-")"
        }
        let solver = request.solver
        return [tokenizer, "\(request.merges)", "\(request.sampleBytes)", request.textField ?? "-", "\(request.window)",
                "\(request.jobs)", "\(request.intervals)", "\(request.intervalUnit)", "\(request.intervalReplicates)",
                "\(request.baselines)", "\(request.strict)", "\(request.presence)", "\(request.proveBounds)", "\(request.groups)", "\(solver.gapTolerance)", "\(solver.timeLimit ?? -1)",
                "\(solver.minMergeCount)", "\(solver.normalization)", "\(solver.maxPerStep)", "\(solver.maxPerRound)",
                "\(solver.maxRounds)", "\(solver.stabilization)", solver.dumpPath ?? "-"].joined(separator: " | ")
    }

    private func cliRequest(_ arguments: [String]) throws -> InferenceRequest {
        try Infer.parse(["/abs/tok.json", "--categories", "/abs/cats"] + arguments).request()
    }

    func testEachManifestKeySetsTheSameRequestAsItsOptionAndBothDifferFromTheDefault() throws {
        let dir = try TemporaryDirectory()
        let defaults = describe(try cliRequest([]))
        for field in RequestField.allCases where field.inManifest {
            let (arguments, value) = sample(field)
            let fromCLI = describe(try cliRequest(arguments))
            XCTAssertNotEqual(fromCLI, defaults, "\(field.flag) should change the request")
            let path = try dir.write("m.yaml", "categories: /abs/cats\ntokenizers: [/abs/tok.json]\n\(field.rawValue): \(value)\n")
            let manifest = try BatchManifest.load(path)
            let fromManifest = describe(try manifest.request(manifest.tokenizers[0], set: manifest.categorySets[0]))
            XCTAssertEqual(fromManifest, fromCLI, "\(field.rawValue) in a manifest and \(field.flag) should agree")
        }
    }

    func testSettingsOutsideManifestsAreStillOptionsOfInfer() throws {
        let defaults = describe(try cliRequest([]))
        for field in [RequestField.jobs, .dumpLP] {
            XCTAssertFalse(field.inManifest)
            XCTAssertNotEqual(describe(try cliRequest(sample(field).cli)), defaults, field.flag)
        }
        XCTAssertThrowsError(try cliRequest(["--counts", "/abs/c.counts"]), "both --categories and --counts")
    }

    func testHelpShowsEachSettingWithTheTablesTextInItsSectionAndHidesTheTuningKnobs() {
        let visible = Infer.helpMessage(columns: 10_000)
        let all = Infer.helpMessage(includeHidden: true, columns: 10_000)
        for field in RequestField.allCases where field.section != .none {
            let name = field == .tokenizer ? "<tokenizer>" : field.flag
            XCTAssertTrue(all.contains(name), "\(name) is not an option of infer")
            XCTAssertTrue(all.contains(field.help), "\(name)'s help is not the table's")
            XCTAssertEqual(visible.contains(field.help), field.section != .tuning, "\(name)'s visibility")
        }
        let sections = ["INPUT:", "ESTIMATE:", "SOLVER:", "OUTPUT:", "CACHE AND PROGRESS:"]
        let positions = sections.map { visible.range(of: $0)?.lowerBound }
        XCTAssertFalse(positions.contains(nil), visible)
        XCTAssertEqual(positions.compactMap { $0 }, positions.compactMap { $0 }.sorted())
    }

    func testDocsCLIListsEveryOptionAndManifestKey() throws {
        let page = try String(contentsOfFile: Repo.path("docs/cli.md"), encoding: .utf8)
        for field in RequestField.allCases where field.section != .none && field != .tokenizer {
            XCTAssertTrue(page.contains("`\(field.flag)"), "docs/cli.md does not list \(field.flag)")
            if field.inManifest { XCTAssertTrue(page.contains("`\(field.rawValue)`"), "docs/cli.md lacks key \(field.rawValue)") }
        }
        for key in ManifestKeys.topLevel + ManifestKeys.tokenizer {
            XCTAssertTrue(page.contains("`\(key)`"), "docs/cli.md does not document the manifest key \(key)")
        }
    }
}
