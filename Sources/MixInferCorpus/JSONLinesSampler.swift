import MixInferSupport
/// Streams a JSON-lines file (plain, gzip or zstd): each line is a JSON object whose `field` string is one
/// document. Lines are read until they add up to `limit` bytes (the line that crosses it is read too).
/// A line whose field is missing, null or not a string, or that is not UTF-8, is skipped and counted;
/// a line that is not a JSON object is an error naming the file and line.
struct JSONLinesSampler {
    var limit: Int
    var field: String

    func read(_ path: String, stats: inout SampleStats, _ body: (UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        let stream = try CorpusFileStream(path: path)
        var buffer: [UInt8] = []
        let key = Array(field.utf8)
        var start = 0, scanned = 0, consumed = 0, lineNumber = 0, ended = false
        while consumed < limit {
            var newline = buffer[scanned...].firstIndex(of: 0x0A)
            while newline == nil && !ended {
                buffer.removeSubrange(..<start)      // keep only the line being read
                start = 0
                scanned = buffer.count
                if try stream.append(to: &buffer, maximum: CorpusFileStream.readSize) == 0 { ended = true }
                newline = buffer[scanned...].firstIndex(of: 0x0A)
            }
            let end = newline ?? buffer.count
            if newline == nil && end == start { return }
            lineNumber += 1
            consumed += end - start + 1
            try buffer.withUnsafeBufferPointer { whole in
                try readLine(UnsafeBufferPointer(rebasing: whole[start..<end]), key: key, number: lineNumber, path: path,
                             stats: &stats, body)
            }
            start = min(end + 1, buffer.count)
            scanned = start
        }
    }

    private func readLine(_ line: UnsafeBufferPointer<UInt8>, key: [UInt8], number: Int, path: String, stats: inout SampleStats,
                          _ body: (UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { return }
        if UTF8Text.invalidByteCount(line) > 0 {
            stats.skippedInvalidUTF8 += 1
            return
        }
        let value: JSONLineField.Value
        do { value = try JSONLineField.value(of: key, in: line) } catch {
            throw CorpusError.unreadable(path: path, reason: "line \(number) is not a JSON object")
        }
        guard case var .text(bytes) = value else {
            stats.skippedMissingField += 1
            return
        }
        try bytes.withUnsafeMutableBufferPointer { try body(UnsafeBufferPointer($0)) }
        stats.delivered(bytes.count)
    }
}
