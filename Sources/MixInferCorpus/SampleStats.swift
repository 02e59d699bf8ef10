/// What reading a category's sample delivered and what it skipped.
package struct SampleStats: Sendable, Equatable {
    /// Text bytes delivered (the documents' total size).
    package var bytes: Int
    /// Documents delivered.
    package var documents: Int
    /// JSON lines or Parquet rows whose text field is missing or null (or not a string).
    package var skippedMissingField: Int
    /// JSON lines or Parquet values that are not valid UTF-8.
    package var skippedInvalidUTF8: Int

    package init(bytes: Int = 0, documents: Int = 0, skippedMissingField: Int = 0, skippedInvalidUTF8: Int = 0) {
        self.bytes = bytes
        self.documents = documents
        self.skippedMissingField = skippedMissingField
        self.skippedInvalidUTF8 = skippedInvalidUTF8
    }

    /// Counts one delivered document of `count` bytes.
    mutating func delivered(_ count: Int) {
        bytes += count
        documents += 1
    }
}
