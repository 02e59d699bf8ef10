import Foundation
import XCTest
@testable import MixInferSupport
@testable import MixInferCorpus
@testable import MixInferSolve
@testable import MixInferInference
@testable import MixInfer

/// The presence decision on real text: the HF fixture's tokenizer (trained on en, de, python and fr) offered the
/// Samples' other six categories as well, which it never saw.
final class PresenceTests: XCTestCase {
    static let present = ["de", "en", "fr", "python"]
    static let absent = ["c", "es", "ja", "pl", "ru", "shell"]

    /// The plain LP and the presence decision over the same ten candidates (300 merges), run once.
    private static let runs = Result<(plain: MixtureEstimate, decided: MixtureEstimate), Error> {
        let model = try TokenizerModel.load(Repo.hfFixture + "/tokenizer.json")
        let (_, infer) = try sampleHalves(present + absent)
        let plain = try MixInferTests.infer(model, infer, merges: 300) { $0.presence = false }
        let decided = try MixInferTests.infer(model, infer, merges: 300) {
            $0.presence = true
            $0.groups = ["code": ["python", "c", "shell"]]
        }
        return (plain, decided)
    }

    private func truth() throws -> [String: Double] {
        let data = try Data(contentsOf: URL(fileURLWithPath: Repo.hfFixture + "/truth.json"))
        return try XCTUnwrap((JSONSerialization.jsonObject(with: data) as? [String: Any])?["true_shares"] as? [String: Double])
    }

    func testCategoriesTheTokenizerNeverSawAreNotDetectedAndTheirShareGoesBack() throws {
        let (plain, decided) = try Self.runs.get()
        let plainAbsent = Self.absent.compactMap { plain.share(of: $0) }.reduce(0, +)
        XCTAssertGreaterThan(plainAbsent, 0.01, "the paper's LP pays the absent candidates (the test needs it to)")
        for name in Self.present {
            XCTAssertEqual(decided.categories.first { $0.name == name }?.detected, true, name)
        }
        let decidedAbsent = Self.absent.compactMap { decided.share(of: $0) }.reduce(0, +)
        XCTAssertLessThan(decidedAbsent, plainAbsent / 4, "\(decided.categories.map { ($0.name, $0.share) })")
        XCTAssertEqual(decided.shares.reduce(0, +), 1, accuracy: 1e-9)
        let truth = try truth()
        func presentMSE(_ estimate: MixtureEstimate) -> Double {
            Self.present.map { pow(estimate.share(of: $0)! - truth[$0]!, 2) }.reduce(0, +) / Double(Self.present.count)
        }
        XCTAssertLessThan(presentMSE(decided), presentMSE(plain))
        for category in decided.categories where !category.detected {
            XCTAssertEqual(category.share, 0)
            XCTAssertEqual(category.upper, plain.share(of: category.name), "the bound is the share the LP gave it")
        }
        // The categories left out together cost at most maximumTotalCost of the full LP's optimum (both solves are
        // exact here, so the refit's objective is the optimum without them).
        XCTAssertLessThanOrEqual(decided.solution.objective,
                                 plain.solution.objective * (1 + PresenceDecision.maximumTotalCost) * (1 + 1e-9))
        XCTAssertGreaterThanOrEqual(decided.solution.objective, plain.solution.objective * (1 - 1e-9))
    }

