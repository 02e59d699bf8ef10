import Foundation
import MixInferSupport
import MixInferTokenizers
import MixInferCorpus

extension Inference {
    /// Word counts of the request's categories without inferring: the unit `mixinfer count` writes and
    /// `merge-counts` combines. Categories without text (in a shard) are kept empty so shards merge by name.
    package static func count(_ request: InferenceRequest) throws -> CategoryCounts {
        try request.validate()
        let model = try loadTokenizer(request.tokenizer)
        let categories: [Category]
        switch request.categories {
        case let .folder(directory): categories = try Category.discover(in: directory)
        case let .folders(directories): categories = try discover(directories).0
        case let .categories(list): categories = list
        case .counts, .words, .counted: throw InvalidSetting(.categories, "must be category text to count, not counts")
        }
        return try RunCounting.countCategories(categories, tokenizer: model, sampleBytes: request.sampleBytes, jobs: request.jobs,
                                               progress: request.progress)
    }
}
