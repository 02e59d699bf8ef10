import MixInfer
import MixInferSupport
import MixInferInference

extension RequestField {
    /// The option of `mixinfer infer` that sets this field.
    var flag: String {
        switch self {
        case .tokenizer: return "TOKENIZER"
        case .categories: return "--categories"
        case .counts: return "--counts"
        case .pretokenizer: return "--pretokenizer"
        case .merges: return "--merges"
        case .startMerge: return "--start-merge"
        case .extensionOnly: return "--extension-only"
        case .base: return "--base"
        case .sampleBytes: return "--sample-bytes"
        case .textField: return "--text-field"
        case .jobs: return "--jobs"
        case .normalize: return "--normalize"
        case .gap: return "--gap"
        case .timeLimit: return "--time-limit"
        case .minMergeCount: return "--min-merge-count"
        case .maxPerStep: return "--max-per-step"
        case .maxPerRound: return "--max-per-round"
        case .maxRounds: return "--max-rounds"
        case .stabilization: return "--stabilization"
        case .dumpLP: return "--dump-lp"
        case .tolerance: return "the violation tolerance"
        case .baselines: return "--baselines"
        case .intervals: return "--intervals"
        case .strict: return "--strict"
        }
    }
}
