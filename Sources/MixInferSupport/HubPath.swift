import Foundation

/// Files of a Hub dataset, spelled as `huggingface_hub`'s file system spells them:
/// `hf://datasets/ORG/NAME[@REVISION]/PATTERN`, e.g.
/// `hf://datasets/HuggingFaceFW/fineweb-2/data/fra_Latn/train/*.parquet`. The pattern (a glob, or a file or folder
/// path; empty: the whole repository) is matched inside the cached snapshot of the revision (default `main`). A
/// revision with slashes is written as it is (`@refs/convert/parquet`) or with `%2F`.
package struct HubPath: Sendable, Equatable {
    package static let scheme = "hf://"

    package let repository: HubRepository
    package let revision: String?
    /// The files' path or glob inside the repository.
    package let pattern: String

    /// Whether `text` is meant as a Hub path (starts with `hf://`), valid or not.
    package static func isHubPath(_ text: String) -> Bool { text.hasPrefix(scheme) }

    /// Parses `text`; throws `HubCacheMiss` (its reason: what is wrong with the spelling) for anything but a dataset
    /// path of the form above.
    package init(_ text: String) throws(HubCacheMiss) {
        guard Self.isHubPath(text) else { throw HubCacheMiss(reason: "does not start with \(Self.scheme)") }
        var parts = text.dropFirst(Self.scheme.count).split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.first == "datasets", parts.count >= 3 else {
            throw HubCacheMiss(reason: "is not a dataset path (hf://datasets/ORG/NAME/PATTERN)")
        }
        var name = parts[2]
        var revision: String?
        if let at = name.firstIndex(of: "@") {
            revision = String(name[name.index(after: at)...]).removingPercentEncoding
            name = String(name[..<at])
            // `@refs/convert/parquet`, `@refs/pr/3`: the revision takes the next two components too.
            if revision == "refs", parts.count >= 5 {
                revision = "refs/\(parts[3])/\(parts[4])"
                parts.removeSubrange(3...4)
            }
        }
        let id = parts[1] + "/" + name
        guard let repository = HubRepository(id: id, kind: .dataset) else {
            throw HubCacheMiss(reason: "names no valid dataset id ('\(id)')")
        }
        if let revision, revision.isEmpty { throw HubCacheMiss(reason: "has an empty revision after '@'") }
        self.repository = repository
        self.revision = revision
        pattern = parts.dropFirst(3).joined(separator: "/")
    }
}
