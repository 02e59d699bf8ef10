/// The BPE merge loop shared by the encoders and by the readers that recover merges from token ranks
/// (tiktoken, SentencePiece): repeatedly merge the lowest-ranked adjacent pair, leftmost first.
enum BPEMerge {
    /// Applies lowest-rank-first, leftmost-first merging to `symbols` in place; `pair` gives a pair's rank and result.
    static func lowestRankFirst(_ symbols: inout [UInt32], pair: (UInt32, UInt32) -> (rank: Int, result: UInt32)?) {
        var count = symbols.count
        guard count > 1 else { return }
        var rankOf = [Int](repeating: Int.max, count: count - 1)
        var resultOf = [UInt32](repeating: 0, count: count - 1)
        for position in 0..<count - 1 {
            if let found = pair(symbols[position], symbols[position + 1]) {
                rankOf[position] = found.rank
                resultOf[position] = found.result
            }
        }
        while count > 1 {
            var bestPosition = -1, bestRank = Int.max
            var position = 0
            while position < count - 1 {
                if rankOf[position] < bestRank {
                    bestRank = rankOf[position]
                    bestPosition = position
                }
                position += 1
            }
            guard bestPosition >= 0 else { break }
            symbols[bestPosition] = resultOf[bestPosition]
            // Remove symbol bestPosition + 1; pairs after the merged one move left by one.
            var index = bestPosition + 1
            while index < count - 1 {
                symbols[index] = symbols[index + 1]
                index += 1
            }
            index = bestPosition + 1
            while index < count - 2 {
                rankOf[index] = rankOf[index + 1]
                resultOf[index] = resultOf[index + 1]
                index += 1
            }
            count -= 1
            if bestPosition < count - 1 {
                if let found = pair(symbols[bestPosition], symbols[bestPosition + 1]) {
                    rankOf[bestPosition] = found.rank
                    resultOf[bestPosition] = found.result
                } else {
                    rankOf[bestPosition] = Int.max
                }
            }
            if bestPosition > 0 {
                if let found = pair(symbols[bestPosition - 1], symbols[bestPosition]) {
                    rankOf[bestPosition - 1] = found.rank
                    resultOf[bestPosition - 1] = found.result
                } else {
                    rankOf[bestPosition - 1] = Int.max
                }
            }
        }
        symbols.removeLast(symbols.count - count)
    }
}
