import Foundation

/// Loaders a script calls before building an `InferenceRequest` from values rather than paths.
public enum MixInfer {
    /// The version of mixinfer (also `mixinfer --version`).
    public static let version = "0.6.0"

    /// Loads a tokenizer file of any supported format (the format is detected from the content).
    public static func loadTokenizer(_ path: String) throws -> TokenizerModel {
        try TokenizerLoader.load(path: path)
    }

    /// Loads a tokenizer file; `pretokenizer` names a preset (`PretokenizerPresets.names`) that replaces the
    /// pretokenizer (and family normalizer) read or detected — needed for tiktoken files mixinfer does not know.
    public static func loadTokenizer(_ path: String, pretokenizer: String?) throws -> TokenizerModel {
        try TokenizerLoader.load(path: path, options: TokenizerLoadOptions(pretokenizer: pretokenizer))
    }

    /// Discovers the categories in a folder (one subfolder or one text file per category).
    public static func loadCategories(_ directory: String) throws -> [Category] {
        try Category.discover(in: directory)
    }

    /// Word counts of each category under the tokenizer's normalizer and pretokenizer (through `cache` if given).
    package static func countWords(_ categories: [Category], tokenizer: TokenizerModel, sampleBytes: Int,
                                   cache: CountCache? = nil, jobs: Int = InferenceDefaults.jobs,
                                   progress: (@Sendable (String) -> Void)? = nil) throws -> [WordCounts] {
        try RunCounting.countWords(categories, tokenizer: tokenizer, sampleBytes: sampleBytes, cache: cache, jobs: jobs,
                                   progress: progress)
    }

    /// Counts words of the categories into a `CategoryCounts` (for `CountsFile`); categories left without text
    /// in this shard are kept as empty counts so shards merge by name.
    package static func countCategories(_ categories: [Category], tokenizer: TokenizerModel, sampleBytes: Int,
                                        jobs: Int = InferenceDefaults.jobs) throws -> CategoryCounts {
        let nonEmpty = categories.filter { !$0.files.isEmpty }
        let words = try countWords(nonEmpty, tokenizer: tokenizer, sampleBytes: sampleBytes, jobs: jobs)
        return CategoryCounts(processing: CategoryCounts.processingKey(tokenizer), names: nonEmpty.map(\.name), counts: words)
    }
}

extension Inference {
    /// Word counts of the request's categories without inferring: the unit `mixinfer count` writes and
    /// `merge-counts` combines. Categories without text (in a shard) are kept empty so shards merge by name.
    public static func count(_ request: InferenceRequest) throws -> CategoryCounts {
        try request.validate()
        let model = try loadTokenizer(request.tokenizer)
        let categories: [Category]
        switch request.categories {
        case let .folder(directory): categories = try Category.discover(in: directory)
        case let .folders(directories): categories = try discover(directories).0
        case let .categories(list): categories = list
        case .counts, .words, .counted: throw InvalidSetting(.categories, "must be category text to count, not counts")
        }
        return try MixInfer.countCategories(categories, tokenizer: model, sampleBytes: request.sampleBytes, jobs: request.jobs)
    }
}
