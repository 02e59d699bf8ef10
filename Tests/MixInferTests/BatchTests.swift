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

final class BatchTests: XCTestCase {
    func testBatchContinuesPastAFailingTokenizerAndSkipsFinishedResults() throws {
        let dir = try TemporaryDirectory()
        let (_, infer) = try sampleHalves(["de", "python"])
        for category in infer {
            for file in category.files.prefix(2) {
                try dir.write("cats/\(category.name)/" + (file as NSString).lastPathComponent,
                              String(contentsOfFile: file, encoding: .utf8))
            }
        }
        let manifest = try dir.write("batch.json", """
            {"categories": "cats", "merges": 200,
             "tokenizers": [{"name": "hf", "path": "\(Repo.hfFixture)/tokenizer.json"}, "missing.json"]}
            """)
        let runner = BatchRunner(manifest: try BatchManifest.load(manifest), outputDirectory: dir.file("out"), force: false)
        let outcomes = try runner.run(jobs: 2)
        XCTAssertEqual(outcomes.map(\.tokenizer), ["hf", "missing"])
        let shares = try outcomes[0].result.get()
        XCTAssertEqual(shares.values.reduce(0, +), 1, accuracy: 1e-9)
        XCTAssertThrowsError(try outcomes[1].result.get())
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir.file("out/hf__default.json")))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.file("out")).filter { $0.contains(".partial") }
        XCTAssertEqual(leftovers, [])
        let again = try BatchRunner(manifest: try BatchManifest.load(manifest), outputDirectory: dir.file("out"), force: false).run(jobs: 1)
        XCTAssertTrue(again[0].skipped)
        for (name, share) in try again[0].result.get() { XCTAssertEqual(share, try XCTUnwrap(shares[name]), accuracy: 1e-9) }
        let first = try Data(contentsOf: URL(fileURLWithPath: dir.file("out/hf__default.json")))
        _ = try BatchRunner(manifest: try BatchManifest.load(manifest), outputDirectory: dir.file("out"), force: true).run(jobs: 1)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: dir.file("out/hf__default.json"))), first,
                       "byte-identical result whatever --jobs")
        let summary = BatchRunner.summary(outcomes)
        let (csv, markdown) = (summary.csv, summary.markdown)
        XCTAssertTrue(csv.hasPrefix("tokenizer,category_set,de,python,warnings\n"), csv)
        XCTAssertTrue(markdown.contains("missing (failed)"))
    }

    func testManifestLPSettingsReachEveryPairAndBadOnesAreOneLineErrors() throws {
        let dir = try TemporaryDirectory()
        let (_, infer) = try sampleHalves(["de", "python"])
        for category in infer {
            let file = category.files[0]
            try dir.write("cats/\(category.name)/" + (file as NSString).lastPathComponent, String(contentsOfFile: file, encoding: .utf8))
        }
        let manifest = try dir.write("batch.json", """
            {"categories": "cats", "merges": 200, "gap": 0.05, "time_limit": 1e-9, "min_merge_count": 2,
             "tokenizers": [{"name": "hf", "path": "\(Repo.hfFixture)/tokenizer.json"}]}
            """)
        let loaded = try BatchManifest.load(manifest)
        let solver = try loaded.request(loaded.tokenizers[0], set: loaded.categorySets[0]).solver
        XCTAssertEqual(solver.gapTolerance, 0.05)
        XCTAssertEqual(solver.minMergeCount, 2)
        _ = try BatchRunner(manifest: loaded, outputDirectory: dir.file("out"), force: false).run(jobs: 1)
        let result = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir.file("out/hf__default.json")))) as? [String: Any])
        XCTAssertEqual(result["hit_time_limit"] as? Bool, true, "the manifest's time_limit stopped the LP")
        XCTAssertEqual(result["lp_rounds"] as? Int, 1)
        for (field, value) in [("gap", "1.5"), ("time_limit", "0"), ("min_merge_count", "0")] {
            let path = try dir.write("bad.json", #"{"categories": "c", "tokenizers": ["a"], "\#(field)": \#(value)}"#)
            XCTAssertThrowsError(try BatchManifest.load(path), field) {
                XCTAssertTrue("\($0)".hasPrefix(path + ": "), "\($0)")
                XCTAssertTrue("\($0)".contains(field), "\($0)")
                XCTAssertFalse("\($0)".contains("\n"))
            }
        }
    }

    func testManifestWithWrongTypesIsAOneLineError() throws {
        let dir = try TemporaryDirectory()
        for text in ["[]", #"{"categories": 3, "tokenizers": ["a"]}"#, #"{"categories": "c", "tokenizers": []}"#,
                     #"{"categories": "c", "tokenizers": [{"path": "a", "merges": "many"}]}"#, "not json",
                     #"{"categories": "c", "tokenizers": [{"path": "a", "merges": 3000.5}]}"#] {
            let path = try dir.write("m.json", text)
            XCTAssertThrowsError(try BatchManifest.load(path), text) {
                XCTAssertTrue($0 is ManifestError, "\($0)")
                XCTAssertTrue("\($0)".hasPrefix(path + ": "), "\($0)")
                XCTAssertFalse("\($0)".contains("\n"))
            }
        }
    }

    func testYAMLManifestDecodesToTheSameValueAsTheJSONOne() throws {
        let dir = try TemporaryDirectory()
        let json = try dir.write("batch/m.json", """
            {"category_sets": {"langs": "corpora/langs", "code": "/abs/code"}, "categories": "cats",
             "tokenizers": ["tok/a.json", {"name": "b", "path": "tok/b.tiktoken", "merges": 500,
                                           "start_merge": 100, "pretokenizer": "cl100k"}],
             "merges": 1000, "sample_bytes": 20000}
            """)
        let yaml = try dir.write("batch/m.yaml", """
            # the same manifest in YAML
            category_sets:
              langs: corpora/langs
              code: /abs/code
            categories: cats
            tokenizers:
              - tok/a.json
              - {name: b, path: tok/b.tiktoken, merges: 500, start_merge: 100, pretokenizer: cl100k}
            merges: 1000
            sample_bytes: 20000
            """)
        let fromJSON = try BatchManifest.load(json)
        XCTAssertEqual(try BatchManifest.load(yaml), fromJSON)
        XCTAssertEqual(fromJSON.categorySets.map(\.name), ["default", "code", "langs"])
        XCTAssertEqual(fromJSON.categorySets.map(\.directory),
                       [dir.file("batch/cats"), "/abs/code", dir.file("batch/corpora/langs")])
        XCTAssertEqual(fromJSON.tokenizers.map(\.name), ["a", "b"])
        XCTAssertEqual(fromJSON.tokenizers[1], BatchManifest.Entry(name: "b", path: dir.file("batch/tok/b.tiktoken"),
                                                                   settings: RequestSettings([.merges: .int(500), .startMerge: .int(100),
                                                                                              .pretokenizer: .string("cl100k")])))
        let requests = try fromJSON.tokenizers.map { try fromJSON.request($0, set: fromJSON.categorySets[0]) }
        XCTAssertEqual(requests.map(\.merges), [1000, 500])
        XCTAssertEqual(requests.map(\.sampleBytes), [20000, 20000])
        XCTAssertEqual(requests.map(\.window), [.fromStart, .from(100)])
        // Other names: the content decides (JSON starts with { or [).
        let sniffedYAML = try dir.write("batch/manifest", String(contentsOfFile: yaml, encoding: .utf8))
        let sniffedJSON = try dir.write("batch/manifest.txt", String(contentsOfFile: json, encoding: .utf8))
        XCTAssertEqual(try BatchManifest.load(sniffedYAML), fromJSON)
        XCTAssertEqual(try BatchManifest.load(sniffedJSON), fromJSON)
        let defaults = try BatchManifest.load(dir.write("d.yml", "categories: c\ntokenizers: [t.json]\n"))
        let plain = try defaults.request(defaults.tokenizers[0], set: defaults.categorySets[0])
        XCTAssertEqual([plain.merges, plain.sampleBytes], [InferenceDefaults.merges, InferenceDefaults.sampleBytes])
    }

    func testYAMLManifestWithWrongTypesOrBadSyntaxIsAOneLineErrorNamingTheFile() throws {
        let dir = try TemporaryDirectory()
        let cases: [(String, String)] = [
            ("categories: c\ntokenizers:\n  - path: a\n    merges: many\n", "tokenizers[0].merges must be a whole number"),
            ("categories: [c]\ntokenizers: [a]\n", "categories must be a single value"),
            ("categories: c\ntokenizers: {a: b}\n", "tokenizers must be a list"),
            ("categories: c\ntokenizers: [[a]]\n", "tokenizers[0] must be a path or a mapping"),
            ("categories: c\ntokenizers: [{name: x}]\n", "tokenizers[0].path is missing"),
            ("categories: c\n", "tokenizers is missing"),
            ("tokenizers: [a]\n", "no \"categories\" or \"category_sets\""),
            ("categories: c\ncategory_sets: {default: d}\ntokenizers: [a]\n", "used twice"),
            ("categories: c\ntokenizers: [a, a]\n", "used twice"),
            ("categories: c\nsample_bytes: 1.5\ntokenizers: [a]\n", "sample_bytes must be a whole number"),
            ("- just\n- a list\n", "the manifest must be a mapping"),
            ("", "the manifest must be a mapping"),
            ("categories: c\n  tokenizers: - a\n", "not valid YAML"),
            ("categories: \"c\ntokenizers: [a]\n", "not valid YAML"),
            ("categories: c\ncategories: d\ntokenizers: [a]\n", "given twice"),
            ("categories: c\ntokenizers: [*nowhere]\n", "not valid YAML"),
            ("categories: c\ntokenizers: " + String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000),
             "not valid YAML"),
            (YAMLBomb.text(top: "tokenizers"), "once its aliases (*name) are followed"),
        ]
        for (text, reason) in cases {
            let path = try dir.write("m.yaml", text)
            XCTAssertThrowsError(try BatchManifest.load(path), text) {
                XCTAssertTrue($0 is ManifestError, "\($0)")
                XCTAssertTrue("\($0)".hasPrefix(path + ": "), "\($0)")
                XCTAssertTrue("\($0)".contains(reason), "\($0) should say \(reason)")
                XCTAssertFalse("\($0)".contains("\n"), "\($0)")
            }
        }
        let notUTF8 = try dir.write("bad.yaml", bytes: Array("categories: c\ntokenizers: [".utf8) + [0xFF, 0xFE, 0x5D])
        XCTAssertThrowsError(try BatchManifest.load(notUTF8)) { XCTAssertTrue("\($0)".contains("not UTF-8"), "\($0)") }
        XCTAssertThrowsError(try BatchManifest.load(dir.file("missing.yaml"))) {
            XCTAssertEqual($0 as? ManifestError, .unreadable(path: dir.file("missing.yaml")))
        }
    }

    /// The shipped examples say the same thing in both notations, and every path in them exists.
    func testSampleManifestsInJSONAndYAMLAreTheSame() throws {
        let json = try BatchManifest.load(Repo.path("Samples/batch.json"))
        XCTAssertEqual(try BatchManifest.load(Repo.path("Samples/batch.yaml")), json)
        for path in json.categorySets.map(\.directory) + json.tokenizers.map(\.path) {
            XCTAssertTrue(FileManager.default.fileExists(atPath: path), path)
        }
    }

    func testBatchProgressGivesTheETAFromTheMeanTimeOfComputedPairs() {
        let meter = BatchProgress(total: 4)
        var events: [ProgressEvent] = []
        meter.record(skipped: true, elapsed: 0.1) { events.append($0) }
        meter.record(skipped: false, elapsed: 10) { events.append($0) }
        meter.record(skipped: false, elapsed: 20) { events.append($0) }
        meter.record(skipped: false, elapsed: 31) { events.append($0) }
        XCTAssertEqual(events.map(\.description), ["done (1 of 4 pairs done)", "done (2 of 4 pairs done, ETA 20s)",
                                                   "done (3 of 4 pairs done, ETA 10s)", "done (4 of 4 pairs done)"])
        XCTAssertEqual(events.map(\.remaining), [nil, 20, 10, 0])
        XCTAssertEqual(events.map(\.finished), [false, false, false, true])
        XCTAssertEqual(events.map(\.phase), Array(repeating: .batch, count: 4))
        var named = events[1]
        named.pair = .init(index: 2, total: 4, name: "claude × default")
        named.status = "ok"
        XCTAssertEqual(named.description, "claude × default: ok (2 of 4 pairs done, ETA 20s)")
    }

    func testUnknownManifestKeysAreOneLineErrorsNamingTheClosestKnownKey() throws {
        let dir = try TemporaryDirectory()
        let top = try dir.write("m.yaml", "categories: c\nsample-bytes: 100\ntokenizers: [a]\n")
        XCTAssertThrowsError(try BatchManifest.load(top)) {
            XCTAssertTrue("\($0)".hasPrefix(top + ": "), "\($0)")
            XCTAssertTrue("\($0)".contains("unknown key \"sample-bytes\" (did you mean \"sample_bytes\"?)"), "\($0)")
            XCTAssertFalse("\($0)".contains("\n"))
        }
        let entry = try dir.write("e.json", #"{"categories": "c", "tokenizers": [{"path": "a", "marges": 10}]}"#)
        XCTAssertThrowsError(try BatchManifest.load(entry)) {
            XCTAssertTrue("\($0)".contains("unknown key \"marges\" in tokenizers[0] (did you mean \"merges\"?)"), "\($0)")
        }
    }

    func testAManifestEntryCanSayEverythingInferCanIncludingExtensionOnly() throws {
        let dir = try TemporaryDirectory()
        let path = try dir.write("m.yaml", """
            categories: cats
            intervals: true
            tokenizers:
              - {path: llama3.tiktoken, extension_only: true, strict: true}
              - {path: ext.json, extension_only: true, base: base.json, normalize: pairs, min_merge_count: 3}
              - {path: plain.json, start_merge: 7, baselines: true, gap: 0.01, interval_unit: file}
            """)
        let manifest = try BatchManifest.load(path)
        let set = manifest.categorySets[0]
        let requests = try manifest.tokenizers.map { try manifest.request($0, set: set) }
        XCTAssertEqual(requests.map(\.window), [.afterKnownBase, .afterBase(dir.file("base.json")), .from(7)])
        XCTAssertEqual(requests.map(\.intervals), [true, true, true])
        XCTAssertEqual(requests.map(\.strict), [true, false, false])
        XCTAssertEqual(requests[1].solver.normalization, .pairs)
        XCTAssertEqual(requests[1].solver.minMergeCount, 3)
        XCTAssertEqual(requests.map(\.baselines), [false, false, true])
        XCTAssertEqual(requests[2].solver.gapTolerance, 0.01)
        XCTAssertEqual(requests.map(\.intervalUnit), [.document, .document, .file])
        let both = try dir.write("bad.yaml", "categories: c\ntokenizers: [{path: a, start_merge: 3, extension_only: true}]\n")
        XCTAssertThrowsError(try BatchManifest.load(both)) { XCTAssertTrue("\($0)".contains("\"start_merge\""), "\($0)") }
    }
}
