import Foundation
import MixInferSupport

/// What a failed pair leaves in the output folder beside where its result would be: `OUT/<tokenizer>__<set>.failed`,
/// one JSON object `{"tokenizer": PATH, "category_set": SET, "error": MESSAGE}`, written atomically. A later run
/// without `--force` reads it back as the same failure instead of running the pair again, so the shards of a
/// `batch --shard` job array and the run that then writes the summaries agree on every pair. The name does not end
/// in `.json`, so no result file can have it and a glob of the results (`OUT/*.json`) never picks it up.
/// A pair that succeeds removes its failure record; a pair that fails removes its result (`--force` after success).
package struct BatchFailureRecord: Sendable, Equatable {
    /// The tokenizer as the manifest gives it (resolved path or Hub id), like a result's `tokenizer`.
    package var tokenizer: String
    package var categorySet: String
    /// The pair's one-line error message.
    package var error: String

    package init(tokenizer: String, categorySet: String, error: String) {
        self.tokenizer = tokenizer
        self.categorySet = categorySet
        self.error = error
    }

    /// Where the failure record of the pair whose result goes to `resultPath` (`….json`) goes.
    package static func path(forResult resultPath: String) -> String {
        (resultPath.hasSuffix(".json") ? String(resultPath.dropLast(5)) : resultPath) + ".failed"
    }

    /// The record as written: one line of JSON, keys in a fixed order.
    var json: String {
        "{\"tokenizer\": \(JSONText.quote(tokenizer)), \"category_set\": \(JSONText.quote(categorySet)), "
            + "\"error\": \(JSONText.quote(error))}\n"
    }

    /// Writes the record atomically to `path`.
    package func write(to path: String) throws {
        try atomicWrite(Data(json.utf8), to: path)
    }

    /// The record at `path`, or nil when there is none (or it is not a record: then the pair runs again).
    package static func read(_ path: String) -> BatchFailureRecord? {
        guard let data = FileManager.default.contents(atPath: path),
              let fields = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any],
              let error = fields["error"] as? String else { return nil }
        return BatchFailureRecord(tokenizer: fields["tokenizer"] as? String ?? "",
                                  categorySet: fields["category_set"] as? String ?? "", error: error)
    }
}
