import Foundation
import MixInferSolve
import MixInferInference

/// The inference settings a batch manifest may give for every pair (at the top level) or for one tokenizer (in its
/// entry, which wins): the same as `infer`'s options, named as `RequestField` names them (`sample_bytes`).
public struct ManifestSettings: Decodable, Equatable, Sendable {
    public var merges: Int?
    public var startMerge: Int?
    /// Constrain only the merges after a detected base vocabulary (or after `base`).
    public var extensionOnly: Bool?
    /// With `extension_only`: the tokenizer file this one extends (relative to the manifest).
    public var base: String?
    public var pretokenizer: String?
    public var sampleBytes: Int?
    /// The JSON-lines field / Parquet column holding the text.
    public var textField: String?
    public var normalize: CountNormalization?
    public var gap: Double?
    public var timeLimit: Double?
    public var minMergeCount: Int?
    public var baselines: Bool?
    /// Any warning fails the pair.
    public var strict: Bool?
    /// 90 % bootstrap intervals per share.
    public var intervals: Bool?
    /// What the intervals' bootstrap resamples: `document` or `file`.
    public var intervalUnit: IntervalUnit?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case merges, startMerge = "start_merge", extensionOnly = "extension_only", base, pretokenizer
        case sampleBytes = "sample_bytes", textField = "text_field", normalize, gap, timeLimit = "time_limit", minMergeCount = "min_merge_count"
        case baselines, strict, intervals, intervalUnit = "interval_unit"
    }

    public init(merges: Int? = nil, startMerge: Int? = nil, pretokenizer: String? = nil) {
        self.merges = merges
        self.startMerge = startMerge
        self.pretokenizer = pretokenizer
    }

    /// The manifest keys of these settings.
    static var keys: [String] { CodingKeys.allCases.map(\.rawValue) }

    /// These settings with every one that `entry` gives replaced by the entry's.
    func overridden(by entry: ManifestSettings) -> ManifestSettings {
        var merged = self
        merged.merges = entry.merges ?? merges
        merged.startMerge = entry.startMerge ?? startMerge
        merged.extensionOnly = entry.extensionOnly ?? extensionOnly
        merged.base = entry.base ?? base
        merged.pretokenizer = entry.pretokenizer ?? pretokenizer
        merged.sampleBytes = entry.sampleBytes ?? sampleBytes
        merged.textField = entry.textField ?? textField
        merged.normalize = entry.normalize ?? normalize
        merged.gap = entry.gap ?? gap
        merged.timeLimit = entry.timeLimit ?? timeLimit
        merged.minMergeCount = entry.minMergeCount ?? minMergeCount
        merged.baselines = entry.baselines ?? baselines
        merged.strict = entry.strict ?? strict
        merged.intervals = entry.intervals ?? intervals
        merged.intervalUnit = entry.intervalUnit ?? intervalUnit
        return merged
    }

    /// Writes the settings given into `request` (the others keep the request's defaults).
    func apply(to request: inout InferenceRequest) throws {
        if let merges { request.merges = merges }
        if let sampleBytes { request.sampleBytes = sampleBytes }
        if let textField { request.textField = textField }
        if let normalize { request.solver.normalization = normalize }
        if let gap { request.solver.gapTolerance = gap }
        request.solver.timeLimit = timeLimit ?? request.solver.timeLimit
        if let minMergeCount { request.solver.minMergeCount = minMergeCount }
        if let baselines { request.baselines = baselines }
        if let strict { request.strict = strict }
        if let intervals { request.intervals = intervals }
        if let intervalUnit { request.intervalUnit = intervalUnit }
        request.window = try .init(startMerge: startMerge, extensionOnly: extensionOnly ?? false, base: base)
    }
}
