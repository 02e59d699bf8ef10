import Foundation

extension ProgressEvent {
    /// The event as one JSON object on one line, keys in a fixed order (docs/output.md, "Progress events"):
    /// `phase`, `done`, `total`, `unit`, `elapsed`, `remaining`, `finished`, `message`; with files `files_done` and
    /// `files_total`; while solving `lower`, `upper`, `gap` and `target`; in a batch `pair`, `pairs`, `pair_name`;
    /// for a finished pair `status`. Unknown numbers are null.
    package var json: String {
        var fields: [(String, String)] = [
            ("phase", JSONText.quote(phase.rawValue)), ("done", "\(done)"), ("total", total.map { "\($0)" } ?? "null"),
            ("unit", JSONText.quote(unit.name)), ("elapsed", Self.number(elapsed)), ("remaining", Self.number(remaining)),
            ("finished", finished ? "true" : "false"), ("message", JSONText.quote(phaseText)),
        ]
        if let files { fields += [("files_done", "\(files.done)"), ("files_total", "\(files.total)")] }
        if let bounds {
            fields += [("lower", Self.number(bounds.lower)), ("upper", Self.number(bounds.upper)),
                       ("gap", Self.number(bounds.gap)), ("target", Self.number(bounds.target))]
        }
        if let pair {
            fields += [("pair", "\(pair.index)"), ("pairs", "\(pair.total)"), ("pair_name", JSONText.quote(pair.name))]
        }
        if let status { fields.append(("status", JSONText.quote(status))) }
        return "{" + fields.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}"
    }

    /// Up to 10 significant digits; null for nil, infinite or NaN.
    private static func number(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "null" }
        return String(format: "%.10g", value)
    }
}
