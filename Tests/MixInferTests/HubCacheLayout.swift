import Foundation
@testable import MixInferSupport

/// A Hub cache as `huggingface_hub` lays it out, built in a temporary folder: for each repository `refs/<revision>`
/// files holding commit hashes, `blobs/` with the content and `snapshots/<commit>/<path>` relative links into
/// `blobs/`. Nothing outside the folder is read or written.
final class HubCacheLayout {
    let folder: TemporaryDirectory
    var directory: String { folder.path }
    var cache: HubCache { HubCache(directory: directory) }

    init() throws { folder = try TemporaryDirectory() }

    /// Adds the commit `commit` of `repository` holding `files` (path in the repository → file whose bytes it holds)
    /// and points each of `refs` at it. Returns the snapshot folder.
    @discardableResult
    func add(_ repository: HubRepository, commit: String, refs: [String] = ["main"], files: [String: String]) throws -> String {
        let root = cache.folder(of: repository)
        let snapshot = "\(root)/snapshots/\(commit)"
        let manager = FileManager.default
        for (path, source) in files {
            let blob = "\(root)/blobs/" + String(FNV1a.hash("\(commit)/\(path)"), radix: 16)
            try manager.createDirectory(atPath: "\(root)/blobs", withIntermediateDirectories: true)
            if !manager.fileExists(atPath: blob) { try manager.copyItem(atPath: source, toPath: blob) }
            let link = "\(snapshot)/\(path)"
            try manager.createDirectory(atPath: (link as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            let depth = path.split(separator: "/").count + 1
            let target = String(repeating: "../", count: depth) + "blobs/" + (blob as NSString).lastPathComponent
            try manager.createSymbolicLink(atPath: link, withDestinationPath: target)
        }
        try manager.createDirectory(atPath: snapshot, withIntermediateDirectories: true)
        for ref in refs {
            let refFile = "\(root)/refs/\(ref)"
            try manager.createDirectory(atPath: (refFile as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data(commit.utf8).write(to: URL(fileURLWithPath: refFile))
        }
        return snapshot
    }

    /// The model repository `id`.
    static func model(_ id: String) -> HubRepository { HubRepository(id: id, kind: .model)! }

    /// The dataset repository `id`.
    static func dataset(_ id: String) -> HubRepository { HubRepository(id: id, kind: .dataset)! }

    /// A 40-digit commit hash made of `digit`.
    static func commit(_ digit: Character) -> String { String(repeating: digit, count: 40) }
}
