import MixInferTokenizers
import MixInferCorpus

/// A run's inputs once loaded and counted (`Inference.prepare`): what `Inference.run` solves, and what research
/// code solves variants of.
package struct PreparedRun {
    package var model: TokenizerModel
    /// The request resolved for the tokenizer: first constrained step, untrained merges, normalisation.
    package var request: InferenceRequest
    package var names: [String]
    package var words: [WordCounts]
    /// Each sample's counts in `BootstrapIntervals.blocks` parts, when the request asks for intervals.
    package var parts: [[WordCounts]]?
    /// The warnings the inputs give (folders, skipped files, small samples).
    package var warnings: [RunWarning]
    /// The groups whose totals the estimate reports, with their categories' indices.
    package var groups: [(name: String, members: [Int])]
    package var clock: PhaseClock
}
