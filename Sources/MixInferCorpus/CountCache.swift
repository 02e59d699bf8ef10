import Foundation
import MixInferSupport

/// Word counts kept on disk per (category files, text processing, byte budget), so a second tokenizer with the
/// same pretokenizer and normalizer, or a second run, skips reading and counting text.
/// A file is identified by path, size and modification time; change any and the entry is not used.
public struct CountCache: Sendable {
    package var directory: String

    public init(directory: String) { self.directory = directory }

    /// `$MIXINFER_CACHE`, else `$XDG_CACHE_HOME/mixinfer/counts`, else `$HOME/.cache/mixinfer/counts`.
    public static var defaultDirectory: String {
        let environment = ProcessInfo.processInfo.environment
        if let custom = environment["MIXINFER_CACHE"], !custom.isEmpty { return custom }
        if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") {
            return (xdg as NSString).appendingPathComponent("mixinfer/counts")
        }
        // $HOME first: Foundation's home directory on Linux comes from the password database and ignores it.
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return (home as NSString).appendingPathComponent(".cache/mixinfer/counts")
    }

    /// The entry name of a category's counts.
    package func key(_ category: Category, processing: String, sampleBytes: Int) -> String {
        // The format of each file is named by its path (its extensions); the text field says what is read of it.
        // v3: entries carry the records the sample skipped (v2 entries did not, so they are counted again).
        var description = "cache v3\n\(processing)\nsample bytes: \(category.budget(within: sampleBytes))\n"
            + "text field: \(category.textField ?? Category.defaultTextField)\n"
        for file in category.files {
            let attributes = try? FileManager.default.attributesOfItem(atPath: file)
            let size = (attributes?[.size] as? NSNumber)?.intValue ?? -1
            let modified = (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? -1
            description += "\(file)\t\(size)\t\(modified)\n"
        }
        return FNV1a.hex(FNV1a.hash(description)) + FNV1a.hex(FNV1a.hash(description, seed: 0x8422_2325_cbf2_9ce4))
    }

    /// Cached counts, or nil when absent or unreadable (a damaged entry is ignored, then overwritten).
    package func load(_ key: String) -> WordCounts? {
        guard let counts = try? CountsFile.read(path(key)), counts.counts.count == 1 else { return nil }
        return counts.counts[0]
    }

    package func store(_ key: String, _ counts: WordCounts, name: String) {
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let data = CountsFile.encode(CategoryCounts(processing: key, names: [name], counts: [counts]))
        try? atomicWrite(data, to: path(key))
    }

    func path(_ key: String) -> String { (directory as NSString).appendingPathComponent(key + ".miwc") }
}
