import Foundation

extension ProgressEvent {
    /// The event as one JSON object on one line, keys in a fixed order (docs/output.md, "Progress events"):
    /// `phase`, `done`, `total`, `unit`, `elapsed`, `remaining`, `finished`, `message`; with files `files_done` and
    /// `files_total`; while solving `lower`, `upper`, `gap` and `target`; in a batch `pair`, `pairs`, `pair_name`;
    /// for a finished pair `status`. Unknown numbers are null.
    package var json: String {
        var fields: [(String, String)] = [
            ("phase", Self.quoted(phase.rawValue)), ("done", "\(done)"), ("total", total.map { "\($0)" } ?? "null"),
            ("unit", Self.quoted(unit.name)), ("elapsed", Self.number(elapsed)), ("remaining", Self.number(remaining)),
            ("finished", finished ? "true" : "false"), ("message", Self.quoted(phaseText)),
        ]
        if let files { fields += [("files_done", "\(files.done)"), ("files_total", "\(files.total)")] }
        if let bounds {
            fields += [("lower", Self.number(bounds.lower)), ("upper", Self.number(bounds.upper)),
                       ("gap", Self.number(bounds.gap)), ("target", Self.number(bounds.target))]
        }
        if let pair {
            fields += [("pair", "\(pair.index)"), ("pairs", "\(pair.total)"), ("pair_name", Self.quoted(pair.name))]
        }
        if let status { fields.append(("status", Self.quoted(status))) }
        return "{" + fields.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}"
    }

    /// Up to 10 significant digits; null for nil, infinite or NaN.
    private static func number(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "null" }
        return String(format: "%.10g", value)
    }

    /// A JSON string.
    private static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
