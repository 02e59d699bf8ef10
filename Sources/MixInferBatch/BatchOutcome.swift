import Foundation
import MixInferSupport

extension BatchRunner {
    /// What became of one (tokenizer, category set) pair: its shares as its result file has them, or its error.
    package struct Outcome: Sendable {
        package var tokenizer: String
        package var categorySet: String
        package var resultPath: String
        /// Shares by category, or the error message.
        package var result: Result<[String: Double], BatchFailure>
        /// True when the result (or failure) was kept from an earlier run or another shard, not computed now.
        package var skipped: Bool
        /// The warnings of a pair's estimate ("code: message").
        package var warnings: [String] = []
        /// The groups' totals of a pair's estimate, by group name.
        package var groups: [String: Double] = [:]

        /// A failed pair: `message` is its error (kept from a failure record when `skipped`).
        init(tokenizer: String, categorySet: String, resultPath: String, failure message: String, skipped: Bool) {
            self.tokenizer = tokenizer
            self.categorySet = categorySet
            self.resultPath = resultPath
            self.result = .failure(BatchFailure(message: message))
            self.skipped = skipped
        }

        /// A finished pair as its result file (`Report.json`) records it: shares, groups' totals and warnings as
        /// written there, so a pair computed now and one read back from an earlier run or another shard give the
        /// same summary, byte for byte. Nil when `data` is not a result.
        init?(tokenizer: String, categorySet: String, resultPath: String, result data: Data, skipped: Bool) {
            guard let json = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any],
                  let written = json["shares"] as? [String: Any] else { return nil }
            let shares = written.compactMapValues(Self.number)
            guard shares.count == written.count else { return nil }
            self.tokenizer = tokenizer
            self.categorySet = categorySet
            self.resultPath = resultPath
            self.result = .success(shares)
            self.skipped = skipped
            groups = ((json["groups"] as? [String: [String: Any]]) ?? [:]).compactMapValues { Self.number($0["share"]) }
            warnings = ((json["warnings"] as? [[String: Any]]) ?? []).map {
                "\($0["code"] as? String ?? "?"): \($0["message"] as? String ?? "")"
            }
        }

        /// The error message of a failed pair, nil for a finished one.
        package var failure: String? {
            if case let .failure(error) = result { return error.message }
            return nil
        }

        /// A JSON number as `JSONSerialization` gives it (a whole number such as `0` may come as an integer).
        private static func number(_ value: Any?) -> Double? {
            if let value = value as? Double { return value }
            if let value = value as? Int { return Double(value) }
            return (value as? NSNumber)?.doubleValue
        }
    }

    /// Why a pair failed: the error's one-line message.
    package struct BatchFailure: Error, Sendable { public var message: String }
}
