import Foundation
import MixInferSupport
import MixInferPretokenize

/// SentencePiece `.model` files (protobuf `sentencepiece.ModelProto`), BPE models only. Pieces are ranked
/// by score; the encoder merges the adjacent pair whose concatenation is the best-scored piece (leftmost on
/// ties), as `sentencepiece` does. Spaces become `▁`, a `▁` is prefixed when `add_dummy_prefix` is set, and
/// characters that are not pieces fall back to `<0xNN>` byte pieces.
enum SentencePieceModelReader: TokenizerFormatReader {
    enum PieceType: Int { case normal = 1, unknown = 2, control = 3, userDefined = 4, unused = 5, byte = 6 }

    struct Piece {
        var text: [UInt8] = []
        var score: Float = 0
        var type: PieceType = .normal
    }

    struct Parsed {
        var pieces: [Piece] = []
        var modelType = 1  // UNIGRAM is the proto default
        var byteFallback = false
        var addDummyPrefix = true
        var removeExtraWhitespaces = true
        var escapeWhitespaces = true
        var precompiledCharsmap = 0
        var normalizerName = ""
        var treatWhitespaceAsSuffix = false
        /// The trainer spec's piece rules (proto defaults where a field is absent); nil without a trainer spec.
        var training: SentencePieceTraining?
    }

    static func recognizes(_ data: Data, path: String) -> Bool {
        let prefix = [UInt8](data.prefix(16))
        guard prefix.first == 0x0A else { return false }
        var reader = ProtobufReader(prefix[1...])
        guard let length = try? reader.varint(), length > 1, reader.position < prefix.count else { return false }
        return prefix[reader.position] == 0x0A
    }

    static func parse(_ data: Data, path: String) throws -> Parsed {
        let bytes = [UInt8](data)
        var parsed = Parsed()
        do {
            var reader = ProtobufReader(bytes[...])
            while !reader.atEnd {
                let (number, value) = try reader.field()
                guard case let .bytes(body) = value else { continue }
                switch number {
                case 1: parsed.pieces.append(try piece(body))
                case 2: try trainerSpec(body, into: &parsed)
                case 3: try normalizerSpec(body, into: &parsed)
                default: continue
                }
            }
        } catch let failure as ProtobufReader.Failure {
            throw TokenizerError.malformed(path: path, reason: "bad protobuf: \(failure.reason)")
        }
        return parsed
    }

    private static func piece(_ body: ArraySlice<UInt8>) throws -> Piece {
        var reader = ProtobufReader(body)
        var piece = Piece()
        while !reader.atEnd {
            let (number, value) = try reader.field()
            switch (number, value) {
            case let (1, .bytes(text)): piece.text = Array(text)
            case let (2, .fixed32(bits)): piece.score = Float(bitPattern: bits)
            case let (3, .varint(raw)):
                guard let type = PieceType(rawValue: Int(truncatingIfNeeded: raw)) else {
                    throw ProtobufReader.Failure(reason: "piece type \(raw) is unknown")
                }
                piece.type = type
            default: continue
            }
        }
        return piece
    }

    private static func trainerSpec(_ body: ArraySlice<UInt8>, into parsed: inout Parsed) throws {
        var reader = ProtobufReader(body)
        var training = SentencePieceTraining()
        while !reader.atEnd {
            let (number, value) = try reader.field()
            guard case let .varint(raw) = value else { continue }
            switch number {
            case 3: parsed.modelType = Int(truncatingIfNeeded: raw)
            case 35: parsed.byteFallback = raw != 0
            case 24: parsed.treatWhitespaceAsSuffix = raw != 0; training.treatWhitespaceAsSuffix = raw != 0
            case 20: training.maxPieceLength = Int(truncatingIfNeeded: raw)
            case 21: training.splitByUnicodeScript = raw != 0
            case 22: training.splitByWhitespace = raw != 0
            case 23: training.splitByNumber = raw != 0
            case 25: training.splitDigits = raw != 0
            case 26: training.allowWhitespaceOnlyPieces = raw != 0
            default: continue
            }
        }
        parsed.training = training
    }

    private static func normalizerSpec(_ body: ArraySlice<UInt8>, into parsed: inout Parsed) throws {
        var reader = ProtobufReader(body)
        while !reader.atEnd {
            let (number, value) = try reader.field()
            switch (number, value) {
            case let (1, .bytes(name)): parsed.normalizerName = String(decoding: name, as: UTF8.self)
            case let (2, .bytes(map)): parsed.precompiledCharsmap = map.count
            case let (3, .varint(raw)): parsed.addDummyPrefix = raw != 0
            case let (4, .varint(raw)): parsed.removeExtraWhitespaces = raw != 0
            case let (5, .varint(raw)): parsed.escapeWhitespaces = raw != 0
            default: continue
            }
        }
    }

