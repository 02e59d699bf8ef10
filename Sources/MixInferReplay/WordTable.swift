import MixInferTokenizers
import MixInferCorpus
/// The words of one sample as token-id sequences, with pair counts and a pair → words index,
/// so applying a merge touches only the words that contain its pair (the hot loop of replay and training).
package struct WordTable: Sendable {
    var symbols: [UInt32] = []
    var starts: [Int] = []
    var lengths: [Int32] = []
    package var counts: [Int64] = []
    /// Current count of every adjacent pair (overlapping positions counted), zero counts removed.
    package private(set) var pairCounts: [UInt64: Int64] = [:]
    /// Words that contain (or once contained) each pair; stale entries are skipped on use.
    var pairWords: [UInt64: [UInt32]] = [:]
    private var visited: [UInt32] = []
    private var visit: UInt32 = 0
    private var produced: [Int] = []

    @inlinable static func key(_ left: UInt32, _ right: UInt32) -> UInt64 { UInt64(left) << 32 | UInt64(right) }

    /// Builds the table from word counts, splitting each word into the model's initial symbols.
    package init(words: WordCounts, model: TokenizerModel) {
        var scratch: [UInt32] = []
        symbols.reserveCapacity(words.arena.count)
        for index in 0..<words.count {
            scratch.removeAll(keepingCapacity: true)
            model.appendInitialSymbols(of: words.word(index), to: &scratch)
            append(scratch, count: words.counts[index])
        }
    }

    /// Builds the table from explicit symbol sequences (tests, trainer).
    package init(sequences: [([UInt32], Int64)]) {
        for (sequence, count) in sequences { append(sequence, count: count) }
    }

    private mutating func append(_ sequence: [UInt32], count: Int64) {
        let word = UInt32(counts.count)
        starts.append(symbols.count)
        lengths.append(Int32(sequence.count))
        counts.append(count)
        visited.append(0)
        symbols.append(contentsOf: sequence)
        guard sequence.count > 1 else { return }
        for position in 0..<sequence.count - 1 {
            let pair = Self.key(sequence[position], sequence[position + 1])
            pairCounts[pair, default: 0] += count
            index(pair, word)
        }
    }

    @inline(__always)
    private mutating func index(_ pair: UInt64, _ word: UInt32) {
        if pairWords[pair]?.last != word { pairWords[pair, default: []].append(word) }
    }

    package var wordCount: Int { counts.count }

    /// The current symbols of word `index`.
    package func word(_ index: Int) -> ArraySlice<UInt32> {
        symbols[starts[index]..<starts[index] + Int(lengths[index])]
    }

    /// Applies `rule` to every word (left to right, non-overlapping); `changes` receives the net change
    /// of each affected pair's count (entries may be 0). Afterwards the merged pair's count is 0.
    package mutating func apply(_ rule: MergeRule, changes: inout [UInt64: Int64]) {
        changes.removeAll(keepingCapacity: true)
        guard let words = pairWords.removeValue(forKey: rule.pairKey) else { return }
        visit &+= 1
        for word in words where visited[Int(word)] != visit {
            visited[Int(word)] = visit
            rewrite(Int(word), rule, &changes)
        }
        for (pair, delta) in changes where delta != 0 {
            let updated = pairCounts[pair, default: 0] + delta
            pairCounts[pair] = updated == 0 ? nil : updated
        }
    }

    private mutating func rewrite(_ word: Int, _ rule: MergeRule, _ changes: inout [UInt64: Int64]) {
        let start = starts[word], end = start + Int(lengths[word])
        let (a, b, z) = (rule.left, rule.right, rule.result)
        let count = counts[word]
        produced.removeAll(keepingCapacity: true)
        var read = start, write = start
        var previousOld: UInt32 = 0, havePrevious = false, previousConsumed = false
        while read < end {
            let symbol = symbols[read]
            if read + 1 < end && symbol == a && symbols[read + 1] == b {
                if havePrevious && !previousConsumed { changes[Self.key(previousOld, a), default: 0] -= count }
                changes[rule.pairKey, default: 0] -= count
                if read + 2 < end { changes[Self.key(b, symbols[read + 2]), default: 0] -= count }
                symbols[write] = z
                produced.append(write - start)
                previousOld = b
                previousConsumed = true
                read += 2
            } else {
                symbols[write] = symbol
                previousOld = symbol
                previousConsumed = false
                read += 1
            }
            havePrevious = true
            write += 1
        }
        guard !produced.isEmpty else { return }
        let length = write - start
        lengths[word] = Int32(length)
        for (k, position) in produced.enumerated() {
            if position > 0 {
                let pair = Self.key(symbols[start + position - 1], z)
                changes[pair, default: 0] += count
                index(pair, UInt32(word))
            }
            let nextIsProduced = k + 1 < produced.count && produced[k + 1] == position + 1
            if position + 1 < length && !nextIsProduced {
                let pair = Self.key(z, symbols[start + position + 1])
                changes[pair, default: 0] += count
                index(pair, UInt32(word))
            }
        }
    }
}
