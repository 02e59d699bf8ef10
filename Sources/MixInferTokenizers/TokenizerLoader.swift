import Foundation
import MixInferSupport
import MixInferPretokenize

/// Choices a caller can make when loading a tokenizer.
package struct TokenizerLoadOptions: Sendable {
    /// Name of a pretokenizer preset (`PretokenizerPresets.names`) that replaces the one read or detected.
    package var pretokenizer: String?
    package init(pretokenizer: String? = nil) { self.pretokenizer = pretokenizer }
}

/// One tokenizer file format: recognises its files by content and reads them.
protocol TokenizerFormatReader {
    static func recognizes(_ data: Data, path: String) -> Bool
    static func read(_ data: Data, path: String, options: TokenizerLoadOptions) throws -> TokenizerModel
}

/// Loads any supported tokenizer file, detecting the format from its content.
package enum TokenizerLoader {
    nonisolated(unsafe) static let readers: [TokenizerFormatReader.Type] = [
        GGUFReader.self, SentencePieceModelReader.self, TekkenJSONReader.self, HFTokenizerJSONReader.self,
        TiktokenReader.self, MergesTextReader.self,
    ]

    /// Reads and parses the tokenizer at `path`.
    package static func load(path: String, options: TokenizerLoadOptions = TokenizerLoadOptions()) throws -> TokenizerModel {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw TokenizerError.unreadable(path: path, reason: "no such file")
        }
        if isDirectory.boolValue {
            let candidate = (path as NSString).appendingPathComponent("tokenizer.json")
            guard FileManager.default.fileExists(atPath: candidate) else {
                throw TokenizerError.unreadable(path: path, reason: "is a directory without tokenizer.json")
            }
            return try load(path: candidate, options: options)
        }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw TokenizerError.unreadable(path: path, reason: "cannot open file")
        }
        return try parse(data, path: path, options: options)
    }

    /// Parses tokenizer bytes; `path` only names the input in errors.
    package static func parse(_ data: Data, path: String, options: TokenizerLoadOptions = TokenizerLoadOptions()) throws -> TokenizerModel {
        guard !data.isEmpty else { throw TokenizerError.malformed(path: path, reason: "file is empty") }
        var data = data
        if Gzip.isCompressed(data) {
            do { data = try Gzip.decompress(data, path: path) } catch let error as CorpusError {
                throw TokenizerError.malformed(path: path, reason: "\(error)".replacingOccurrences(of: "\(path): ", with: ""))
            }
            guard !data.isEmpty else { throw TokenizerError.malformed(path: path, reason: "gzip data is empty") }
        }
        for reader in readers where reader.recognizes(data, path: path) {
            var model = try reader.read(data, path: path, options: options)
            if let name = options.pretokenizer {
                try applyPreset(name, to: &model, path: path)
            }
            return model
        }
        throw TokenizerError.unknownFormat(path: path)
    }

    static func applyPreset(_ name: String, to model: inout TokenizerModel, path: String) throws {
        guard let preset = PretokenizerPresets.named[name] else {
            throw UsageError.invalid("unknown pretokenizer '\(name)' (known: \(PretokenizerPresets.names.joined(separator: ", ")))")
        }
        model.pretokenizer = preset.pretokenizer
        model.normalizer = preset.normalizer
        model.family = preset.name
    }
}

extension TokenizerModel {
    /// Loads a tokenizer file of any supported format (the format is detected from the content); `pretokenizer`
    /// names a preset (`mixinfer inspect` lists them) that replaces the pretokenizer (and family normalizer) read
    /// or detected — needed for tiktoken files mixinfer does not know.
    public static func load(_ path: String, pretokenizer: String? = nil) throws -> TokenizerModel {
        try TokenizerLoader.load(path: path, options: TokenizerLoadOptions(pretokenizer: pretokenizer))
    }
}
