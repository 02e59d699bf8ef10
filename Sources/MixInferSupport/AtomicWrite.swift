import Foundation

/// Writes through a temporary file in the same folder and a rename: an interrupted write leaves no partial file.
package func atomicWrite(_ data: Data, to path: String) throws {
    let temporary = path + ".partial-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))"
    do {
        try data.write(to: URL(fileURLWithPath: temporary))
        if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
        try FileManager.default.moveItem(atPath: temporary, toPath: path)
    } catch {
        try? FileManager.default.removeItem(atPath: temporary)
        throw UsageError.invalid("\(path): cannot write (\(error.localizedDescription))")
    }
}
