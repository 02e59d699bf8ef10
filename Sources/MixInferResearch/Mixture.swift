import Foundation
import MixInferSupport

/// A training mixture: byte shares per category name.
package struct Mixture: Sendable, Equatable {
    package var shares: [(name: String, share: Double)]

    package static func == (a: Mixture, b: Mixture) -> Bool {
        a.shares.map(\.name) == b.shares.map(\.name) && a.shares.map(\.share) == b.shares.map(\.share)
    }

    package init(shares: [(name: String, share: Double)]) {
        self.shares = shares
    }

    /// Parses `"en=0.5,de=0.3,python=0.2"`; shares must be ≥ 0 and sum to 1 (within 1e-6).
    package init(parsing text: String) throws {
        var shares: [(String, Double)] = []
        for item in text.split(separator: ",") {
            let parts = item.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty, let share = Double(parts[1]), share >= 0, share.isFinite else {
                throw UsageError.invalid("--mixture: '\(item)' is not NAME=SHARE with a non-negative number")
            }
            guard !shares.contains(where: { $0.0 == parts[0] }) else {
                throw UsageError.invalid("--mixture: category '\(parts[0])' is given twice")
            }
            shares.append((parts[0], share))
        }
        guard !shares.isEmpty else { throw UsageError.invalid("--mixture is empty") }
        let total = shares.reduce(0) { $0 + $1.1 }
        guard abs(total - 1) <= 1e-6 else {
            throw UsageError.invalid("--mixture: shares sum to \(total), not 1")
        }
        self.shares = shares
    }
}