    func testATestThatReachesItsRoundLimitKeepsTheCategoryAndSaysSo() throws {
        let model = try TokenizerModel.load(Repo.hfFixture + "/tokenizer.json")
        let (_, infer) = try sampleHalves(Self.present + Self.absent)
        // One round: only a test that its first solve settles is decided; the others stop undecided.
        let limited = try MixInferTests.infer(model, infer, merges: 300) {
            $0.presence = true
            $0.presenceTestRounds = 1
        }
        XCTAssertFalse(limited.presenceUndecided.isEmpty, "the limit of one round should leave some test undecided")
        for name in limited.presenceUndecided {
            XCTAssertEqual(limited.categories.first { $0.name == name }?.detected, true, "\(name) is kept, not dropped")
        }
        let warning = try XCTUnwrap(limited.warnings.first { $0.code == .presenceUndecided })
        for name in limited.presenceUndecided { XCTAssertTrue(warning.message.contains(name), warning.message) }
        // Without the limit every test is settled, and the run gives no such warning.
        let (_, decided) = try Self.runs.get()
        XCTAssertTrue(decided.presenceUndecided.isEmpty)
        XCTAssertFalse(decided.warnings.contains { $0.code == .presenceUndecided })
    }

    func testProvedBoundsLieAboveThePaperLPsShareAndTheLPHoldingACategoryAtItsBoundFitsWorseThanTheTolerance() throws {
        let (plain, decided) = try Self.runs.get()
        let model = try TokenizerModel.load(Repo.hfFixture + "/tokenizer.json")
        let (_, infer) = try sampleHalves(Self.present + Self.absent)
        var request = InferenceRequest(tokenizer: .model(model, name: "test"), categories: .categories(infer))
        request.merges = 300
        request.proveBounds = true
        let proved = try Inference.run(request)
        XCTAssertTrue(proved.boundsProved)
        XCTAssertFalse(decided.boundsProved)
        XCTAssertEqual(proved.categories.map(\.detected), decided.categories.map(\.detected), "the same decision")
        let notDetected = proved.categories.indices.filter { !proved.categories[$0].detected }
        XCTAssertFalse(notDetected.isEmpty)
        let prepared = try Inference.prepare(request, model: model)
        for index in notDetected {
            let category = proved.categories[index]
            let bound = try XCTUnwrap(category.upper)
            // Without the proof the bound is the paper's LP's share; a proved one is never below it.
            XCTAssertEqual(try XCTUnwrap(decided.categories[index].upper), try XCTUnwrap(plain.share(of: category.name)), accuracy: 1e-12)
            XCTAssertGreaterThanOrEqual(bound, try XCTUnwrap(plain.share(of: category.name)) - 1e-9, category.name)
            guard bound < 1 else { continue }
            // Held at its bound, with the detected categories offered, the LP needs more slack than the tolerance.
            var check = request
            check.presence = false
            check.solver.excludedCategories = Set(notDetected).subtracting([index])
            check.solver.shareFloor = .init(category: index, alpha: bound)
            let held = try Inference.estimate(prepared.model, names: prepared.names, words: prepared.words, request: check)
            XCTAssertGreaterThanOrEqual(held.solution.objective,
                                        proved.solution.objective * (1 + PresenceDecision.minimumRemovalCost) * (1 - 1e-6),
                                        category.name)
        }
        let json = Report.json(proved, tokenizer: "test")
        XCTAssertTrue(json.contains("\"upper_proved\": true"), json)
    }

