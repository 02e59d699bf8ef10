import MixInferSupport
/// Counts distinct byte strings (pretokens) with an open-addressing hash table over one byte arena,
/// so counting allocates nothing per word.
package struct WordCounter: Sendable {
    private(set) var arena: [UInt8] = []
    private(set) var starts: [Int] = [0]
    private(set) var counts: [Int64] = []
    private var hashes: [UInt64] = []
    private var slots: [Int32]
    private var mask: Int

    package init(capacity: Int = 1 << 12) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [Int32](repeating: -1, count: size)
        mask = size - 1
    }

    /// Number of distinct words.
    package var count: Int { counts.count }

    @inline(__always)
    static func hash(_ word: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let h = FNV1a.hash(word)
        return h ^ (h >> 29)
    }

    /// Adds `count` occurrences of `word`.
    package mutating func add(_ word: UnsafeBufferPointer<UInt8>, count: Int64 = 1) {
        let h = Self.hash(word)
        var slot = Int(truncatingIfNeeded: h) & mask
        while true {
            let index = Int(slots[slot])
            if index < 0 { break }
            if hashes[index] == h && equals(index, word) {
                counts[index] += count
                return
            }
            slot = (slot + 1) & mask
        }
        slots[slot] = Int32(counts.count)
        hashes.append(h)
        counts.append(count)
        arena.append(contentsOf: word)
        starts.append(arena.count)
        if counts.count * 2 > slots.count { grow() }
    }

    @inline(__always)
    private func equals(_ index: Int, _ word: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = starts[index], length = starts[index + 1] - start
        guard length == word.count else { return false }
        return arena.withUnsafeBufferPointer { buffer in
            for offset in 0..<length where buffer[start + offset] != word[offset] { return false }
            return true
        }
    }

    private mutating func grow() {
        let size = slots.count * 2
        slots = [Int32](repeating: -1, count: size)
        mask = size - 1
        for (index, h) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: h) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(index)
        }
    }

    /// Adds every word of `other` (counting shards, parallel chunks).
    package mutating func merge(_ other: WordCounter) {
        add(arena: other.arena, starts: other.starts, counts: other.counts)
    }

    /// Adds every word of finished counts, `times` over.
    package mutating func add(_ words: WordCounts, times: Int64 = 1) {
        add(arena: words.arena, starts: words.starts, counts: words.counts, times: times)
    }

    private mutating func add(arena source: [UInt8], starts bounds: [Int], counts sourceCounts: [Int64], times: Int64 = 1) {
        source.withUnsafeBufferPointer { buffer in
            for index in 0..<sourceCounts.count {
                add(UnsafeBufferPointer(rebasing: buffer[bounds[index]..<bounds[index + 1]]), count: sourceCounts[index] * times)
            }
        }
    }

    /// The counted words in a canonical order (sorted by bytes), independent of insertion order.
    package func finish(bytes: Int) -> WordCounts {
        let order = (0..<count).sorted { a, b in
            arena[starts[a]..<starts[a + 1]].lexicographicallyPrecedes(arena[starts[b]..<starts[b + 1]])
        }
        var words = WordCounts(bytes: bytes)
        words.arena.reserveCapacity(arena.count)
        for index in order {
            words.arena.append(contentsOf: arena[starts[index]..<starts[index + 1]])
            words.starts.append(words.arena.count)
            words.counts.append(counts[index])
        }
        return words
    }
}

/// Distinct pretokens of one category's sample with their counts, and the sample's size in bytes.
public struct WordCounts: Sendable, Equatable {
    /// Concatenated word bytes; word `i` is `arena[starts[i]..<starts[i+1]]`.
    package var arena: [UInt8] = []
    package var starts: [Int] = [0]
    package var counts: [Int64] = []
    /// UTF-8 bytes of text the counts were taken from.
    package var bytes: Int
    /// JSON lines or Parquet rows left out of the sample: text field missing, null or not a string; not UTF-8.
    package var skippedMissingField = 0
    package var skippedInvalidUTF8 = 0

    package init(bytes: Int) { self.bytes = bytes }

    package var count: Int { counts.count }
    package var totalWords: Int64 { counts.reduce(0, +) }

    package func word(_ index: Int) -> ArraySlice<UInt8> { arena[starts[index]..<starts[index + 1]] }

    /// The sum of several samples' counts: words, bytes and skipped records added up.
    package init(summing parts: [WordCounts]) {
        var counter = WordCounter()
        parts.forEach { counter.add($0) }
        self = counter.finish(bytes: parts.map(\.bytes).reduce(0, +))
        skippedMissingField = parts.map(\.skippedMissingField).reduce(0, +)
        skippedInvalidUTF8 = parts.map(\.skippedInvalidUTF8).reduce(0, +)
    }

    /// Builds counts from explicit words (tests, small inputs).
    package init(words: [([UInt8], Int64)], bytes: Int) {
        var counter = WordCounter()
        for (word, count) in words {
            word.withUnsafeBufferPointer { counter.add($0, count: count) }
        }
        self = counter.finish(bytes: bytes)
    }
}
