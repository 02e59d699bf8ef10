import Foundation

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
/// to the file name without extension. Relative paths are relative to the manifest's folder.
public struct BatchManifest: Sendable, Equatable {
    /// One tokenizer to infer, with its settings (nil: the manifest's default, or the file's own pretokenizer).
    public struct Entry: Sendable, Equatable {
        /// `name`, or the file name without extension; names the result files.
        public var name: String
        /// The tokenizer file, resolved against the manifest's folder.
        public var path: String
        /// `merges`: merges to use for this tokenizer.
        public var merges: Int?
        /// `start_merge`: the first merge to constrain (as `--start-merge`).
        public var firstStep: Int?
        /// `pretokenizer`: a preset name used instead of the one read or detected.
        public var pretokenizer: String?
    }

    /// A folder of categories under a name (the `<set>` of the result files).
    public struct CategorySet: Sendable, Equatable {
        public var name: String
        public var directory: String
    }

    /// In name order (`categories` first as `default`, then `category_sets` sorted by name).
    public var categorySets: [CategorySet]
    public var tokenizers: [Entry]
    public var merges: Int
    public var sampleBytes: Int
    /// `gap`, `time_limit`, `min_merge_count`: LP settings for every pair, as `infer`'s options of the same
    /// names (nil: the solver's defaults).
    public var gap: Double?
    public var timeLimit: Double?
    public var minMergeCount: Int?

    /// Reads and checks a manifest. Throws `ManifestError` naming the file and the reason.
    public static func load(_ path: String) throws -> BatchManifest {
        guard let data = FileManager.default.contents(atPath: path) else { throw ManifestError.unreadable(path: path) }
        return try decode(data, path: path)
    }

    /// Decodes manifest text (JSON or YAML as `ManifestSyntax.of` decides); `path` resolves relative paths.
    static func decode(_ data: Data, path: String, syntax: ManifestSyntax? = nil) throws -> BatchManifest {
        let fields = try (syntax ?? ManifestSyntax.of(path: path, data: data)).decode(data, path: path)
        return try BatchManifest(fields, resolvingFrom: (path as NSString).deletingLastPathComponent, path: path)
    }

    /// Checks the fields, applies the defaults (3000 merges, 10 MB per category) and resolves the paths.
    init(_ fields: ManifestFields, resolvingFrom base: String, path: String) throws {
        func resolve(_ p: String) -> String { p.hasPrefix("/") || base.isEmpty ? p : (base as NSString).appendingPathComponent(p) }
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
        tokenizers = []
        for tokenizer in fields.tokenizers {
            let name = tokenizer.name ?? Category.baseName(tokenizer.path)
            guard !name.isEmpty, !name.contains("/"), !tokenizers.contains(where: { $0.name == name }) else {
                throw invalid("tokenizer name '\(name)' is empty, has a slash, or is used twice")
            }
            tokenizers.append(Entry(name: name, path: resolve(tokenizer.path), merges: tokenizer.merges,
                                    firstStep: tokenizer.startMerge, pretokenizer: tokenizer.pretokenizer))
        }
        merges = fields.merges ?? 3000
        sampleBytes = fields.sampleBytes ?? 10_000_000
        gap = fields.gap
        timeLimit = fields.timeLimit
        minMergeCount = fields.minMergeCount
        do {
            // The solver's own checks, with its options spelled as manifest fields (--time-limit → "time_limit").
            try solverOptions.validate { "\"" + $0.dropFirst(2).replacingOccurrences(of: "-", with: "_") + "\"" }
        } catch let error as UsageError {
            throw invalid(error.description)
        }
    }

    /// The solver settings of every pair: the defaults with the manifest's LP fields applied.
    public var solverOptions: SolverOptions {
        var options = SolverOptions()
        if let gap { options.gapTolerance = gap }
        options.timeLimit = timeLimit
        if let minMergeCount { options.minMergeCount = minMergeCount }
        return options
    }
}
