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
    /// The result uses GPT-2's pretokenizer (ByteLevel with regex), no normalizer.
    package static func train(words: WordCounts, merges: Int) -> TokenizerModel {
        var interner = TokenInterner.byteLevel()
        let byteIds = (0..<256).map { UInt32($0) }
        let base = TokenizerModel(
            tokenBytes: interner.tokenBytes, externalIds: Array(0..<256), merges: [],
            initialSymbols: .bytes(byteIds: byteIds), normalizer: .none,
            pretokenizer: .byteLevel(addPrefixSpace: false, useRegex: true), format: .mixinferTrained,
            vocabularySize: 256)
        var table = WordTable(words: words, model: base)
        var heap = MaxHeap(table.pairCounts.map { Candidate(count: $0.value, key: $0.key) })
        var rules: [MergeRule] = []
        var changes: [UInt64: Int64] = [:]
        while rules.count < merges, let best = heap.pop() {
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
        var model = base
        model.tokenBytes = interner.tokenBytes
        model.externalIds = Array(0..<interner.tokenBytes.count)
        model.merges = rules
        model.vocabularySize = interner.tokenBytes.count
        return model
    }
}
