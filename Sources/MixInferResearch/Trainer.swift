import MixInferTokenizers
import MixInferCorpus
import MixInferReplay
import MixInferSolve
/// A byte-level BPE trainer: repeatedly merge the most frequent adjacent pair (overlapping positions
/// counted, as HF `tokenizers` does); ties go to the pair with the smaller (left id, right id).
package enum BPETrainer {
    private struct Candidate: Comparable {
        var count: Int64
        var key: UInt64
        static func < (a: Candidate, b: Candidate) -> Bool {
            a.count != b.count ? a.count < b.count : a.key > b.key
        }
    }

    /// Learns up to `merges` merges from `words` (pretokens with counts); stops early when no pair is left.
    /// The result uses GPT-2's pretokenizer (ByteLevel with regex), no normalizer. With `base` (a tokenizer
    /// this trainer made), its merges are applied first and training continues after them, as a vocabulary
    /// is extended (Llama 3 after cl100k): the result holds the base's merges and then `merges` new ones.
    package static func train(words: WordCounts, merges: Int, continuing base: TokenizerModel? = nil) -> TokenizerModel {
        var interner = TokenInterner.byteLevel()
        let byteIds = (0..<256).map { UInt32($0) }
        let start = TokenizerModel(
            tokenBytes: interner.tokenBytes, externalIds: Array(0..<256), merges: [],
            initialSymbols: .bytes(byteIds: byteIds), normalizer: .none,
            pretokenizer: .byteLevel(addPrefixSpace: false, useRegex: true), format: .mixinferTrained,
            vocabularySize: 256)
        var table = WordTable(words: words, model: start)
        var rules: [MergeRule] = []
        var changes: [UInt64: Int64] = [:]
        if let base {
            for rule in base.merges {
                let left = base.tokenBytes[Int(rule.left)], right = base.tokenBytes[Int(rule.right)]
                let own = MergeRule(left: interner.id(left), right: interner.id(right), result: interner.id(left + right))
                rules.append(own)
                table.apply(own, changes: &changes)
            }
        }
        let wanted = rules.count + merges
        var heap = MaxHeap(table.pairCounts.map { Candidate(count: $0.value, key: $0.key) })
        while rules.count < wanted, let best = heap.pop() {
            guard let current = table.pairCounts[best.key], current == best.count else { continue }
            let left = UInt32(best.key >> 32), right = UInt32(truncatingIfNeeded: best.key)
            let result = interner.id(interner.tokenBytes[Int(left)] + interner.tokenBytes[Int(right)])
            let rule = MergeRule(left: left, right: right, result: result)
            rules.append(rule)
            table.apply(rule, changes: &changes)
            for (pair, delta) in changes where delta != 0 {
                if let count = table.pairCounts[pair] { heap.push(Candidate(count: count, key: pair)) }
            }
        }
        var model = start
        model.tokenBytes = interner.tokenBytes
        model.externalIds = Array(0..<interner.tokenBytes.count)
        model.merges = rules
        model.vocabularySize = interner.tokenBytes.count
        return model
    }
}
