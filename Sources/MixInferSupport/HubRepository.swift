/// A repository of the Hugging Face Hub, named as `huggingface_hub` names it: `org/name`, or a bare `name` as older
/// models have (`gpt2`). A model or a dataset; the local cache keeps each in a folder of its own (`HubCache`).
package struct HubRepository: Sendable, Hashable, CustomStringConvertible {
    /// What the repository holds; it is part of the cache folder's name.
    package enum Kind: String, Sendable {
        case model, dataset
    }

    package let kind: Kind
    /// `org/name` or `name`.
    package let id: String

    /// The repository `id` names, or nil when the Hub would refuse the spelling: one or two components of ASCII
    /// letters, digits, `-`, `_` and `.`, each starting and ending with a letter, digit or `_`, without `--` or
    /// `..`, at most 96 characters.
    package init?(id: String, kind: Kind = .model) {
        let components = id.split(separator: "/", omittingEmptySubsequences: false)
        guard (1...2).contains(components.count), id.count <= 96, !id.contains("--"), !id.contains(".."),
              components.allSatisfy(Self.isValidComponent) else { return nil }
        self.kind = kind
        self.id = id
    }

    private static func isValidComponent(_ component: Substring) -> Bool {
        func isWordCharacter(_ character: Character) -> Bool {
            character.isASCII && (character.isLetter || character.isNumber || character == "_")
        }
        guard let first = component.first, let last = component.last else { return false }
        return isWordCharacter(first) && isWordCharacter(last)
            && component.allSatisfy { isWordCharacter($0) || $0 == "-" || $0 == "." }
    }

    /// The repository's name without its organisation: `Llama-3.1-8B` for `meta-llama/Llama-3.1-8B`.
    package var name: String { String(id.split(separator: "/").last ?? Substring(id)) }

    /// The folder the cache keeps it in: `models--meta-llama--Llama-3.1-8B`, `datasets--HuggingFaceFW--fineweb-2`.
    package var folderName: String {
        "\(kind.rawValue)s--" + id.replacingOccurrences(of: "/", with: "--")
    }

    package var description: String { id }

    /// The `hf` command (huggingface_hub's CLI) that fetches only `files` (names; a name the repository lacks is
    /// skipped) or the files matching `include` (a glob) of this repository at `revision` into the cache.
    package func downloadCommand(revision: String?, files: [String] = [], include: String? = nil) -> String {
        var words = ["hf", "download", id]
        if kind == .dataset { words += ["--repo-type", "dataset"] }
        if let revision { words += ["--revision", Self.quoted(revision)] }
        words += files.map(Self.quoted)
        if let include { words += ["--include", Self.quoted(include)] }
        return words.joined(separator: " ")
    }

    /// `word` as a shell reads it back: single-quoted when it holds anything but letters, digits and `-_./+@`.
    private static func quoted(_ word: String) -> String {
        let plain = !word.isEmpty && word.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_./+@".contains($0)) }
        return plain ? word : "'" + word.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
    }

    /// What a user must do first for a repository whose terms must be accepted (Llama, Gemma, The Stack).
    package static let gatedNote = "a gated repository needs its terms accepted on the Hub and `hf auth login` first"
}
