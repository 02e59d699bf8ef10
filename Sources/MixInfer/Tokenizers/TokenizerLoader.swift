import Foundation

/// One tokenizer file format: recognises its files by content and reads them.
protocol TokenizerFormatReader {
    static func recognizes(_ data: Data, path: String) -> Bool
    static func read(_ data: Data, path: String) throws -> TokenizerModel
}

/// Loads any supported tokenizer file, detecting the format from its content.
public enum TokenizerLoader {
    static let readers: [TokenizerFormatReader.Type] = [HFTokenizerJSONReader.self]

    /// Reads and parses the tokenizer at `path`.
    public static func load(path: String) throws -> TokenizerModel {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw TokenizerError.unreadable(path: path, reason: "no such file")
        }
        if isDirectory.boolValue {
            let candidate = (path as NSString).appendingPathComponent("tokenizer.json")
            guard FileManager.default.fileExists(atPath: candidate) else {
                throw TokenizerError.unreadable(path: path, reason: "is a directory without tokenizer.json")
            }
            return try load(path: candidate)
        }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw TokenizerError.unreadable(path: path, reason: "cannot open file")
        }
        return try parse(data, path: path)
    }

    /// Parses tokenizer bytes; `path` only names the input in errors.
    public static func parse(_ data: Data, path: String) throws -> TokenizerModel {
        guard !data.isEmpty else { throw TokenizerError.malformed(path: path, reason: "file is empty") }
        for reader in readers where reader.recognizes(data, path: path) {
            return try reader.read(data, path: path)
        }
        throw TokenizerError.unknownFormat(path: path)
    }
}