    static let space: [UInt8] = Array("\u{2581}".utf8)

    /// Mergeable piece ids in id order when the scores show the file was written by the trainer and edited for at
    /// most 1 % of its normal pieces (see `build`); nil when the ids say nothing more than the scores.
    static func trainingOrder(pieces: [Piece], mergeable: [Int]) -> [Int]? {
        let normal = pieces.indices.filter { pieces[$0].type == .normal }
        guard normal.count > 1 else { return nil }
        var offsets: [Float: Int] = [:]
        for (k, id) in normal.enumerated() { offsets[pieces[id].score + Float(k), default: 0] += 1 }
        guard let (_, fitting) = offsets.max(by: { $0.value < $1.value }), fitting < normal.count,
              fitting * 100 >= normal.count * 99 else { return nil }
        return mergeable.sorted()
    }

    static func read(_ data: Data, path: String, options: TokenizerLoadOptions) throws -> TokenizerModel {
        let parsed = try parse(data, path: path)
        guard !parsed.pieces.isEmpty else { throw TokenizerError.malformed(path: path, reason: "no pieces") }
        let typeNames = [1: "Unigram", 2: "BPE", 3: "Word", 4: "Char"]
        guard parsed.modelType == 2 else {
            throw TokenizerError.unsupportedModel(
                path: path, reason: "SentencePiece model type is \(typeNames[parsed.modelType] ?? "\(parsed.modelType)"), not BPE (mixinfer needs merges)")
        }
        guard parsed.precompiledCharsmap == 0 else {
            throw TokenizerError.unsupportedModel(
                path: path, reason: "SentencePiece normalization '\(parsed.normalizerName)' (precompiled charsmap) is not supported")
        }
        guard !parsed.treatWhitespaceAsSuffix else {
            throw TokenizerError.unsupportedModel(path: path, reason: "treat_whitespace_as_suffix is not supported")
        }
        var model = try build(pieces: parsed.pieces, byteFallback: parsed.byteFallback, addDummyPrefix: parsed.addDummyPrefix,
                              escapeWhitespaces: parsed.escapeWhitespaces, path: path, format: .sentencePiece)
        if var training = parsed.training, parsed.escapeWhitespaces {
            training.addDummyPrefix = parsed.addDummyPrefix
            training.index(tokenBytes: model.tokenBytes, trainable: parsed.pieces.map { $0.type == .normal },
                           merges: model.merges)
            model.untrainedMerges = training.untrainable(model.merges)
            model.sentencePieceTraining = training
        }
        return model
    }

