import Foundation
import MixInferSupport
import MixInferTokenizers
import MixInferCorpus
import MixInferSolve

/// Everything one inference run needs: which tokenizer, which categories, which merges, how much sample, how the
/// LP is solved and what else to compute. The CLI, batch manifests and `evaluate` all build one of these and hand
/// it to `Inference.run`; its defaults (`InferenceDefaults`) are the only ones.
public struct InferenceRequest: Sendable {
    /// Where the tokenizer comes from.
    public enum TokenizerSource: Sendable {
        /// A tokenizer file of any supported format, a folder holding one, or a Hub id cached by `huggingface_hub`
        /// (read at `revision`, nil: `main`); `pretokenizer` names a preset that replaces the one read.
        case file(String, pretokenizer: String? = nil, revision: String? = nil)
        /// A tokenizer already loaded, with the name results give it.
        case model(TokenizerModel, name: String)
    }

    /// Where the category samples come from.
    public enum CategorySource: Sendable {
        /// A folder: one subfolder, or one text file, per category.
        case folder(String)
        /// Several such folders, their categories together (a name may appear in only one).
        case folders([String])
        /// Categories already listed.
        case categories([Category])
        /// Word counts saved by `mixinfer count` / `merge-counts`.
        case counts(String)
        /// Word counts already made, one per name (the names give the result's categories).
        case words(names: [String], [WordCounts])
        /// Categories discovered in `folder` and their word counts already made (a batch counts once for several
        /// tokenizers); the folder's and categories' checks still run.
        case counted(folder: String, [Category], [WordCounts])
    }

    /// Which merges are constrained: `merges` of them, starting where this says.
    public enum MergeWindow: Sendable, Equatable {
        /// From the first merge.
        case fromStart
        /// From this 0-based merge index on.
        case from(Int)
        /// After the merges of a known released vocabulary this tokenizer starts with (Llama 3 after cl100k).
        case afterKnownBase
        /// After the merges this tokenizer shares from the start with the tokenizer file given.
        case afterBase(String)

        /// The window of the CLI's and a manifest's settings: a first merge, or extension-only with an optional base.
        package init(startMerge: Int?, extensionOnly: Bool, base: String?) throws {
            switch (startMerge, extensionOnly, base) {
            case (nil, false, nil): self = .fromStart
            case let (first?, false, nil): self = .from(first)
            case (nil, true, nil): self = .afterKnownBase
            case let (nil, true, path?): self = .afterBase(path)
            case (_, false, _?): throw InvalidSetting(.base, "is only for an extension-only window")
            default: throw InvalidSetting(.startMerge, "cannot be combined with an extension-only window")
            }
        }
    }

    public var tokenizer: TokenizerSource
    public var categories: CategorySource
    public var window: MergeWindow = .fromStart
    /// Merges replayed and constrained from the window's start (capped at the tokenizer's list).
    public var merges = InferenceDefaults.merges
    /// Most UTF-8 bytes read per category.
    public var sampleBytes = InferenceDefaults.sampleBytes
    /// The field of JSON lines and the column of Parquet files that holds the text, for categories that do not
    /// name their own (nil: `text`).
    public var textField: String?
    /// Threads counting words (the counts do not depend on it).
    package var jobs = InferenceDefaults.jobs
    public var solver = SolverOptions()
    /// Also give each share a 90 % interval from a bootstrap over documents (`BootstrapIntervals`).
    public var intervals = false
    /// Bootstrap replicates solved for the intervals.
    public var intervalReplicates = InferenceDefaults.intervalReplicates
    /// What the bootstrap resamples: documents, or whole files (`IntervalUnit`).
    public var intervalUnit = InferenceDefaults.intervalUnit
    /// Decide which categories the samples show in the training data (`PresenceDecision`): the others get a share
    /// of 0 and an upper bound, and confusable categories are named. Off: the paper's LP, every candidate paid.
    public var presence = InferenceDefaults.presence
    /// With `presence`: prove each `upper` of a category not detected (`PresenceDecision.upperBounds`), a share the
    /// samples fit worse than the decision's tolerance. Off: `upper` is the share the paper's LP gives it, which
    /// bounds an absent category but not a present one the decision missed.
    public var proveBounds = false
    /// LP rounds a presence test may take before the category is kept undecided (nil: as many as the full solve
    /// took, at least `PresenceDecision.minimumTestRounds`). For tests of that path.
    package var presenceTestRounds: Int?
    /// Groups of categories whose total share to report, by name (the categories' own groups, from a category
    /// manifest's `group:`, are added; a group named here replaces one of the same name there).
    public var groups: [String: [String]] = [:]
    /// Also compute the TEE and TC baselines from the same replay.
    public var baselines = false
    /// Turn any warning (`RunWarning`) into an error: the estimate is not returned.
    public var strict = false
    /// Where word counts are kept between runs (nil: no cache).
    public var cache: CountCache?
    /// Receives the run's progress events (`ProgressEvent`: counting, replay, solve, intervals), a few per second
    /// at most, from the threads doing the work; nil: none.
    public var progress: (@Sendable (ProgressEvent) -> Void)?

