import MixInferSupport
/// A reason to doubt an estimate, carried with it: printed after the table, listed in JSON (`warnings`), in CSV's
/// header comment and in batch summaries; `strict` turns any of them into an error.
public struct RunWarning: Sendable, Equatable {
    /// What kind of doubt; the raw values are the `code` of the JSON output (docs/output.md).
    public enum Code: String, Sendable, CaseIterable {
        /// The category folder holds numbered files and no subfolders: one category's files, each taken as a category.
        case folderLooksLikeOneCategory = "folder_looks_like_one_category"
        /// Files in a category folder that mixinfer does not read (by kind).
        case skippedFiles = "skipped_files"
        /// JSON lines or Parquet rows of a category left out: no text field (or null, or not a string), or not UTF-8.
        case skippedRecords = "skipped_records"
        /// A category's sample is too small for the merges asked: its shares are mostly noise.
        case smallSample = "small_sample"
        /// Many constrained merges occur in no sample: the categories do not cover what the tokenizer saw.
        case poorCoverage = "poor_coverage"
        /// The constrained merges hardly act on some categories (an extension's merges on text its base already
        /// compresses): those shares are capped by the merges, not determined by them.
        case inactiveCategories = "inactive_categories"
        /// The LP stopped before its optimum (time or round limit), or was solved only to a gap.
        case notOptimal = "not_optimal"
        /// Intervals were asked for, but a category's sample has a single document (or file) to resample.
        case noIntervals = "no_intervals"
        /// The samples cannot tell some categories apart: only their sum is known, not how it splits.
        case confusable
        /// The presence decision could not settle some categories within its round limit: they are kept as detected.
        case presenceUndecided = "presence_undecided"
    }

    public var code: Code
    public var message: String
    /// The category the warning is about, if one.
    public var category: String?

    package init(_ code: Code, _ message: String, category: String? = nil) {
        self.code = code
        self.message = message
        self.category = category
    }
}

/// `strict` and a warning: the run's answer is not to be used.
public struct StrictWarningError: MixInferError, Equatable {
    public var warning: RunWarning
    public var description: String { "strict: " + warning.message + (warning.category.map { " (category '\($0)')" } ?? "") }
}
