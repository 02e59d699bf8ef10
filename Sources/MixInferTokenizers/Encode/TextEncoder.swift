import Foundation
import MixInferPretokenize

/// Encodes whole texts the way the tokenizer's own library does (without special tokens): normalize the text,
/// pretokenize it, BPE-encode each piece (cached per distinct piece), and map to the file's ids.
package final class TextEncoder {
    package let model: TokenizerModel
    let encoder: ReferenceEncoder
    let session: PretokenizerSession
    private var cache: [[UInt8]: [UInt32]] = [:]

    package init(model: TokenizerModel) throws {
        self.model = model
        encoder = ReferenceEncoder(model: model)
        session = try Pretokenizer(model.pretokenizer).makeSession()
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
    package func encode(_ text: String) throws -> [Int] {
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
