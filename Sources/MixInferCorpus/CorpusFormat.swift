import Foundation
import MixInferSupport

/// What a corpus file holds, told by its name: `en.txt`, `fr.jsonl.zst`, `data/train-00000-of-00002.parquet`.
struct CorpusFormat: Equatable {
    enum Content: Equatable {
        /// Plain text, delivered in chunks of about `SampleReader.chunkBytes` cut at line ends.
        case text
        /// One JSON object per line; the text field of each is one document.
        case jsonLines
        /// Apache Parquet; each value of the text column is one document.
        case parquet
    }

    var content: Content
    /// The compression the name promises (`.gz`, `.zst`); nil for none.
    var compression: StreamingDecompressor.Format?
    /// The name without its format suffixes: `fr.jsonl.zst` → `fr`.
    var baseName: String

    static let textExtensions: Set<String> = ["txt", "text", "md"]
    static let jsonLinesExtensions: Set<String> = ["jsonl"]
    /// `.json` is read as JSON lines only when compressed (`.json.gz`, `.json.zst`): a plain `.json` beside the
    /// data is usually metadata (`dataset_infos.json`, a manifest).
    static let compressedOnlyJSONLines: Set<String> = ["json"]

    /// nil when the name is not a format mixinfer reads.
    init?(path: String) {
        var name = (path as NSString).lastPathComponent
        let lowered = name.lowercased()
        if lowered.hasSuffix(".gz") { compression = .gzip; name.removeLast(3) }
        else if lowered.hasSuffix(".zst") { compression = .zstd; name.removeLast(4) }
        else { compression = nil }
        let ext = (name as NSString).pathExtension.lowercased()
        switch ext {
        case _ where Self.textExtensions.contains(ext): content = .text
        case _ where Self.jsonLinesExtensions.contains(ext): content = .jsonLines
        case _ where Self.compressedOnlyJSONLines.contains(ext) && compression != nil: content = .jsonLines
        case "parquet" where compression == nil: content = .parquet
        default: return nil
        }
        baseName = (name as NSString).deletingPathExtension
    }

    /// Whether `path`'s file name marks a Hugging Face dataset card (`README.md`, any case), never a sample.
    static func isDatasetCard(_ path: String) -> Bool {
        (path as NSString).lastPathComponent.lowercased() == "readme.md"
    }

    /// The kind a skipped file is counted under: its lowercased extension, or "no extension".
    static func skippedKind(_ path: String) -> String {
        if isDatasetCard(path) { return "dataset card" }
        let ext = (path as NSString).pathExtension.lowercased()
        return ext.isEmpty ? "no extension" : ext
    }
}
