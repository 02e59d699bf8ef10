import MixInferSupport

/// A group of categories and their total share: English, code and non-English as the paper reports them, or any
/// grouping the user declares (a category manifest's `group:`, or `InferenceRequest.groups`).
public struct GroupEstimate: Sendable {
    public var name: String
    /// Its categories, in the order they were given.
    public var categories: [String]
    /// The sum of their shares.
    public var share: Double
    /// The 90 % interval of the sum, from the same bootstrap replicates as the categories' (with `intervals`).
    public var interval: (low: Double, high: Double)?

    /// The groups of `names`: those `declared` by name (the request's), then the categories' own (`own[i]` names
    /// category i's group), in the order first named. A declared group may name only categories of the run.
    static func groups(declared: [String: [String]], own: [String?], names: [String]) throws -> [(name: String, members: [Int])] {
        var groups: [(name: String, members: [Int])] = []
        for (name, members) in declared.sorted(by: { $0.key < $1.key }) {
            let indices = try members.map { member -> Int in
                guard let index = names.firstIndex(of: member) else {
                    throw InvalidSetting(.group, "'\(name)' names '\(member)', which is not one of the categories")
                }
                return index
            }
            groups.append((name, indices))
        }
        for (index, group) in own.enumerated() {
            guard let group, !declared.keys.contains(group) else { continue }
            if let position = groups.firstIndex(where: { $0.name == group }) {
                groups[position].members.append(index)
            } else {
                groups.append((group, [index]))
            }
        }
        return groups
    }
}
