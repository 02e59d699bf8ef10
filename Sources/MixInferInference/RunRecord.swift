import MixInferCorpus
import MixInferTokenizers

/// What produced an estimate, for a result cited later: the version, the merges replayed (a fingerprint of the
/// list, so a file that changed under the same path is noticed), the text processing and the settings that move
/// the numbers. Written as the JSON's `run` object (docs/output.md).
package struct RunRecord: Sendable {
    package var version = Inference.version
    /// FNV-1a over the replayed merges' byte pairs (`MergeFingerprint`), and how many there were.
    package var mergeFingerprint: UInt64
    package var mergesReplayed: Int
    package var firstMerge: Int
    /// The normalizer and pretokenizer the words were counted with (`ProcessingKey`).
    package var processing: String
    /// `--sample-bytes`: the most bytes read per category.
    package var sampleBytesLimit: Int
    package var gap: Double
    package var minMergeCount: Int
    package var presence: Bool
    package var proveBounds: Bool
    /// Bootstrap replicates and what they resample, with `--intervals`.
    package var intervals: (replicates: Int, unit: IntervalUnit)?

    /// The record of a run of `request` (resolved: its first step set) over `model` that replayed its first
    /// `mergesReplayed` merges (the estimate's first merge plus the merges it used).
    package init(_ request: InferenceRequest, model: TokenizerModel, mergesReplayed: Int) {
        firstMerge = request.solver.firstStep
        self.mergesReplayed = mergesReplayed
        mergeFingerprint = MergeFingerprint.of(model, count: mergesReplayed) ?? 0
        processing = CategoryCounts.processingKey(model)
        sampleBytesLimit = request.sampleBytes
        gap = request.solver.gapTolerance
        minMergeCount = request.solver.minMergeCount
        presence = request.presence
        proveBounds = request.proveBounds
        intervals = request.intervals ? (request.intervalReplicates, request.intervalUnit) : nil
    }

}
