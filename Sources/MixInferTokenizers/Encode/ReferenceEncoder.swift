import Foundation

/// A plain BPE encoder: repeatedly merge the lowest-ranked adjacent pair, leftmost first. It is the yardstick
/// the replay is tested against, and serves `mixinfer encode` and the encode-parity tests.
///
/// With `MergeSelection.mergeList` a pair's rank is the index of its rule in `model.merges` (HF, GPT-2);
/// with `.tokenRanks` it is the rank of the token the two symbols concatenate to (tiktoken, SentencePiece).
package struct ReferenceEncoder: Sendable {
    let model: TokenizerModel
    let ranks: [UInt64: (rank: Int, result: UInt32)]
    /// Token bytes → (rank, internal id), for `.tokenRanks` and whole-piece lookup.
    let tokens: [[UInt8]: (rank: Int, id: UInt32)]
    let wholePieceFirst: Bool
    let byConcatenation: Bool

    package init(model: TokenizerModel) {
        self.model = model
        var ranks: [UInt64: (Int, UInt32)] = [:]
        var tokens: [[UInt8]: (Int, UInt32)] = [:]
        switch model.mergeSelection {
        case .mergeList, .mergeListWholePieceFirst:
            for (rank, rule) in model.merges.enumerated() where ranks[rule.pairKey] == nil {
                ranks[rule.pairKey] = (rank, rule.result)
            }
            wholePieceFirst = model.mergeSelection == .mergeListWholePieceFirst
            if wholePieceFirst {
                for (id, bytes) in model.tokenBytes.enumerated() where id < model.externalIds.count && model.externalIds[id] >= 0 {
                    tokens[bytes] = (0, UInt32(id))
                }
            }
            byConcatenation = false
        case let .tokenRanks(rank, wholePieceFirst):
            tokens.reserveCapacity(model.tokenBytes.count)
            for (id, bytes) in model.tokenBytes.enumerated() where id < rank.count && rank[id] >= 0 {
                tokens[bytes] = (rank[id], UInt32(id))
            }
            self.wholePieceFirst = wholePieceFirst
            byConcatenation = true
        }
        self.ranks = ranks
        self.tokens = tokens
    }

    /// Rank and result of merging `left` with `right`, or nil.
    @inline(__always)
    func pair(_ left: UInt32, _ right: UInt32) -> (rank: Int, result: UInt32)? {
        if !byConcatenation {
            return ranks[UInt64(left) << 32 | UInt64(right)]
        }
        guard let found = tokens[model.tokenBytes[Int(left)] + model.tokenBytes[Int(right)]] else { return nil }
        return (found.rank, found.id)
    }

    /// Internal token ids of one pretoken.
    package func encodeWord<C: Collection>(_ word: C) -> [UInt32] where C.Element == UInt8 {
        if wholePieceFirst, let whole = tokens[Array(word)] { return [whole.id] }
        var symbols: [UInt32] = []
        model.appendInitialSymbols(of: word, to: &symbols)
        BPEMerge.lowestRankFirst(&symbols) { pair($0, $1) }
        return symbols
    }
}
