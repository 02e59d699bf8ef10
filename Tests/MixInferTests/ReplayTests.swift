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

final class ReplayTests: XCTestCase {
    /// A byte-level model over the given merges (pairs of byte strings).
    func model(_ pairs: [([UInt8], [UInt8])]) -> TokenizerModel {
        var interner = TokenInterner.byteLevel()
        let rules = pairs.map { left, right in
            MergeRule(left: interner.id(left), right: interner.id(right), result: interner.id(left + right))
        }
        return TokenizerModel(tokenBytes: interner.tokenBytes, externalIds: Array(0..<interner.tokenBytes.count),
                              merges: rules, initialSymbols: .bytes(byteIds: (0..<256).map { UInt32($0) }),
                              normalizer: .none, pretokenizer: .none, format: .mixinferTrained,
                              vocabularySize: interner.tokenBytes.count)
    }

    /// Random merges that are consistent (each part is a byte or an earlier result), over a small alphabet.
    func randomModel(_ generator: inout SeededGenerator, alphabet: [UInt8], count: Int) -> TokenizerModel {
        var tokens = alphabet.map { [$0] }
        var pairs: [([UInt8], [UInt8])] = []
        var seen = Set<[UInt8]>()
        while pairs.count < count {
            let left = tokens.randomElement(using: &generator)!, right = tokens.randomElement(using: &generator)!
            guard seen.insert(left + [0xFF] + right).inserted else { continue }
            pairs.append((left, right))
            if !tokens.contains(left + right) { tokens.append(left + right) }
        }
        return model(pairs)
    }

    func randomWords(_ generator: inout SeededGenerator, alphabet: [UInt8], count: Int) -> WordCounts {
        let words = (0..<count).map { _ in
            ((0..<Int.random(in: 1...12, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! },
             Int64.random(in: 1...5, using: &generator))
        }
        return WordCounts(words: words, bytes: 1000)
    }

    func recount(_ table: WordTable) -> [UInt64: Int64] {
        var counts: [UInt64: Int64] = [:]
        for index in 0..<table.wordCount {
            let word = Array(table.word(index))
            guard word.count > 1 else { continue }
            for position in 0..<word.count - 1 {
                counts[WordTable.key(word[position], word[position + 1]), default: 0] += table.counts[index]
            }
        }
        return counts
    }

    func testReplayedWordsEqualReferenceEncoderOnRandomMergeLists() {
        var generator = SeededGenerator(seed: 7)
        let alphabet: [UInt8] = Array("abcd".utf8)
        for _ in 0..<40 {
            let model = randomModel(&generator, alphabet: alphabet, count: 30)
            let words = randomWords(&generator, alphabet: alphabet, count: 60)
            var table = WordTable(words: words, model: model)
            var changes: [UInt64: Int64] = [:]
            for rule in model.merges { table.apply(rule, changes: &changes) }
            let encoder = ReferenceEncoder(model: model)
            for index in 0..<words.count {
                XCTAssertEqual(Array(table.word(index)), encoder.encodeWord(words.word(index)))
            }
        }
    }

    func testPairCountsAfterEveryStepEqualFromScratchRecount() {
        var generator = SeededGenerator(seed: 11)
        let alphabet: [UInt8] = Array("abc".utf8)
        for _ in 0..<30 {
            let model = randomModel(&generator, alphabet: alphabet, count: 25)
            let words = randomWords(&generator, alphabet: alphabet, count: 50)
            var table = WordTable(words: words, model: model)
            let transcript = Replayer.replay(words, model: model, steps: model.merges.count)
            var changes: [UInt64: Int64] = [:]
            for (step, rule) in model.merges.enumerated() {
                XCTAssertEqual(transcript.mergeCounts[step], recount(table)[rule.pairKey] ?? 0)
                table.apply(rule, changes: &changes)
                let truth = recount(table)
                XCTAssertEqual(table.pairCounts, truth, "step \(step)")
                XCTAssertEqual(transcript.counts(afterSteps: step + 1), truth, "transcript after step \(step)")
                XCTAssertNil(table.pairCounts[rule.pairKey], "merged pair must have count 0 after its step")
            }
        }
    }

    func testOverlappingPairsAreCountedAtEveryPositionAndMergedLeftToRight() {
        let a = UInt8(ascii: "a")
        let model = model([([a], [a])])
        let words = WordCounts(words: [([a, a, a], 2)], bytes: 3)
        let transcript = Replayer.replay(words, model: model, steps: 1)
        XCTAssertEqual(transcript.initialCounts, [4], "\"aaa\" holds (a,a) twice, times count 2")
        var table = WordTable(words: words, model: model)
        var changes: [UInt64: Int64] = [:]
        table.apply(model.merges[0], changes: &changes)
        XCTAssertEqual(Array(table.word(0)), [model.merges[0].result, UInt32(a)])
    }

    func testMergeWhosePairNeverOccursChangesNothing() {
        let model = model([(Array("x".utf8), Array("y".utf8)), (Array("a".utf8), Array("b".utf8))])
        let words = WordCounts(words: [(Array("abab".utf8), 1)], bytes: 4)
        let transcript = Replayer.replay(words, model: model, steps: 2)
        XCTAssertEqual(transcript.mergeCounts, [0, 2])
        XCTAssertTrue(transcript.changes(at: 0).isEmpty)
    }
}