    public init(tokenizer: TokenizerSource, categories: CategorySource) {
        self.tokenizer = tokenizer
        self.categories = categories
    }

    /// A request for the tokenizer file at `tokenizer` over the category folder `categories`, with the defaults.
    public init(tokenizer: String, categories: String) {
        self.init(tokenizer: .file(tokenizer), categories: .folder(categories))
    }

    /// Rejects settings no run can use, before anything is read. Errors are `InvalidSetting`, naming the field.
    package func validate() throws {
        guard merges > 0 else { throw InvalidSetting(.merges, "must be positive") }
        guard sampleBytes > 0 else { throw InvalidSetting(.sampleBytes, "must be positive") }
        guard jobs > 0 else { throw InvalidSetting(.jobs, "must be positive") }
        if let textField, textField.isEmpty { throw InvalidSetting(.textField, "must not be empty") }
        if case let .from(first) = window, first < 0 { throw InvalidSetting(.startMerge, "must not be negative") }
        if intervals {
            switch categories {
            case .counts: throw InvalidSetting(.intervals, "need the category text, not saved counts")
            case .words, .counted: throw InvalidSetting(.intervals, "need the category text, not word counts")
            case .folder, .folders, .categories: break
            }
        }
        guard intervalReplicates >= 2 else { throw InvalidSetting(.intervals, "need at least 2 replicates") }
        try solver.validate()
    }
}

/// What the bootstrap behind `--intervals` draws with replacement.
public enum IntervalUnit: String, Sendable, CaseIterable, Codable {
    /// A sample's documents (a text file, or each 1 MB of a larger one; a JSON line; a Parquet row), dealt into
    /// `BootstrapIntervals.blocks` parts in turn: the uncertainty of which documents the samples hold.
    case document
    /// A sample's files, each kept whole: where each file is one source (a site, a book, a repository), the
    /// uncertainty of which sources the samples hold too. Needs two or more files per category.
    case file

    var dealing: LaneDealing { self == .file ? .files : .documents }
}

/// The defaults of an inference run, in one place.
package enum InferenceDefaults {
    /// Merges replayed and constrained: the paper used 1k–30k; 3000 solves in seconds on a laptop.
    package static let merges = 3000
    /// Most bytes read per category: 10 MB.
    package static let sampleBytes = 10_000_000
    /// Bootstrap replicates for intervals: 24 (docs/evaluation.md measures coverage with it).
    package static let intervalReplicates = 24
    /// The bootstrap resamples documents.
    package static let intervalUnit = IntervalUnit.document
    /// Presence is decided: docs/estimators.md, "Present or absent", measures it against the paper's LP.
    package static let presence = true
    /// Threads counting words: all cores.
    package static var jobs: Int { ProcessInfo.processInfo.activeProcessorCount }
}