    func testGroupTotalsAreTheSumsOfTheirCategoriesInEveryOutput() throws {
        let (_, decided) = try Self.runs.get()
        let code = try XCTUnwrap(decided.groups.first { $0.name == "code" })
        let sum = ["python", "c", "shell"].compactMap { decided.share(of: $0) }.reduce(0, +)
        XCTAssertEqual(code.share, sum, accuracy: 1e-12)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(Report.json(decided, tokenizer: "t").utf8)) as? [String: Any])
        XCTAssertEqual(((json["groups"] as? [String: Any])?["code"] as? [String: Any])?["share"] as? Double ?? -1, sum, accuracy: 1e-9)
        XCTAssertEqual(json["presence"] as? Bool, true)
        // Pair units: each share weighted by its sample's initial pairs per byte, renormalised.
        let pairShares = try XCTUnwrap(json["pair_shares"] as? [String: Double])
        XCTAssertEqual(pairShares.values.reduce(0, +), 1, accuracy: 1e-9)
        let (en, de) = (try XCTUnwrap(decided.categories.firstIndex { $0.name == "en" }), try XCTUnwrap(decided.categories.firstIndex { $0.name == "de" }))
        XCTAssertEqual(pairShares["en"]! / pairShares["de"]!,
                       decided.shares[en] * decided.pairsPerByte[en] / (decided.shares[de] * decided.pairsPerByte[de]), accuracy: 1e-6)
        XCTAssertNotEqual(decided.pairsPerByte[en], decided.pairsPerByte[de], "the units differ for these samples")
        let detected = try XCTUnwrap(json["detected"] as? [String: Bool])
        XCTAssertEqual(Set(detected.filter { !$0.value }.keys), Set(decided.categories.filter { !$0.detected }.map(\.name)))
        let csv = Report.csv(decided)
        XCTAssertTrue(csv.contains("\ngroup:code,"), csv)
        XCTAssertTrue(csv.hasPrefix("category,share,detected,upper\n") || csv.contains("\ncategory,share,detected,upper\n"), csv)
        let table = Report.table(decided, tokenizer: "t")
        XCTAssertTrue(table.contains("\ngroup ") && table.contains("\ncode "), table)
        if decided.categories.contains(where: { !$0.detected }) { XCTAssertTrue(table.contains("not detected ("), table) }
    }

    func testADuplicateCategoryIsConfusableNotLostWithItsTwin() throws {
        // "de" offered twice, the second a copy of the first's text: the LP cannot tell them apart. Testing one
        // at a time would leave both out (each costs nothing while the other is there); the decision keeps both
        // and names them confusable, with their sum.
        let model = try TokenizerModel.load(Repo.hfFixture + "/tokenizer.json")
        let (_, infer) = try sampleHalves(["de", "en", "python"])
        let twin = Category(name: "de-copy", files: infer[0].files)
        let estimate = try MixInferTests.infer(model, infer + [twin], merges: 200) { $0.presence = true }
        XCTAssertEqual(estimate.confusable, [["de", "de-copy"]])
        XCTAssertTrue(estimate.categories.allSatisfy(\.detected))
        let sum = (estimate.share(of: "de") ?? 0) + (estimate.share(of: "de-copy") ?? 0)
        let alone = try MixInferTests.infer(model, infer, merges: 200) { $0.presence = true }
        XCTAssertEqual(sum, alone.share(of: "de") ?? 0, accuracy: 0.01)
        XCTAssertTrue(estimate.warnings.contains { $0.code == .confusable }, "\(estimate.warnings)")
        XCTAssertTrue(Report.table(estimate, tokenizer: "t").contains("de + de-copy"), Report.table(estimate, tokenizer: "t"))
    }

    func testTwoConfusablePairsTestedSideBySideAreBothFound() throws {
        // Two twins: each pair's swap test runs beside the other's, each on its own copy of the kept LP.
        let model = try TokenizerModel.load(Repo.hfFixture + "/tokenizer.json")
        let (_, infer) = try sampleHalves(["de", "en", "python"])
        let twins = [Category(name: "de-copy", files: infer[0].files), Category(name: "python-copy", files: infer[2].files)]
        let estimate = try MixInferTests.infer(model, infer + twins, merges: 200) { $0.presence = true }
        XCTAssertEqual(Set(estimate.confusable), [["de", "de-copy"], ["python", "python-copy"]])
        XCTAssertTrue(estimate.categories.allSatisfy(\.detected))
        let alone = try MixInferTests.infer(model, infer, merges: 200) { $0.presence = true }
        for name in ["de", "python"] {
            let sum = (estimate.share(of: name) ?? 0) + (estimate.share(of: name + "-copy") ?? 0)
            XCTAssertEqual(sum, alone.share(of: name) ?? 0, accuracy: 0.01, name)
        }
    }
}
