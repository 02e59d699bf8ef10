/// A plain BPE encoder, deliberately simple and slow: repeatedly merge the lowest-ranked adjacent pair,
/// leftmost first. It is the yardstick the replay is tested against, and serves `mixinfer encode`.
public struct ReferenceEncoder: Sendable {
    let model: TokenizerModel
    let ranks: [UInt64: (rank: Int, result: UInt32)]

    public init(model: TokenizerModel) {
        self.model = model
        var ranks: [UInt64: (Int, UInt32)] = [:]
        for (rank, rule) in model.merges.enumerated() where ranks[rule.pairKey] == nil {
            ranks[rule.pairKey] = (rank, rule.result)
        }
        self.ranks = ranks
    }

    /// Internal token ids of one pretoken.
    public func encodeWord<C: Collection>(_ word: C) -> [UInt32] where C.Element == UInt8 {
        var symbols: [UInt32] = []
        model.appendInitialSymbols(of: word, to: &symbols)
        while symbols.count > 1 {
            var best: (rank: Int, position: Int, result: UInt32)?
            for position in 0..<symbols.count - 1 {
                let key = UInt64(symbols[position]) << 32 | UInt64(symbols[position + 1])
                if let found = ranks[key], found.rank < (best?.rank ?? Int.max) {
                    best = (found.rank, position, found.result)
                }
            }
            guard let best else { break }
            symbols[best.position] = best.result
            symbols.remove(at: best.position + 1)
        }
        return symbols
    }
}
