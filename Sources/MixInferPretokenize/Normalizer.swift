import Foundation

extension NormalizerSpec {
    /// Applies the normalization to a document.
    package func apply(_ text: String) -> String {
        switch self {
        case .none: return text
        case .nfc: return text.precomposedStringWithCanonicalMapping
        case .nfd: return text.decomposedStringWithCanonicalMapping
        case .nfkc: return text.precomposedStringWithCompatibilityMapping
        case .nfkd: return text.decomposedStringWithCompatibilityMapping
        case .lowercase: return text.lowercased()
        case let .replace(pattern, content):
            return pattern.isEmpty ? text : text.replacingOccurrences(of: pattern, with: content)
        case let .prepend(prefix): return text.isEmpty ? text : prefix + text
        case let .sequence(steps): return steps.reduce(text) { $1.apply($0) }
        }
    }

    /// True when `apply` is the identity.
    package var isIdentity: Bool {
        switch self {
        case .none: return true
        case let .sequence(steps): return steps.allSatisfy(\.isIdentity)
        default: return false
        }
    }
}
