import MixInferSupport

/// Problems with a batch manifest (JSON or YAML): `reason` says which field and what it should be.
package enum ManifestError: MixInferError, Equatable {
    case unreadable(path: String)
    /// Not JSON / YAML at all (`syntax` names the notation it was read as).
    case malformed(path: String, syntax: String, reason: String)
    /// Well-formed, but a field is missing, of the wrong type or inconsistent.
    case invalid(path: String, reason: String)

    package var description: String {
        switch self {
        case let .unreadable(path): return "\(path): cannot read the manifest (no such file, or not readable)"
        case let .malformed(path, syntax, reason): return "\(path): manifest is not valid \(syntax): \(reason)"
        case let .invalid(path, reason): return "\(path): invalid manifest: \(reason)"
        }
    }
}
