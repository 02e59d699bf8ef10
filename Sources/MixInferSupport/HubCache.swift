import Foundation

/// The local cache of Hub repositories that `huggingface_hub` fills (`hf download`, `from_pretrained`), read the way
/// it reads it offline, never written:
///
/// ```
/// <cache>/models--meta-llama--Llama-3.1-8B/refs/main          a commit hash
/// <cache>/models--meta-llama--Llama-3.1-8B/snapshots/<hash>/  the files at that commit (links into blobs/)
/// <cache>/datasets--HuggingFaceFW--fineweb-2/...               datasets alike
/// ```
package struct HubCache: Sendable, Equatable {
    /// The cache folder (`…/huggingface/hub`).
    package let directory: String

    package init(directory: String) { self.directory = directory }

    /// The cache `environment` names, found as huggingface_hub finds it: `HF_HUB_CACHE`, else the older
    /// `HUGGINGFACE_HUB_CACHE`, else `HF_HOME/hub`, else `XDG_CACHE_HOME/huggingface/hub`, else
    /// `~/.cache/huggingface/hub`.
    package init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        func value(_ name: String) -> String? {
            environment[name].flatMap { $0.isEmpty ? nil : Self.expandingTilde($0, environment) }
        }
        if let cache = value("HF_HUB_CACHE") ?? value("HUGGINGFACE_HUB_CACHE") {
            directory = cache
        } else {
            // $HOME first: Foundation's home directory on Linux comes from the password database and ignores it.
            let home = value("HOME") ?? NSHomeDirectory()
            let hfHome = value("HF_HOME")
                ?? ((value("XDG_CACHE_HOME") ?? (home as NSString).appendingPathComponent(".cache")) as NSString)
                    .appendingPathComponent("huggingface")
            directory = (hfHome as NSString).appendingPathComponent("hub")
        }
    }

    private static func expandingTilde(_ path: String, _ environment: [String: String]) -> String {
        guard path == "~" || path.hasPrefix("~/") else { return path }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return home + path.dropFirst()
    }

    /// The folder holding everything cached of `repository`.
    package func folder(of repository: HubRepository) -> String {
        (directory as NSString).appendingPathComponent(repository.folderName)
    }

    /// The snapshot folder of `repository` at `revision` (nil: `main`): the commit `refs/<revision>` names, or the
    /// revision itself when it is a commit whose snapshot is cached.
    package func snapshot(of repository: HubRepository, revision: String?) throws(HubCacheMiss) -> String {
        let revision = revision ?? "main"
        let root = folder(of: repository)
        guard FileManager.default.fileExists(atPath: root) else {
            throw HubCacheMiss(reason: "not in the Hub cache \(directory)")
        }
        guard !revision.isEmpty, !revision.hasPrefix("/"), !revision.split(separator: "/").contains("..") else {
            throw HubCacheMiss(reason: "'\(revision)' is not a revision")
        }
        let snapshots = (root as NSString).appendingPathComponent("snapshots")
        let ref = ((root as NSString).appendingPathComponent("refs") as NSString).appendingPathComponent(revision)
        let commit = (try? String(contentsOfFile: ref, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
        for candidate in [commit, revision].compactMap({ $0 }) where !candidate.isEmpty && !candidate.contains("/") {
            let snapshot = (snapshots as NSString).appendingPathComponent(candidate)
            if FileManager.default.fileExists(atPath: snapshot) { return snapshot }
        }
        let cached = cachedRevisions(root)
        throw HubCacheMiss(reason: "revision \(revision) is not in the Hub cache \(directory)"
            + (cached.isEmpty ? "" : " (cached: \(cached.joined(separator: ", ")))"))
    }

    /// The refs (branches, tags) cached for the repository folder `root`, sorted.
    private func cachedRevisions(_ root: String) -> [String] {
        let refs = (root as NSString).appendingPathComponent("refs")
        guard let enumerator = FileManager.default.enumerator(atPath: refs) else { return [] }
        var names: [String] = []
        while let name = enumerator.nextObject() as? String {
            var isDirectory: ObjCBool = false
            let path = (refs as NSString).appendingPathComponent(name)
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
                names.append(name)
            }
        }
        return names.sorted()
    }
}

/// Why a repository or a revision of it is not in the Hub cache, as a phrase naming the cache
/// ("not in the Hub cache /home/u/.cache/huggingface/hub"). Callers turn it into their own typed error.
package struct HubCacheMiss: Error, Sendable, Equatable {
    package let reason: String
}
