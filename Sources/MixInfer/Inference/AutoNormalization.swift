extension CountNormalization {
    /// `.auto` made concrete for `model`: pairs when merges start from characters, else bytes.
    public func resolved(for model: TokenizerModel) -> CountNormalization {
        guard self == .auto else { return self }
        if case .characters = model.initialSymbols { return .pairs }
        return .bytes
    }
}
