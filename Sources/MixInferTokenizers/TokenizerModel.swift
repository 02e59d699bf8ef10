import Foundation
import MixInferPretokenize
/// One merge rule in internal token ids: `left` followed by `right` becomes `result`.
package struct MergeRule: Hashable, Sendable {
    package var left: UInt32
    package var right: UInt32
    package var result: UInt32
    package init(left: UInt32, right: UInt32, result: UInt32) {
        self.left = left
        self.right = right
        self.result = result
    }
    /// Key of the adjacent pair this rule merges, as used by the replay.
    package var pairKey: UInt64 { UInt64(left) << 32 | UInt64(right) }
}

/// How the bytes of a pretoken become the symbols that merges start from.
package enum InitialSymbols: Sendable, Equatable {
    /// Byte-level BPE: one symbol per byte; `byteIds[b]` is the internal id of byte `b`.
    case bytes(byteIds: [UInt32])
    /// SentencePiece-style: one symbol per UTF-8 character (its id when the character is a token),
    /// else one byte-fallback symbol per byte (`byteFallback[b]`, when the file has `<0xNN>` pieces),
    /// else `unknown`, which never merges. `userDefined` strings (longest first) are matched whole before that.
    case characters(CharacterSymbols)
}

/// The tables of `InitialSymbols.characters`.
package struct CharacterSymbols: Sendable, Equatable {
    /// UTF-8 bytes of a single character → internal id.
    package var characterIds: [[UInt8]: UInt32]
    /// Byte → internal id of its `<0xNN>` piece; empty when the model has no byte fallback.
    package var byteFallback: [UInt32]
    /// Internal id used for characters not in the vocabulary when there is no byte fallback.
    package var unknown: UInt32
    /// Strings matched whole (longest match first) before splitting into characters, → internal id.
    package var userDefined: [[UInt8]: UInt32]
    /// Longest key of `userDefined`, in bytes.
    package var longestUserDefined: Int

    package init(characterIds: [[UInt8]: UInt32], byteFallback: [UInt32], unknown: UInt32,
                userDefined: [[UInt8]: UInt32] = [:]) {
        self.characterIds = characterIds
        self.byteFallback = byteFallback
        self.unknown = unknown
        self.userDefined = userDefined
        longestUserDefined = userDefined.keys.map(\.count).max() ?? 0
    }

    /// Appends the symbols of `word` (UTF-8) to `symbols`.
    package func append(_ word: [UInt8], to symbols: inout [UInt32]) {
        var index = 0
        let count = word.count
        outer: while index < count {
            if longestUserDefined > 0 {
                var length = min(longestUserDefined, count - index)
                while length > 0 {
                    if let id = userDefined[Array(word[index..<index + length])] {
                        symbols.append(id)
                        index += length
                        continue outer
                    }
                    length -= 1
                }
            }
            let lead = word[index]
            let width = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
            let end = min(index + width, count)
            if let id = characterIds[Array(word[index..<end])] {
                symbols.append(id)
            } else if byteFallback.count == 256 {
                for position in index..<end { symbols.append(byteFallback[Int(word[position])]) }
            } else {
                symbols.append(unknown)
            }
            index = end
        }
    }
}

/// A token the tokenizer matches as a whole string before splitting the text (HF `added_tokens`).
package struct AddedToken: Sendable, Equatable {
    package var content: String
    package var id: Int
    package var special: Bool
    package init(content: String, id: Int, special: Bool) {
        self.content = content
        self.id = id
        self.special = special
    }
}

/// How an encoder chooses the next merge (the replay always uses `merges`).
package enum MergeSelection: Sendable, Equatable {
    /// HF / GPT-2: the adjacent pair with the lowest-ranked rule in `merges`.
    case mergeList
    /// HF `ignore_merges`: a pretoken that is itself a vocabulary token becomes that token; else `.mergeList`.
    case mergeListWholePieceFirst
    /// tiktoken / SentencePiece: the adjacent pair whose concatenation is the token of lowest `rank`
    /// (internal id → rank, -1 for tokens that never result from a merge). With `wholePieceFirst` a pretoken
    /// that is itself a token becomes that token (tiktoken, HF `ignore_merges`).
    case tokenRanks(rank: [Int], wholePieceFirst: Bool)
}

/// The file format a tokenizer was read from.
package enum TokenizerFormat: String, Sendable, Codable {
    case huggingFaceJSON = "hf-tokenizer-json"
    case mixinferTrained = "mixinfer-trained"
    case tiktoken = "tiktoken"
    case sentencePiece = "sentencepiece-model"
    case tekken = "tekken-json"
    case gguf = "gguf"
    case mergesText = "merges-txt"
}

