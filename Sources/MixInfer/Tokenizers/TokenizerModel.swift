/// One merge rule in internal token ids: `left` followed by `right` becomes `result`.
public struct MergeRule: Hashable, Sendable {
    public var left: UInt32
    public var right: UInt32
    public var result: UInt32
    public init(left: UInt32, right: UInt32, result: UInt32) {
        self.left = left
        self.right = right
        self.result = result
    }
    /// Key of the adjacent pair this rule merges, as used by the replay.
    @inlinable public var pairKey: UInt64 { UInt64(left) << 32 | UInt64(right) }
}

/// How the bytes of a pretoken become the symbols that merges start from.
public enum InitialSymbols: Sendable, Equatable {
    /// Byte-level BPE: one symbol per byte; `byteIds[b]` is the internal id of byte `b`.
    case bytes(byteIds: [UInt32])
}

/// The file format a tokenizer was read from.
public enum TokenizerFormat: String, Sendable, Codable {
    case huggingFaceJSON = "hf-tokenizer-json"
    case mixinferTrained = "mixinfer-trained"
}

/// A BPE tokenizer reduced to what inference needs: tokens as bytes, the ordered merges,
/// and the text processing (normalizer + pretokenizer) that precedes them.
public struct TokenizerModel: Sendable {
    /// Internal id → token bytes.
    public var tokenBytes: [[UInt8]]
    /// Internal id → id in the tokenizer file (for encode parity); -1 where the file has none.
    public var externalIds: [Int]
    /// Merges in rank order.
    public var merges: [MergeRule]
    public var initialSymbols: InitialSymbols
    public var normalizer: NormalizerSpec
    public var pretokenizer: PretokenizerSpec
    public var format: TokenizerFormat
    /// Tokens the file marks as special/added; they take no part in merges.
    public var specialTokens: [String]
    /// Size of the vocabulary as stated by the file (including special tokens).
    public var vocabularySize: Int

    public init(tokenBytes: [[UInt8]], externalIds: [Int], merges: [MergeRule], initialSymbols: InitialSymbols,
                normalizer: NormalizerSpec, pretokenizer: PretokenizerSpec, format: TokenizerFormat,
                specialTokens: [String] = [], vocabularySize: Int) {
        self.tokenBytes = tokenBytes
        self.externalIds = externalIds
        self.merges = merges
        self.initialSymbols = initialSymbols
        self.normalizer = normalizer
        self.pretokenizer = pretokenizer
        self.format = format
        self.specialTokens = specialTokens
        self.vocabularySize = vocabularySize
    }

    /// The merge list as ordered pairs of byte strings.
    public var mergePairs: [(left: [UInt8], right: [UInt8])] {
        merges.map { (tokenBytes[Int($0.left)], tokenBytes[Int($0.right)]) }
    }

    /// Appends the initial symbols of a pretoken to `symbols`.
    @inlinable
    public func appendInitialSymbols<C: Collection>(of word: C, to symbols: inout [UInt32]) where C.Element == UInt8 {
        switch initialSymbols {
        case let .bytes(byteIds):
            for byte in word { symbols.append(byteIds[Int(byte)]) }
        }
    }
}

/// Builds internal token ids while reading a merge list: bytes first, then each merge's result.
struct TokenInterner {
    private(set) var tokenBytes: [[UInt8]] = []
    private(set) var ids: [[UInt8]: UInt32] = [:]

    /// Internal id of `bytes`, creating it if new.
    mutating func id(_ bytes: [UInt8]) -> UInt32 {
        if let id = ids[bytes] { return id }
        let id = UInt32(tokenBytes.count)
        tokenBytes.append(bytes)
        ids[bytes] = id
        return id
    }

    /// Interns the 256 single bytes as ids 0...255.
    static func byteLevel() -> TokenInterner {
        var interner = TokenInterner()
        for byte in 0..<256 { _ = interner.id([UInt8(byte)]) }
        return interner
    }
}
