import Foundation
import MixInferSupport

/// Rejects keys a manifest does not know — a typo such as `sample-bytes` would otherwise be ignored silently —
/// naming the key, where it is, and the closest known key.
enum ManifestKeys {
    /// The keys of the settings a manifest may give (`RequestField.inManifest`).
    static let settings = RequestField.allCases.filter(\.inManifest).map(\.rawValue)
    static let topLevel = ManifestFields.CodingKeys.allCases.map(\.rawValue) + settings
    static let tokenizer = ManifestFields.Tokenizer.CodingKeys.allCases.map(\.rawValue) + settings

    /// Checks the keys of a manifest that decoded; `syntax` says how to read `data` again as plain values.
    static func check(_ data: Data, syntax: ManifestSyntax, path: String) throws {
        let document: Any?
        switch syntax {
        case .json: document = try? JSONSerialization.jsonObject(with: data)
        case .yaml: document = try? YAMLDocument.load(String(decoding: data, as: UTF8.self))
        }
        guard let top = document as? [String: Any] else { return }
        try check(Array(top.keys), known: topLevel, at: nil, path: path)
        for (index, entry) in ((top["tokenizers"] as? [Any]) ?? []).enumerated() {
            guard let fields = entry as? [String: Any] else { continue }
            try check(Array(fields.keys), known: tokenizer, at: "tokenizers[\(index)]", path: path)
        }
    }

    private static func check(_ keys: [String], known: [String], at place: String?, path: String) throws {
        guard let unknown = keys.sorted().first(where: { !known.contains($0) }) else { return }
        let closest = known.min { distance(unknown, $0) < distance(unknown, $1) }
        let hint = closest.map { distance(unknown, $0) <= max(2, unknown.count / 3) ? " (did you mean \"\($0)\"?)" : "" } ?? ""
        throw ManifestError.invalid(path: path, reason: "unknown key \"\(unknown)\"" + (place.map { " in \($0)" } ?? "")
            + hint + "; known keys: " + known.sorted().joined(separator: ", "))
    }

    /// Edit distance (insertions, deletions, substitutions), with `-` and `_` counted as the same.
    static func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a.lowercased().replacingOccurrences(of: "-", with: "_"))
        let y = Array(b.lowercased().replacingOccurrences(of: "-", with: "_"))
        var previous = Array(0...y.count)
        for i in 1...max(1, x.count) where !x.isEmpty {
            var current = [i] + [Int](repeating: 0, count: y.count)
            for j in stride(from: 1, through: y.count, by: 1) {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return x.isEmpty ? y.count : previous[y.count]
    }
}