/// A BPE tokenizer reduced to what inference needs: tokens as bytes, the ordered merges,
/// and the text processing (normalizer + pretokenizer) that precedes them.
public struct TokenizerModel: Sendable {
    /// Internal id → token bytes.
    package var tokenBytes: [[UInt8]]
    /// Internal id → id in the tokenizer file (for encode parity); -1 where the file has none.
    package var externalIds: [Int]
    /// Merges in rank order.
    package var merges: [MergeRule]
    package var initialSymbols: InitialSymbols
    package var normalizer: NormalizerSpec
    package var pretokenizer: PretokenizerSpec
    package var format: TokenizerFormat
    /// Tokens the file marks as special/added; they take no part in merges.
    package var specialTokens: [String]
    /// Size of the vocabulary as stated by the file (including special tokens).
    package var vocabularySize: Int
    /// How an encoder picks merges; `.mergeList` unless the format ranks tokens instead of pairs.
    package var mergeSelection: MergeSelection = .mergeList
    /// Tokens whose bytes no single merge of lower-ranked tokens builds at their rank (tiktoken); listed, not merged.
    package var unreachableTokens: [UInt32] = []
    /// Family / pretokenizer preset name when known (e.g. "cl100k", "llama3", "sentencepiece").
    package var family: String?
    /// CLIP-style end-of-word marking: when non-empty, the last initial symbol `s` of a pretoken becomes
    /// `endOfWordIds[s]` (the same bytes followed by `</w>`).
    package var endOfWordIds: [UInt32] = []
    /// HF added tokens: matched whole in the normalized text before pretokenization (by an encoder; the replay
    /// ignores them). `id` is the file's id.
    package var addedTokens: [AddedToken] = []
    /// SentencePiece files: what the trainer counted (pairs it could merge, per-line normalization); the replay
    /// and word counting follow it. nil for other formats.
    package var sentencePieceTraining: SentencePieceTraining?
    /// Merge steps (0-based) the file shows training did not choose (e.g. hand-added pieces the trainer's rules
    /// forbid); inference leaves them unconstrained.
    package var untrainedMerges: [Int] = []
    /// The file this model was read from (a Hub id's snapshot file, a folder's tokenizer file, or the path given);
    /// nil for a model built or parsed in memory.
    package var sourceFile: String?

    package init(tokenBytes: [[UInt8]], externalIds: [Int], merges: [MergeRule], initialSymbols: InitialSymbols,
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
    package var mergePairs: [(left: [UInt8], right: [UInt8])] {
        merges.map { (tokenBytes[Int($0.left)], tokenBytes[Int($0.right)]) }
    }

    /// Appends the initial symbols of a pretoken to `symbols`.
    package func appendInitialSymbols<C: Collection>(of word: C, to symbols: inout [UInt32]) where C.Element == UInt8 {
        let start = symbols.count
        switch initialSymbols {
        case let .bytes(byteIds):
            for byte in word { symbols.append(byteIds[Int(byte)]) }
        case let .characters(table):
            table.append(Array(word), to: &symbols)
        }
        if !endOfWordIds.isEmpty, symbols.count > start, let last = symbols.last, Int(last) < endOfWordIds.count {
            symbols[symbols.count - 1] = endOfWordIds[Int(last)]
        }
    }
}

/// Builds internal token ids while reading a merge list: bytes first, then each merge's result.
package struct TokenInterner {
    package private(set) var tokenBytes: [[UInt8]] = []
    private(set) var ids: [[UInt8]: UInt32] = [:]

    /// Internal id of `bytes`, creating it if new.
    package mutating func id(_ bytes: [UInt8]) -> UInt32 {
        if let id = ids[bytes] { return id }
        let id = UInt32(tokenBytes.count)
        tokenBytes.append(bytes)
        ids[bytes] = id
        return id
    }

    /// Interns the 256 single bytes as ids 0...255.
    package static func byteLevel() -> TokenInterner {
        var interner = TokenInterner()
        for byte in 0..<256 { _ = interner.id([UInt8(byte)]) }
        return interner
    }
}

extension TokenizerModel {
    /// A pair of tokens as readable text, e.g. `"▁th" + "e"` (invalid UTF-8 shown as \\xNN).
    package func describePair(_ key: UInt64) -> String {
        func text(_ id: UInt32) -> String {
            guard Int(id) < tokenBytes.count else { return "#\(id)" }
            let bytes = tokenBytes[Int(id)]
            if let string = String(validating: bytes, as: UTF8.self) { return string.debugDescription }
            return "\"" + bytes.map { $0 < 0x80 && $0 >= 0x20 ? String(UnicodeScalar($0)) : String(format: "\\x%02X", $0) }.joined() + "\""
        }
        return text(UInt32(key >> 32)) + " + " + text(UInt32(truncatingIfNeeded: key))
    }
}
