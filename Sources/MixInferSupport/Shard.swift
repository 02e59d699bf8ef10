/// One slice of a job spread over machines (a Slurm array task), written `K/N` with 0 ≤ K < N: the items at
/// positions ≡ K (mod N). `count --shard` takes the files at those sorted positions of every category,
/// `batch --shard` the (tokenizer, category set) pairs at those positions of the manifest; the N shards are
/// disjoint and together are everything.
package struct Shard: Sendable, Equatable, CustomStringConvertible {
    /// K: which slice, from 0.
    package let index: Int
    /// N: how many slices.
    package let count: Int

    /// Everything: `0/1`.
    package static let whole = Shard(index: 0, count: 1)

    private init(index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    /// Reads `K/N`; anything else, or K outside 0..<N, is a `ShardError`.
    package init(parsing text: String) throws(ShardError) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).map { Int($0) }
        guard parts.count == 2, let index = parts[0], let count = parts[1], count > 0, (0..<count).contains(index) else {
            throw ShardError.invalid(text)
        }
        self.init(index: index, count: count)
    }

    /// Whether the item at `position` (from 0) belongs to this shard.
    package func contains(_ position: Int) -> Bool { position % count == index }

    package var description: String { "\(index)/\(count)" }
}

/// A `--shard` value that is not `K/N` with 0 ≤ K < N.
package enum ShardError: MixInferError, Equatable {
    case invalid(String)

    package var description: String {
        switch self {
        case let .invalid(text): return "--shard must be K/N with 0 ≤ K < N, got \(text)"
        }
    }
}
