/// How a split step treats the pieces its pattern matches (HF `tokenizers` SplitDelimiterBehavior).
public enum SplitBehavior: String, Sendable, Codable {
    case isolated = "Isolated"
    case removed = "Removed"
    case mergedWithPrevious = "MergedWithPrevious"
    case mergedWithNext = "MergedWithNext"
    case contiguous = "Contiguous"
}

/// What a split step matches: a regular expression or a literal string.
public enum SplitPattern: Sendable, Equatable {
    case regex(String)
    case literal(String)
}

/// The rules that cut normalized text into pretokens ("words"); merges never cross a pretoken.
public indirect enum PretokenizerSpec: Sendable, Equatable {
    /// The whole text is one pretoken.
    case none
    /// HF ByteLevel: optionally prefix a space, optionally split with GPT-2's regex.
    case byteLevel(addPrefixSpace: Bool, useRegex: Bool)
    /// Split by a pattern with the given behaviour; `invert` swaps the roles of matches and gaps.
    case split(pattern: SplitPattern, behavior: SplitBehavior, invert: Bool)
    /// HF Digits: isolate each ASCII digit (`individual`) or each run of them.
    case digits(individual: Bool)
    /// HF WhitespaceSplit: split on whitespace, dropping it.
    case whitespaceSplit
    /// Apply each step to every piece the previous steps produced.
    case sequence([PretokenizerSpec])
}

/// Pretokenizer regexes of known tokenizer families, as their files or libraries state them.
public enum PretokenizerPresets {
    /// GPT-2 / r50k / p50k, and HF ByteLevel(use_regex: true).
    public static let gpt2 =
        #"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"#
    /// cl100k_base (GPT-3.5/4) as tiktoken states it.
    public static let cl100k =
        #"'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]++[\r\n]*|\s*[\r\n]|\s+(?!\S)|\s+"#
    /// Llama 3 (cl100k-style, as its tokenizer.json states it).
    public static let llama3 =
        #"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"#
}

/// Text normalization applied to a whole document before pretokenization.
public indirect enum NormalizerSpec: Sendable, Equatable {
    case none
    case nfc, nfd, nfkc, nfkd
    case lowercase
    /// Replace every occurrence of a literal string.
    case replace(pattern: String, content: String)
    case prepend(String)
    case sequence([NormalizerSpec])

    /// A short human-readable name, e.g. "NFKC" or "none".
    public var summary: String {
        switch self {
        case .none: return "none"
        case .nfc: return "NFC"
        case .nfd: return "NFD"
        case .nfkc: return "NFKC"
        case .nfkd: return "NFKD"
        case .lowercase: return "Lowercase"
        case let .replace(pattern, content): return "Replace(\(pattern.debugDescription)→\(content.debugDescription))"
        case let .prepend(text): return "Prepend(\(text.debugDescription))"
        case let .sequence(steps): return steps.isEmpty ? "none" : steps.map(\.summary).joined(separator: "+")
        }
    }
}
