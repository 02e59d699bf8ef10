import Foundation

/// A plain BPE encoder: repeatedly merge the lowest-ranked adjacent pair, leftmost first. It is the yardstick
/// the replay is tested against, and serves `mixinfer encode` and the encode-parity tests.
///
/// With `MergeSelection.mergeList` a pair's rank is the index of its rule in `model.merges` (HF, GPT-2);
/// with `.tokenRanks` it is the rank of the token the two symbols concatenate to (tiktoken, SentencePiece).
public struct ReferenceEncoder: Sendable {
    let model: TokenizerModel
    let ranks: [UInt64: (rank: Int, result: UInt32)]
    /// Token bytes → (rank, internal id), for `.tokenRanks` and whole-piece lookup.
    let tokens: [[UInt8]: (rank: Int, id: UInt32)]
    let wholePieceFirst: Bool
    let byConcatenation: Bool

    public init(model: TokenizerModel) {
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
    public func encodeWord<C: Collection>(_ word: C) -> [UInt32] where C.Element == UInt8 {
        if wholePieceFirst, let whole = tokens[Array(word)] { return [whole.id] }
        var symbols: [UInt32] = []
        model.appendInitialSymbols(of: word, to: &symbols)
        ReferenceEncoder.merge(&symbols) { pair($0, $1) }
        return symbols
    }

    /// Applies lowest-rank-first, leftmost-first merging to `symbols` in place; `pair` gives a pair's rank and result.
    static func merge(_ symbols: inout [UInt32], pair: (UInt32, UInt32) -> (rank: Int, result: UInt32)?) {
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

/// Encodes whole texts the way the tokenizer's own library does (without special tokens): normalize the text,
/// pretokenize it, BPE-encode each piece (cached per distinct piece), and map to the file's ids.
public final class TextEncoder {
    public let model: TokenizerModel
    let encoder: ReferenceEncoder
    let session: PretokenizerSession
    private var cache: [[UInt8]: [UInt32]] = [:]

    public init(model: TokenizerModel) throws {
        self.model = model
        encoder = ReferenceEncoder(model: model)
        session = try Pretokenizer(model.pretokenizer).makeSession()
    }

    /// Internal token ids of `text` (added tokens are left out: use `encode` for file ids).
    public func encodeInternal(_ text: String) throws -> [UInt32] {
        try encode(text).compactMap { if case let .internal(id) = $0 { return id } else { return nil } }
    }

    enum Token { case `internal`(UInt32), added(Int) }

    /// Added tokens by first byte, longest first.
    private lazy var addedByFirstByte: [UInt8: [([UInt8], Int)]] = {
        var table: [UInt8: [([UInt8], Int)]] = [:]
        for token in model.addedTokens {
            let bytes = Array(token.content.utf8)
            guard let first = bytes.first else { continue }
            table[first, default: []].append((bytes, token.id))
        }
        for key in table.keys { table[key]?.sort { $0.0.count > $1.0.count } }
        return table
    }()

    private func encode(_ text: String) throws -> [Token] {
        let normalized = model.normalizer.apply(text)
        var result: [Token] = []
        let bytes = Array(normalized.utf8)
        var segmentStart = 0
        var position = 0
        let added = addedByFirstByte
        while position < bytes.count {
            if let candidates = added[bytes[position]],
               let match = candidates.first(where: { bytes[position...].starts(with: $0.0) }) {
                try encodeSegment(bytes[segmentStart..<position], into: &result)
                result.append(.added(match.1))
                position += match.0.count
                segmentStart = position
            } else {
                position += 1
            }
        }
        try encodeSegment(bytes[segmentStart..<bytes.count], into: &result)
        return result
    }

    private func encodeSegment(_ segment: ArraySlice<UInt8>, into result: inout [Token]) throws {
        guard !segment.isEmpty else { return }
        var bytes = Array(segment)
        try bytes.withUnsafeMutableBufferPointer { buffer in
            try session.forEachPiece(of: UnsafeBufferPointer(buffer)) { piece in
                let key = Array(piece)
                let ids: [UInt32]
                if let cached = cache[key] {
                    ids = cached
                } else {
                    ids = encoder.encodeWord(key)
                    cache[key] = ids
                }
                for id in ids { result.append(.internal(id)) }
            }
        }
    }

    /// Ids of `text` as the tokenizer file numbers them. Tokens without an id in the file (an unknown character
    /// when the file has no unknown token) are left out, as HF `tokenizers` does.
    public func encode(_ text: String) throws -> [Int] {
        try encode(text).compactMap { token in
            switch token {
            case let .internal(id):
                let external = Int(id) < model.externalIds.count ? model.externalIds[Int(id)] : -1
                return external >= 0 ? external : nil
            case let .added(id): return id
            }
        }
    }
}
