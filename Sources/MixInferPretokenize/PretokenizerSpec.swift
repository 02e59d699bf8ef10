/// How a split step treats the pieces its pattern matches (HF `tokenizers` SplitDelimiterBehavior).
package enum SplitBehavior: String, Sendable, Codable {
    case isolated = "Isolated"
    case removed = "Removed"
    case mergedWithPrevious = "MergedWithPrevious"
    case mergedWithNext = "MergedWithNext"
    case contiguous = "Contiguous"
}

/// What a split step matches: a regular expression or a literal string.
package enum SplitPattern: Sendable, Equatable {
    case regex(String)
    case literal(String)
}

/// The rules that cut normalized text into pretokens ("words"); merges never cross a pretoken.
package indirect enum PretokenizerSpec: Sendable, Equatable {
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
    /// HF Metaspace: spaces become `replacement` (`▁`), which is prepended to a piece not starting with it
    /// (`always`; `first`: only to the first piece; `never`), then the piece is cut before each `replacement` when `split`.
    case metaspace(replacement: String, prependScheme: MetaspacePrepend, split: Bool)
}

/// When HF Metaspace prepends its replacement character.
package enum MetaspacePrepend: String, Sendable, Codable {
    case always, first, never
}

/// Pretokenizer regexes of known tokenizer families, as their files or libraries state them.
package enum PretokenizerPresets {
    /// GPT-2 / r50k / p50k, and HF ByteLevel(use_regex: true).
    package static let gpt2 =
        #"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"#
    /// cl100k_base (GPT-3.5/4) as tiktoken states it.
    package static let cl100k =
        #"'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]++[\r\n]*|\s*[\r\n]|\s+(?!\S)|\s+"#
    /// Llama 3 (cl100k-style, as its tokenizer.json states it).
    package static let llama3 =
        #"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"#
    /// r50k / p50k as tiktoken 0.14 states it (possessive form of the GPT-2 regex).
    package static let r50kTiktoken =
        #"'(?:[sdmt]|ll|ve|re)| ?\p{L}++| ?\p{N}++| ?[^\s\p{L}\p{N}]++|\s++$|\s+(?!\S)|\s"#
    /// cl100k_base as tiktoken 0.14 states it.
    package static let cl100kTiktoken =
        #"'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+| ?[^\s\p{L}\p{N}]++[\r\n]*+|\s++$|\s*[\r\n]|\s+(?!\S)|\s"#
    /// o200k_base (GPT-4o) = Llama 4's `O200K_PATTERN`.
    package static let o200k =
        #"[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?|[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+"#
    /// Qwen 1/2/2.5/3 (single digits); used with NFC.
    package static let qwen =
        #"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"#
    /// Qwen 3.5/3.6 (`QWEN3_5_PAT_STR`); used with NFC.
    package static let qwen35 =
        #"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?[\p{L}\p{M}]+|\p{N}| ?[^\s\p{L}\p{M}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"#
    /// CLIP (open_clip `SimpleTokenizer`, case-insensitive; whitespace is dropped).
    package static let clip =
        #"(?i)<start_of_text>|<end_of_text>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+"#

    /// A named preset: its pretokenizer and the normalizer its family applies (Qwen: NFC).
    package struct Preset: Sendable {
        package var name: String
        package var pretokenizer: PretokenizerSpec
        package var normalizer: NormalizerSpec
    }

    static func isolated(_ pattern: String) -> PretokenizerSpec {
        .split(pattern: .regex(pattern), behavior: .isolated, invert: false)
    }

    /// Presets by name, for `--pretokenizer NAME`.
    package static let named: [String: Preset] = {
        var table: [String: Preset] = [:]
        func add(_ names: [String], _ spec: PretokenizerSpec, _ normalizer: NormalizerSpec = .none) {
            for name in names { table[name] = Preset(name: names[0], pretokenizer: spec, normalizer: normalizer) }
        }
        add(["gpt2", "r50k", "p50k"], isolated(r50kTiktoken))
        add(["cl100k"], isolated(cl100kTiktoken))
        add(["llama3"], isolated(llama3))
        add(["o200k", "llama4"], isolated(o200k))
        add(["qwen", "qwen2", "qwen3"], isolated(qwen), .nfc)
        add(["qwen3.5", "qwen3.6", "qwen35"], isolated(qwen35), .nfc)
        add(["clip"], .split(pattern: .regex(clip), behavior: .removed, invert: true), .lowercase)
        add(["none"], .none)
        return table
    }()

    /// Names accepted by `named`, sorted.
    package static var names: [String] { named.keys.sorted() }
}

/// Text normalization applied to a whole document before pretokenization.
package indirect enum NormalizerSpec: Sendable, Equatable {
    case none
    case nfc, nfd, nfkc, nfkd
    case lowercase
    /// Replace every occurrence of a literal string.
    case replace(pattern: String, content: String)
    case prepend(String)
    case sequence([NormalizerSpec])

    /// A short human-readable name, e.g. "NFKC" or "none".
    package var summary: String {
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

extension PretokenizerSpec {
    /// A short human-readable description, naming known preset regexes.
    package var summary: String {
        switch self {
        case .none: return "none"
        case let .byteLevel(prefix, useRegex):
            return "ByteLevel(\(useRegex ? "gpt2 regex" : "no regex")\(prefix ? ", prefix space" : ""))"
        case let .split(.regex(pattern), behavior, invert):
            let known = PretokenizerPresets.named.values.first { preset in
                if case let .split(.regex(p), _, _) = preset.pretokenizer { return p == pattern }
                return false
            }?.name
            let name = known ?? (pattern.count > 60 ? String(pattern.prefix(57)) + "…" : pattern)
            return "Split(\(name.debugDescription), \(behavior.rawValue)\(invert ? ", inverted" : ""))"
        case let .split(.literal(text), behavior, invert):
            return "Split(literal \(text.debugDescription), \(behavior.rawValue)\(invert ? ", inverted" : ""))"
        case let .digits(individual): return individual ? "Digits(individual)" : "Digits"
        case .whitespaceSplit: return "WhitespaceSplit"
        case let .sequence(steps): return steps.isEmpty ? "none" : steps.map(\.summary).joined(separator: " → ")
        case let .metaspace(replacement, scheme, split):
            return "Metaspace(\(replacement), prepend \(scheme.rawValue)\(split ? ", split" : ""))"
        }
    }
}