    /// Builds a model from SentencePiece-style pieces (also used for GGUF `llama` vocabularies).
    static func build(pieces: [Piece], byteFallback: Bool, addDummyPrefix: Bool, escapeWhitespaces: Bool,
                      path: String, format: TokenizerFormat) throws -> TokenizerModel {
        var tokenBytes: [[UInt8]] = []
        tokenBytes.reserveCapacity(pieces.count)
        var byteIds = [UInt32](repeating: UInt32.max, count: 256)
        var characterIds: [[UInt8]: UInt32] = [:]
        var userDefined: [[UInt8]: UInt32] = [:]
        var unknown: UInt32?
        var specials: [String] = []
        for (id, piece) in pieces.enumerated() {
            switch piece.type {
            case .byte:
                guard piece.text.count == 6, piece.text.starts(with: Array("<0x".utf8)), piece.text.last == UInt8(ascii: ">"),
                      let value = UInt8(String(decoding: piece.text[3..<5], as: UTF8.self), radix: 16) else {
                    throw TokenizerError.malformed(path: path, reason: "byte piece \(id) is not <0xNN>")
                }
                byteIds[Int(value)] = UInt32(id)
                tokenBytes.append([value])
            case .unknown:
                if unknown == nil { unknown = UInt32(id) }
                specials.append(String(decoding: piece.text, as: UTF8.self))
                tokenBytes.append(piece.text)
            case .control, .unused:
                specials.append(String(decoding: piece.text, as: UTF8.self))
                tokenBytes.append(piece.text)
            case .userDefined:
                userDefined[piece.text] = UInt32(id)
                tokenBytes.append(piece.text)
            case .normal:
                guard !piece.text.isEmpty else { throw TokenizerError.malformed(path: path, reason: "piece \(id) is empty") }
                if String(decoding: piece.text, as: UTF8.self).unicodeScalars.count == 1, characterIds[piece.text] == nil {
                    characterIds[piece.text] = UInt32(id)
                }
                tokenBytes.append(piece.text)
            }
        }
        let hasFallback = byteFallback && !byteIds.contains(UInt32.max)
        // Encoder ranks: dense rank of the score (best first); equal scores share a rank (leftmost wins).
        let mergeable = pieces.indices.filter { pieces[$0].type == .normal || pieces[$0].type == .userDefined }
        let order = mergeable.sorted { pieces[$0].score != pieces[$1].score ? pieces[$0].score > pieces[$1].score : $0 < $1 }
        var rank = [Int](repeating: -1, count: pieces.count)
        var dense = -1
        var previous: Float?
        for id in order {
            if previous != pieces[id].score { dense += 1; previous = pieces[id].score }
            rank[id] = dense
        }
        let table = CharacterSymbols(characterIds: characterIds, byteFallback: hasFallback ? byteIds : [],
                                     unknown: unknown ?? 0, userDefined: userDefined)
        // The replay follows the order training made the pieces. The trainer writes them in that order with
        // score −k for the k-th; files whose scores were edited afterwards (Llama 2, Mistral v1: runs of `▁` moved
        // to −1e9, last in encoding priority) keep the training order in their ids. So when almost every normal
        // piece has score c − k (k: its index among normal pieces by id), the ids give the order.
        let training = trainingOrder(pieces: pieces, mergeable: mergeable) ?? order
        // Merges for the replay: for each multi-character piece in training order, the two parts that BPE over the
        // pieces before it leaves (pieces BPE cannot build in one merge are listed as unreachable).
        var position = [Int](repeating: Int.max, count: pieces.count)
        for (index, id) in training.enumerated() { position[id] = index }
        var index: [[UInt8]: UInt32] = [:]
        for id in training where index[tokenBytes[id]] == nil { index[tokenBytes[id]] = UInt32(id) }
        var merges: [MergeRule] = []
        var unreachable: [UInt32] = []
        var symbols: [UInt32] = []
        var concatenation = ConcatenationLookup(tokenBytes: tokenBytes, index: index)
        let plain = CharacterSymbols(characterIds: characterIds, byteFallback: [], unknown: unknown ?? 0)
        for id in training where pieces[id].type == .normal {
            symbols.removeAll(keepingCapacity: true)
            plain.append(tokenBytes[id], to: &symbols)
            if symbols.count < 2 { continue }
            let limit = position[id]
            BPEMerge.lowestRankFirst(&symbols) { left, right in
                let found = concatenation.id(left, right)
                guard found >= 0, position[Int(found)] < limit else { return nil }
                return (position[Int(found)], UInt32(found))
            }
            if symbols.count == 2 {
                merges.append(MergeRule(left: symbols[0], right: symbols[1], result: UInt32(id)))
            } else {
                unreachable.append(UInt32(id))
            }
        }
        // Whitespace handling: `▁` for spaces, an optional dummy prefix. Pretokens: cut before each run of `▁`
        // unless some piece has `▁` after another character (then the whole text is one pretoken).
        var steps: [NormalizerSpec] = []
        if addDummyPrefix { steps.append(.prepend("\u{2581}")) }
        if escapeWhitespaces { steps.append(.replace(pattern: " ", content: "\u{2581}")) }
        let crossesSpace = mergeable.contains { id in
            let text = tokenBytes[id]
            guard text.count > 3 else { return false }
            var sawOther = false
            var offset = 0
            while offset < text.count {
                if text[offset...].starts(with: space) {
                    if sawOther { return true }
                    offset += 3
                } else {
                    sawOther = true
                    offset += 1
                }
            }
            return false
        }
        var model = TokenizerModel(
            tokenBytes: tokenBytes, externalIds: Array(0..<pieces.count), merges: merges,
            initialSymbols: .characters(table), normalizer: .sequence(steps),
            pretokenizer: crossesSpace ? .none : .split(pattern: .regex("\u{2581}+"), behavior: .mergedWithNext, invert: false),
            format: format, specialTokens: specials, vocabularySize: pieces.count)
        model.mergeSelection = .tokenRanks(rank: rank, wholePieceFirst: false)
        model.unreachableTokens = unreachable
        model.family = "sentencepiece"
        return model
    }
}
