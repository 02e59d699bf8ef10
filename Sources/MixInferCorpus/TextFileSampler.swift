/// Streams the kept prefix of a plain-text file (plain, gzip or zstd) as documents of about `chunkBytes`,
/// cut at line ends: the file is cut at the last line end within `limit` bytes, then in chunks.
struct TextFileSampler {
    var limit: Int
    var chunkBytes: Int

    func read(_ path: String, stats: inout SampleStats, _ body: (UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        let stream = try CorpusFileStream(path: path)
        var validator = UTF8Text.Validator(path: path)
        var buffer: [UInt8] = []
        var taken = 0            // text bytes before `buffer`
        var final = false        // `buffer` holds all that is left to deliver
        while true {
            while !final && buffer.count <= chunkBytes && taken + buffer.count <= limit {
                let room = limit - taken - buffer.count        // read one byte past the limit, to see if the file goes on
                let wanted = room >= CorpusFileStream.readSize ? CorpusFileStream.readSize : room + 1
                if try stream.append(to: &buffer, maximum: wanted) == 0 { final = true }
            }
            if taken + buffer.count > limit {
                buffer.removeSubrange(SampleReader.cutPoint(buffer, limit: limit - taken)...)
                final = true
            }
            if buffer.isEmpty { return }
            let end = final && buffer.count <= chunkBytes ? buffer.count : SampleReader.cutPoint(buffer, limit: chunkBytes)
            try buffer.withUnsafeBufferPointer { whole in
                let piece = UnsafeBufferPointer(rebasing: whole[..<end])
                if let replaced = try validator.validated(piece) {
                    try replaced.withUnsafeBufferPointer { try body($0) }
                    stats.delivered(replaced.count)
                } else {
                    try body(piece)
                    stats.delivered(piece.count)
                }
            }
            buffer.removeSubrange(..<end)
            taken += end
            if final && buffer.isEmpty { return }
        }
    }
}
