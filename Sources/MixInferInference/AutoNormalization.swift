import MixInferTokenizers
import MixInferSolve
extension CountNormalization {
    /// `.auto` made concrete for `model` and the first constrained merge: merged after a base vocabulary's
    /// merges, else pairs when merges start from characters, else bytes.
    package func resolved(for model: TokenizerModel, firstStep: Int = 0) -> CountNormalization {
        guard self == .auto else { return self }
        if firstStep > 0 { return .merged }
        if case .characters = model.initialSymbols { return .pairs }
        return .bytes
    }
}
