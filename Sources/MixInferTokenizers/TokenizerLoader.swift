import Foundation
import MixInferSupport
import MixInferPretokenize

/// Choices a caller can make when loading a tokenizer.
package struct TokenizerLoadOptions: Sendable {
    /// Name of a pretokenizer preset (`PretokenizerPresets.names`) that replaces the one read or detected.
    package var pretokenizer: String?
    /// The revision (branch, tag or commit) a Hub id is read at; nil: `main`.
    package var revision: String?
    /// Where Hub ids are looked up.
    package var hubCache: HubCache

    package init(pretokenizer: String? = nil, revision: String? = nil, hubCache: HubCache = HubCache()) {
        self.pretokenizer = pretokenizer
        self.revision = revision
        self.hubCache = hubCache
    }
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

    /// Reads and parses the tokenizer `path` names: a file, a folder holding a tokenizer file (`HubTokenizer.files`,
    /// in that order), or a Hub id in the local Hub cache. A path that exists wins over an id of the same spelling.
    package static func load(path: String, options: TokenizerLoadOptions = TokenizerLoadOptions()) throws -> TokenizerModel {
        let file = try locate(path, options: options)
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: file))
        } catch {
            throw TokenizerError.unreadable(path: file, reason: "cannot open file")
        }
        var model = try parse(data, path: file, options: options)
        model.sourceFile = file
        return model
    }

    /// The file to read for `spelling`: the file itself, the tokenizer file of a folder, or that of a Hub id's
    /// snapshot (at `options.revision`, which only an id may have).
    package static func locate(_ spelling: String, options: TokenizerLoadOptions = TokenizerLoadOptions()) throws -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: spelling, isDirectory: &isDirectory) else {
            guard let repository = HubTokenizer.repository(spelling) else {
                throw TokenizerError.unreadable(path: spelling, reason: "no such file")
            }
            return try HubTokenizer.resolve(repository, revision: options.revision, cache: options.hubCache)
        }
        if options.revision != nil {
            throw InvalidSetting(.revision, "is for a tokenizer given by Hub id, and \(spelling) is a local path")
        }
        guard isDirectory.boolValue else { return spelling }
        guard let file = HubTokenizer.file(in: spelling) else {
            throw TokenizerError.unreadable(path: spelling, reason: "is a folder without a tokenizer file ("
                + HubTokenizer.files.joined(separator: ", ") + ")")
        }
        return file
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
    /// Loads a tokenizer file of any supported format (the format is detected from the content); `path` may also be
    /// a folder holding one, or a Hub id (`meta-llama/Llama-3.1-8B`) cached by `huggingface_hub`, read at `revision`
    /// (nil: `main`). `pretokenizer` names a preset (`mixinfer inspect` lists them) that replaces the pretokenizer
    /// (and family normalizer) read or detected — needed for tiktoken files mixinfer does not know.
    public static func load(_ path: String, pretokenizer: String? = nil, revision: String? = nil) throws -> TokenizerModel {
        try TokenizerLoader.load(path: path, options: TokenizerLoadOptions(pretokenizer: pretokenizer, revision: revision))
    }
}
