import Foundation
import MixInferSupport
import MixInferTokenizers
import MixInferCorpus
import MixInferSolve
import MixInferInference

/// A batch of inferences: several tokenizers against one or more category sets, read from a JSON or YAML manifest
/// (`.yaml`/`.yml` files are YAML, `.json` files JSON, other names by content). Both accept the same fields:
///
/// ```json
/// {"category_sets": {"languages": "corpora/languages", "code": "corpora/code"},
///  "tokenizers": [{"name": "claude", "path": "tok/claude.json", "merges": 3000},
///                 {"path": "tok/custom.tiktoken", "pretokenizer": "cl100k", "start_merge": 100000}],
///  "merges": 3000, "sample_bytes": 10000000, "gap": 0.01, "time_limit": 600, "min_merge_count": 1}
/// ```
/// ```yaml
/// category_sets: {languages: corpora/languages, code: corpora/code}
/// tokenizers:
///   - {name: claude, path: tok/claude.json, merges: 3000}
///   - {path: tok/custom.tiktoken, pretokenizer: cl100k, start_merge: 100000}
/// merges: 3000
/// sample_bytes: 10000000
/// gap: 0.01
/// ```
/// `"categories": "DIR"` is short for one set named `default`. A tokenizer may be a bare path; its name defaults
/// to the file name without extension. A tokenizer (or `base`) may also be a Hub id (`meta-llama/Llama-3.1-8B`),
/// read from the local Hub cache at `revision`: it is not resolved against the manifest's folder (unless a file of
/// that spelling is there), and its name defaults to the repository's (`Llama-3.1-8B`). Every setting `RequestField.inManifest` names (`extension_only`, `base`,
/// `normalize`, `intervals`, `baselines`, …) may be given at the top level for every pair or in a tokenizer's
/// entry for that one. An unknown key is an error. Relative paths are relative to the manifest's folder.
package struct BatchManifest: Sendable, Equatable {
    /// One tokenizer to infer, with the settings its entry gives (nil: the manifest's, or the defaults).
    package struct Entry: Sendable, Equatable {
        /// `name`, or the file name without extension (a Hub id: the repository's name); names the result files.
        package var name: String
        /// The tokenizer file, resolved against the manifest's folder, or a Hub id.
        package var path: String
        /// The entry's own settings (`base` resolved against the manifest's folder).
        package var settings: RequestSettings

        package init(name: String, path: String, settings: RequestSettings = RequestSettings()) {
            self.name = name
            self.path = path
            self.settings = settings
        }
    }

    /// A folder of categories under a name (the `<set>` of the result files).
    package struct CategorySet: Sendable, Equatable {
        package var name: String
        package var directory: String
    }

    /// In name order (`categories` first as `default`, then `category_sets` sorted by name).
    package var categorySets: [CategorySet]
    package var tokenizers: [Entry]
    /// Settings for every pair (an entry's own win).
    package var settings: RequestSettings


    /// Reads and checks a manifest. Throws `ManifestError` naming the file and the reason.
    package static func load(_ path: String) throws -> BatchManifest {
        guard let data = FileManager.default.contents(atPath: path) else { throw ManifestError.unreadable(path: path) }
        return try decode(data, path: path)
    }

    /// Decodes manifest text (JSON or YAML as `ManifestSyntax.of` decides); `path` resolves relative paths.
    static func decode(_ data: Data, path: String, syntax: ManifestSyntax? = nil) throws -> BatchManifest {
        let fields = try (syntax ?? ManifestSyntax.of(path: path, data: data)).decode(data, path: path)
        return try BatchManifest(fields, resolvingFrom: (path as NSString).deletingLastPathComponent, path: path)
    }

    /// Checks the fields, resolves the paths and checks every pair's request (defaults from `InferenceDefaults`).
    init(_ fields: ManifestFields, resolvingFrom base: String, path: String) throws {
        func resolve(_ p: String) -> String { p.hasPrefix("/") || base.isEmpty ? p : (base as NSString).appendingPathComponent(p) }
        func resolveTokenizer(_ p: String) -> String { Self.hubRepository(p, base: base) == nil ? resolve(p) : p }
        func invalid(_ reason: String) -> ManifestError { .invalid(path: path, reason: reason) }
        categorySets = []
        if let directory = fields.categories { categorySets.append(CategorySet(name: "default", directory: resolve(directory))) }
        for (name, directory) in (fields.categorySets ?? [:]).sorted(by: { $0.key < $1.key }) {
            guard !name.isEmpty, !name.contains("/"), !categorySets.contains(where: { $0.name == name }) else {
                throw invalid("category set name '\(name)' is empty, has a slash, or is used twice")
            }
            categorySets.append(CategorySet(name: name, directory: resolve(directory)))
        }
        guard !categorySets.isEmpty else { throw invalid("no \"categories\" or \"category_sets\"") }
        guard !fields.tokenizers.isEmpty else { throw invalid("\"tokenizers\" must be a non-empty list") }
        settings = fields.settings
        settings[.base] = settings.string(.base).map { .string(resolveTokenizer($0)) }
        tokenizers = []
        for tokenizer in fields.tokenizers {
            let name = tokenizer.name ?? Self.hubRepository(tokenizer.path, base: base)?.name ?? Category.baseName(tokenizer.path)
            guard !name.isEmpty, !name.contains("/"), !tokenizers.contains(where: { $0.name == name }) else {
                throw invalid("tokenizer name '\(name)' is empty, has a slash, or is used twice")
            }
            var own = tokenizer.settings
            own[.base] = own.string(.base).map { .string(resolveTokenizer($0)) }
            tokenizers.append(Entry(name: name, path: resolveTokenizer(tokenizer.path), settings: own))
        }
        for (index, entry) in tokenizers.enumerated() {
            do {
                try request(entry, set: categorySets[0]).validate()
            } catch let error as InvalidSetting {
                let place = entry.settings == RequestSettings() ? "" : " (tokenizers[\(index)])"
                throw invalid(error.described { "\"\($0.rawValue)\"" } + place)
            }
        }
    }

    /// The Hub repository a tokenizer spelling names: an id with no file or folder of that spelling relative to the
    /// manifest's folder `base` (a local path wins).
    static func hubRepository(_ spelling: String, base: String) -> HubRepository? {
        guard let repository = HubTokenizer.repository(spelling) else { return nil }
        let local = base.isEmpty ? spelling : (base as NSString).appendingPathComponent(spelling)
        return FileManager.default.fileExists(atPath: local) ? nil : repository
    }

    /// Every (tokenizer, category set) pair in manifest order: each tokenizer against each set in turn. A pair's
    /// index (`batch --shard`) is its position here.
    package var pairs: [(entry: Entry, set: CategorySet)] {
        tokenizers.flatMap { entry in categorySets.map { (entry, $0) } }
    }

    /// The settings of one tokenizer: the manifest's, overridden by its entry's.
    package func settings(of entry: Entry) -> RequestSettings { settings.overridden(by: entry.settings) }

    /// The inference request of one pair.
    package func request(_ entry: Entry, set: CategorySet) throws -> InferenceRequest {
        let own = settings(of: entry)
        var request = InferenceRequest(tokenizer: .file(entry.path), categories: .folder(set.directory))
        try own.apply(to: &request)
        return request
    }
}
