import MixInferPretokenize
/// What SentencePiece's BPE trainer counts, read from a `.model` file's trainer spec, so that the replay counts
/// the same pairs (google/sentencepiece `src/trainer_interface.cc`, `src/bpe_model_trainer.cc`):
///
/// - The trainer reads its input line by line; every line is a sentence, normalized on its own (so each line gets
///   the dummy prefix `▁`), then cut into words at `▁` (a run of `▁` stays one word with
///   `allow_whitespace_only_pieces`). `sentenceNormalizer` does the same to a whole document.
/// - Characters outside `character_coverage` become `<unk>` (at encoding time: byte-fallback pieces); user-defined
///   pieces are cut out of the text. Neither ever pairs with anything.
/// - A pair is a candidate only if its concatenation is a valid piece: at most `max_sentencepiece_length`
///   characters, `▁` only in front (or an all-`▁` piece), one Unicode script (Hiragana and Katakana count as Han,
///   marks take the script before them; Common — punctuation, symbols, digits — is a script of its own), no digit
///   next to anything with `split_digits`.
/// - A pair whose concatenation is already a piece (built by another merge) is dropped when it would win, not
///   merged: the replay leaves it out of the counts.
///
/// Pairs outside these rules are frequent (letter + punctuation, digit pairs, rare-character bytes) and never
/// merged; counted, they look like merges the trainer should have made and cost the LP slack in the categories
/// that hold them.
package struct SentencePieceTraining: Sendable {
    package var maxPieceLength = 16
    package var splitByUnicodeScript = true
    package var splitByNumber = true
    package var splitByWhitespace = true
    package var treatWhitespaceAsSuffix = false
    package var allowWhitespaceOnlyPieces = false
    package var splitDigits = false
    package var addDummyPrefix = true
    /// Internal id → the piece's Unicode scalars when the trainer could pair it (a normal piece); empty otherwise
    /// (byte-fallback, unknown, control and user-defined pieces).
    var scalars: [[UInt32]] = []
    /// Token bytes → internal id, and internal id → the pair key of the merge that builds it (for duplicates).
    var pieceIds: [[UInt8]: UInt32] = [:]
    var builtBy: [UInt32: UInt64] = [:]

    static let whitespace: UInt32 = 0x2581

    package init() {}

    /// How the trainer normalizes each line, applied to a whole document: the dummy prefix after every line break.
    package var sentenceNormalizer: NormalizerSpec {
        var steps: [NormalizerSpec] = []
        if addDummyPrefix { steps += [.prepend("\u{2581}"), .replace(pattern: "\n", content: "\n\u{2581}")] }
        steps.append(.replace(pattern: " ", content: "\u{2581}"))
        return .sequence(steps)
    }

    /// `IsValidSentencePiece` of the trainer: may a piece with these characters be made?
    package func isValidPiece<C: Collection>(_ piece: C) -> Bool where C.Element == UInt32 {
        guard !piece.isEmpty, piece.count <= maxPieceLength else { return false }
        let anyScript = -1
        var previous = anyScript
        let allWhitespace = piece.allSatisfy { $0 == Self.whitespace }
        let last = piece.count - 1
        for (position, c) in piece.enumerated() {
            if c == 0x2585 || c == 0 || c == 0x25A1 || c == 0x20 { return false }  // <unk>, NUL, boundary, space
            if c == Self.whitespace {
                if !allowWhitespaceOnlyPieces || !allWhitespace {
                    if treatWhitespaceAsSuffix {
                        if (splitByWhitespace && position < last) || (!splitByWhitespace && position < last && position == 0) {
                            return false
                        }
                    } else if (splitByWhitespace && position > 0) || (!splitByWhitespace && position > 0 && position == last) {
                        return false
                    }
                }
                continue
            }
            var script = UnicodeScripts.script(c)
            if script == UnicodeScripts.hiragana || script == UnicodeScripts.katakana || c == 0x30FC {
                script = UnicodeScripts.han
            } else if script == UnicodeScripts.inherited {
                script = previous
            }
            let decimal = (0x30...0x39).contains(c) || (0xFF10...0xFF19).contains(c)
            if !splitByNumber && decimal { script = anyScript }
            if splitDigits && decimal && piece.count > 1 { return false }
            if splitByUnicodeScript && script != anyScript && previous != anyScript && previous != script { return false }
            previous = script
        }
        return true
    }

    /// Whether the trainer counts adjacent tokens `left` `right` as a candidate pair.
    package func countsPair(_ left: UInt32, _ right: UInt32, tokenBytes: [[UInt8]]) -> Bool {
        guard Int(left) < scalars.count, Int(right) < scalars.count else { return false }
        let a = scalars[Int(left)], b = scalars[Int(right)]
        guard !a.isEmpty, !b.isEmpty, isValidPiece(a + b) else { return false }
        if let piece = pieceIds[tokenBytes[Int(left)] + tokenBytes[Int(right)]],
           let key = builtBy[piece], key != UInt64(left) << 32 | UInt64(right) {
            return false
        }
        return true
    }

    /// Fills `scalars`, `pieceIds` and `builtBy` for a model's pieces (`trainable[id]`: a normal piece).
    mutating func index(tokenBytes: [[UInt8]], trainable: [Bool], merges: [MergeRule]) {
        scalars = tokenBytes.indices.map { id in
            guard trainable[id], let text = String(validating: tokenBytes[id], as: UTF8.self) else { return [] }
            return text.unicodeScalars.map(\.value)
        }
        for id in tokenBytes.indices where trainable[id] && pieceIds[tokenBytes[id]] == nil {
            pieceIds[tokenBytes[id]] = UInt32(id)
        }
        for rule in merges { builtBy[rule.result] = rule.pairKey }
    }

    /// Merge steps whose result the trainer could not have made under these rules (hand-added pieces), 0-based.
    func untrainable(_ merges: [MergeRule]) -> [Int] {
        merges.indices.filter { step in
            let rule = merges[step]
            let a = scalars[Int(rule.left)], b = scalars[Int(rule.right)]
            return a.isEmpty || b.isEmpty || !isValidPiece(a + b)
        }
    }
}

/// Per replay: which pairs the transcript records (all of them unless the model states trainer rules).
package struct PairCandidates {
    private let training: SentencePieceTraining?
    private let tokenBytes: [[UInt8]]
    private var known: [UInt64: Bool] = [:]

    package init(_ model: TokenizerModel) {
        training = model.sentencePieceTraining
        tokenBytes = model.tokenBytes
    }

    package var filters: Bool { training != nil }

    @inline(__always)
    package mutating func counts(_ pair: UInt64) -> Bool {
        guard let training else { return true }
        if let answer = known[pair] { return answer }
        let answer = training.countsPair(UInt32(pair >> 32), UInt32(truncatingIfNeeded: pair), tokenBytes: tokenBytes)
        known[pair] = answer
        return answer
    }
}

extension TokenizerModel {
    /// The normalizer word counting uses: the trainer's, per sentence, when the file states it; else `normalizer`.
    package var countingNormalizer: NormalizerSpec { sentencePieceTraining?.sentenceNormalizer ?? normalizer }
}
