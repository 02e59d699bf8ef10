import Foundation
import MixInferTokenizers
import MixInferPretokenize

/// Names the text processing word counts were made under — the tokenizer's normalizer as counting applies it
/// (`TokenizerModel.countingNormalizer`: SentencePiece's trainer prefixes every line) and pretokenizer — in a
/// versioned text built from explicit fields, so that renaming Swift code never changes it silently. Stored in
/// count files and hashed into cache keys; counts apply only under an identical key.
package struct ProcessingKey: Sendable, Equatable {
    /// Bumped whenever the counting itself changes (what a word is, how text is read): older counts are then
    /// recounted (cache) or refused with a reason (count files), never misread.
    static let version = 2
    static let prefix = "mixinfer-processing/"

    package let text: String

    package init(_ model: TokenizerModel) {
        text = Self.prefix + "\(Self.version)\nnormalizer: " + Self.describe(model.countingNormalizer)
            + "\npretokenizer: " + Self.describe(model.pretokenizer)
    }

    /// Whether `stored` was written by a mixinfer whose keys are not of this version.
    package static func isOtherVersion(_ stored: String) -> Bool { !stored.hasPrefix(prefix + "\(version)\n") }

    static func describe(_ spec: NormalizerSpec) -> String {
        switch spec {
        case .none: return "none"
        case .nfc: return "nfc"
        case .nfd: return "nfd"
        case .nfkc: return "nfkc"
        case .nfkd: return "nfkd"
        case .lowercase: return "lowercase"
        case let .replace(pattern, content): return "replace(\(quoted(pattern)), \(quoted(content)))"
        case let .prepend(text): return "prepend(\(quoted(text)))"
        case let .sequence(steps): return "sequence[" + steps.map(describe).joined(separator: ", ") + "]"
        }
    }

    static func describe(_ spec: PretokenizerSpec) -> String {
        switch spec {
        case .none: return "none"
        case let .byteLevel(prefix, regex): return "byte-level(prefix-space=\(flag(prefix)), regex=\(flag(regex)))"
        case let .split(pattern, behavior, invert):
            let what: String
            switch pattern {
            case let .regex(text): what = "regex " + quoted(text)
            case let .literal(text): what = "literal " + quoted(text)
            }
            return "split(\(what), \(behavior.rawValue), invert=\(flag(invert)))"
        case let .digits(individual): return "digits(individual=\(flag(individual)))"
        case .whitespaceSplit: return "whitespace-split"
        case let .sequence(steps): return "sequence[" + steps.map(describe).joined(separator: ", ") + "]"
        case let .metaspace(replacement, scheme, split):
            return "metaspace(\(quoted(replacement)), prepend=\(scheme.rawValue), split=\(flag(split)))"
        }
    }

    private static func flag(_ value: Bool) -> String { value ? "1" : "0" }

    private static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n") + "\""
    }
}
