import Foundation
import MixInferSupport
import MixInferPretokenize
import MixInferTokenizers
import MixInferCorpus

/// Word counting for a run: under the tokenizer's normalizer and pretokenizer, through the count cache when one
/// is given, with progress events.
package enum RunCounting {
    /// Counting under the tokenizer's normalizer and pretokenizer, at most `sampleBytes` per category,
    /// on `jobs` threads.
    static func wordCounting(_ tokenizer: TokenizerModel, sampleBytes: Int,
                             jobs: Int = InferenceDefaults.jobs) throws -> WordCounting {
        guard sampleBytes > 0 else { throw InvalidSetting(.sampleBytes, "must be positive") }
        guard jobs > 0 else { throw InvalidSetting(.jobs, "must be positive") }
        return WordCounting(normalizer: tokenizer.countingNormalizer, pretokenizer: try Pretokenizer(tokenizer.pretokenizer),
                            reader: SampleReader(budget: sampleBytes), jobs: jobs)
    }

    /// Word counts of each category under the tokenizer's normalizer and pretokenizer.
    /// With a `cache`, categories counted before under the same text processing and budget are loaded from it.
    /// `progress` receives counting events: the bytes counted and files read so far, the rate and the time left.
    /// `jobs` threads count (the counts do not depend on it).
    package static func countWords(_ categories: [Category], tokenizer: TokenizerModel, sampleBytes: Int,
                                  cache: CountCache? = nil, jobs: Int = InferenceDefaults.jobs,
                                  progress: (@Sendable (ProgressEvent) -> Void)? = nil) throws -> [WordCounts] {
        let counting = try wordCounting(tokenizer, sampleBytes: sampleBytes, jobs: jobs)
        guard let cache else {
            return try counting.count(categories, ticker: countingTicker(counting, categories, progress))
        }
        let processing = CategoryCounts.processingKey(tokenizer)
        let keys = categories.map { cache.key($0, processing: processing, sampleBytes: sampleBytes) }
        var results = keys.map { cache.load($0) }
        let missing = results.indices.filter { results[$0] == nil }
        let toCount = missing.map { categories[$0] }
        let ticker = countingTicker(counting, toCount, progress)
        for (index, counts) in zip(missing, try counting.count(toCount, ticker: ticker)) {
            cache.store(keys[index], counts, name: categories[index].name)
            results[index] = counts
        }
        return results.map { $0! }
    }

    /// The ticker of a counting run's progress: nil without `progress` or anything to count.
    /// A file that cannot be sized leaves the run without a ticker: counting then reports the error, as it would
    /// without progress.
    static func countingTicker(_ counting: WordCounting, _ categories: [Category],
                               _ progress: (@Sendable (ProgressEvent) -> Void)?) -> ProgressTicker? {
        guard progress != nil, !categories.isEmpty, let plan = try? counting.plan(categories) else { return nil }
        return ProgressTicker.events(.counting, unit: .bytes, total: plan.bytes, files: plan.files, to: progress)
    }

    /// Counts words of the categories into a `CategoryCounts` (for `CountsFile`); categories left without text
    /// in this shard are kept as empty counts so shards merge by name. `jobs` threads count; `progress` receives
    /// counting events.
    package static func countCategories(_ categories: [Category], tokenizer: TokenizerModel, sampleBytes: Int,
                                       jobs: Int = InferenceDefaults.jobs,
                                       progress: (@Sendable (ProgressEvent) -> Void)? = nil) throws -> CategoryCounts {
        let nonEmpty = categories.filter { !$0.files.isEmpty }
        let words = try countWords(nonEmpty, tokenizer: tokenizer, sampleBytes: sampleBytes, jobs: jobs, progress: progress)
        return CategoryCounts(processing: CategoryCounts.processingKey(tokenizer), names: nonEmpty.map(\.name), counts: words)
    }
}
