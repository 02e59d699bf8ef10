import Foundation
import MixInferSupport

/// Tokenizers named by Hub id (`meta-llama/Llama-3.1-8B`, `gpt2`): the id is looked up in the local Hub cache
/// (`HubCache`), and the file a loader would take is read from the revision's snapshot.
package enum HubTokenizer {
    /// The tokenizer files of a model repository or folder, in the order a loader prefers them: the HF file, then
    /// Mistral's Tekken, then a SentencePiece model, then GPT-2's `merges.txt` (with `vocab.json` beside it).
    package static let files = ["tokenizer.json", "tekken.json", "tokenizer.model", "merges.txt"]

    /// What `hf download` fetches for a tokenizer: the files above and `vocab.json`.
    static let downloads = files + ["vocab.json"]

    /// Endings of tokenizer and corpus file names: a spelling with one is a file that does not exist, not an id.
    private static let fileEndings = [".json", ".model", ".txt", ".tiktoken", ".gguf", ".gz", ".zst", ".bin",
                                      ".vocab", ".yaml", ".yml", ".jsonl", ".parquet"]

    /// The tokenizer file in `folder` a loader would take, or nil.
    package static func file(in folder: String) -> String? {
        files.lazy.map { (folder as NSString).appendingPathComponent($0) }.first {
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: $0, isDirectory: &isDirectory) && !isDirectory.boolValue
        }
    }

    /// The model repository `spelling` names when it is not a file: a valid Hub id that does not end like a file
    /// name (`tokenizer.json`), start like a path (`./`, `../`, `~`) or hold more than one slash.
    package static func repository(_ spelling: String) -> HubRepository? {
        let lowered = spelling.lowercased()
        guard !fileEndings.contains(where: { lowered.hasSuffix($0) }) else { return nil }
        return HubRepository(id: spelling, kind: .model)
    }

    /// The tokenizer file of `repository` at `revision` (nil: `main`) in `cache`. Throws
    /// `TokenizerError.notInHubCache` (with the command that fetches the files) when the repository, the revision
    /// or a tokenizer file in its snapshot is not cached.
    package static func resolve(_ repository: HubRepository, revision: String?, cache: HubCache) throws -> String {
        let fetch = repository.downloadCommand(revision: revision, files: downloads)
        let snapshot: String
        do {
            snapshot = try cache.snapshot(of: repository, revision: revision)
        } catch {
            let reason = error.reason.hasPrefix("not in") ? "no such file, and " + error.reason : error.reason
            throw TokenizerError.notInHubCache(id: repository.id, reason: reason, fetch: fetch)
        }
        guard let file = file(in: snapshot) else {
            throw TokenizerError.notInHubCache(id: repository.id, reason: "its snapshot \(snapshot) holds no tokenizer "
                + "file (\(files.joined(separator: ", ")))", fetch: fetch)
        }
        return file
    }
}
