import Foundation
import MixInferSolve

/// One category's part of an estimate.
public struct CategoryEstimate: Sendable, Equatable {
    public var name: String
    /// Estimated share of the tokenizer's training bytes; the shares of an estimate sum to 1.
    public var share: Double
    /// Bytes of sample text read for this category.
    public var sampleBytes: Int
    /// Baseline estimates by method name ("TEE", "TC"), with `baselines`.
    package var baselines: [String: Double] = [:]
    /// The 90 % interval of the share, with `intervals` (nil where the sample has a single document).
    public var interval: (low: Double, high: Double)?
    /// Whether the samples show this category in the training data (`InferenceRequest.presence`); a category
    /// not detected has a share of 0 and an `upper` bound.
    public var detected = true
    /// For a category not detected: the share the paper's LP gives it when it is offered, which noise only inflates.
    public var upper: Double?

    public static func == (a: CategoryEstimate, b: CategoryEstimate) -> Bool {
        a.name == b.name && a.share == b.share && a.sampleBytes == b.sampleBytes && a.baselines == b.baselines
            && a.interval?.low == b.interval?.low && a.interval?.high == b.interval?.high
            && a.detected == b.detected && a.upper == b.upper
    }
}

/// The estimated training mixture of a tokenizer, with what is needed to judge it.
public struct MixtureEstimate: Sendable {
    /// The categories in the order they were given (`ranked` sorts them by share).
    public var categories: [CategoryEstimate]
    /// How the LP was solved: total slack, bounds, rounds, merges found in no sample.
    public var solution: MixtureSolution
    /// Merges constrained (after capping at the tokenizer's list).
    public var mergesUsed: Int
    /// The first merge constrained (0-based): after a base vocabulary for `--extension-only`.
    package var firstMerge = 0
    /// The tokenizer file read (for a Hub id, the file in its cached snapshot); nil for a model given in memory.
    package var tokenizerFile: String?
    package var normalization: CountNormalization
    /// Baseline methods computed ("TEE", "TC"), in the order they were run; each category holds its shares.
    package var baselineMethods: [String] = []
    /// The merge steps and the pairs carrying the most slack (readable token text), largest first:
    /// where the samples explain the merge list worst — hints of a missing category or a pretokenizer mismatch.
    package var largestStepSlack: [(step: Int, merge: String, slack: Double)] = []
    package var largestPairSlack: [(pair: String, slack: Double)] = []
    /// What the intervals' bootstrap resampled (nil without intervals).
    package var intervalUnit: IntervalUnit?
    /// Per category, the sample's adjacent pairs before any merge per byte: what turns byte shares into the shares of
    /// initial pairs that the paper's released-tokenizer tables report (`pairShares`).
    package var pairsPerByte: [Double] = []
    /// Whether presence was decided (`InferenceRequest.presence`): the shares are then those of the detected
    /// categories, solved again without the others.
    package var presenceDecided = false
    /// Whether the `upper` of the categories not detected were proved (`InferenceRequest.proveBounds`).
    package var boundsProved = false
    /// Categories held at a share of 0 by the presence decision (by index): replicates hold them there too.
    package var excludedCategories: Set<Int> = []
    /// The total share of each group of categories (`InferenceRequest.groups` and the categories' own groups).
    public var groups: [GroupEstimate] = []
    /// Groups of categories the samples cannot tell apart (by name): their sum is what the estimate knows.
    public var confusable: [[String]] = []
    /// Categories the presence decision kept because their test reached its round limit undecided (by name).
    package var presenceUndecided: [String] = []
    /// Reasons to doubt this estimate (empty for a sound run).
    public var warnings: [RunWarning] = []
    /// What produced the estimate: version, merges, processing and settings (nil for an estimate made outside
    /// `Inference.run`, as a presence test's).
    package var run: RunRecord?
    /// Wall time per phase, seconds.
    package var timings: [(phase: String, seconds: Double)] = []

    /// Categories sorted by descending share, then name.
    public var ranked: [CategoryEstimate] {
        categories.sorted { $0.share != $1.share ? $0.share > $1.share : $0.name < $1.name }
    }

    /// The share of the category named `name`, or nil.
    public func share(of name: String) -> Double? { categories.first { $0.name == name }?.share }

    /// The shares as fractions of the categories' initial token pairs instead of bytes (in input order): the unit of
    /// the paper's Table 4 (`docs/real-tokenizers.md`); empty when the pair counts are not known.
    package var pairShares: [Double] {
        guard pairsPerByte.count == categories.count else { return [] }
        let weighted = zip(shares, pairsPerByte).map { $0 * $1 }
        let total = weighted.reduce(0, +)
        return total > 0 ? weighted.map { $0 / total } : []
    }

    /// Category names in input order.
    package var names: [String] { categories.map(\.name) }
    /// Shares in input order.
    package var shares: [Double] { categories.map(\.share) }
    /// Sample bytes in input order.
    package var sampleBytes: [Int] { categories.map(\.sampleBytes) }

    /// One baseline's shares in input order (0 where it has none).
    package func baselineShares(_ method: String) -> [Double] { categories.map { $0.baselines[method] ?? 0 } }
}
