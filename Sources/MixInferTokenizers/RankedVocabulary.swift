import Foundation
import MixInferSupport

/// A vocabulary given as tokens with ranks and no merges (tiktoken, Tekken): internal id = position in rank
/// order; the merge that makes each token is recovered by running BPE on its bytes with lower ranks only.
struct RankedVocabulary {
    var tokenBytes: [[UInt8]] = []
    var ranks: [Int] = []
    var merges: [MergeRule] = []
    var byteIds: [UInt32] = []
    /// Tokens that BPE over lower ranks does not bring down to two parts.
    var unreachable: [UInt32] = []

    /// `tokens` need not be sorted; ranks and byte strings must be distinct, and all 256 single bytes present.
    init(tokens: [(bytes: [UInt8], rank: Int)], path: String) throws {
        let sorted = tokens.sorted { $0.rank < $1.rank }
        var index: [[UInt8]: UInt32] = [:]
        index.reserveCapacity(sorted.count)
        tokenBytes.reserveCapacity(sorted.count)
        ranks.reserveCapacity(sorted.count)
        for (position, token) in sorted.enumerated() {
            if position > 0 && sorted[position - 1].rank == token.rank {
                throw TokenizerError.malformed(path: path, reason: "rank \(token.rank) occurs twice")
            }
            guard !token.bytes.isEmpty else {
                throw TokenizerError.malformed(path: path, reason: "rank \(token.rank) has an empty token")
            }
            if index[token.bytes] != nil {
                throw TokenizerError.malformed(path: path, reason: "rank \(token.rank) repeats the bytes of an earlier token")
            }
            index[token.bytes] = UInt32(position)
            tokenBytes.append(token.bytes)
            ranks.append(token.rank)
        }
        byteIds = []
        for byte in 0..<256 {
            guard let id = index[[UInt8(byte)]] else {
                throw TokenizerError.malformed(
                    path: path, reason: "single byte 0x\(String(byte, radix: 16, uppercase: true)) has no rank (byte-level BPE needs all 256)")
            }
            byteIds.append(id)
        }
        let tokenBytes = self.tokenBytes
        var concatenation = ConcatenationLookup(tokenBytes: tokenBytes, index: index)
        var symbols: [UInt32] = []
        for (position, bytes) in tokenBytes.enumerated() where bytes.count > 1 {
            symbols.removeAll(keepingCapacity: true)
            for byte in bytes { symbols.append(byteIds[Int(byte)]) }
            let limit = Int32(position)
            BPEMerge.lowestRankFirst(&symbols) { left, right in
                let found = concatenation.id(left, right)
                return found >= 0 && found < limit ? (Int(found), UInt32(found)) : nil
            }
            if symbols.count == 2 {
                merges.append(MergeRule(left: symbols[0], right: symbols[1], result: UInt32(position)))
            } else {
                unreachable.append(UInt32(position))
            }
        }
    }

    /// Internal id → rank, as `MergeSelection.tokenRanks` wants it.
    var selection: MergeSelection { .tokenRanks(rank: ranks, wholePieceFirst: true) }
}
