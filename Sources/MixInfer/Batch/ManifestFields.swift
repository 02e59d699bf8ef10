/// The fields of a batch manifest exactly as written, the same for JSON and YAML (snake_case keys; unknown keys
/// are ignored). `BatchManifest` checks them, applies the defaults and resolves the paths.
struct ManifestFields: Decodable, Equatable {
    /// One tokenizer of the batch: a bare path, or a mapping with `path` and optional settings.
    struct Tokenizer: Decodable, Equatable {
        var name: String?
        var path: String
        var merges: Int?
        var startMerge: Int?
        var pretokenizer: String?

        enum CodingKeys: String, CodingKey {
            case name, path, merges, startMerge = "start_merge", pretokenizer
        }

        init(path: String) { self.path = path }

        init(from decoder: Decoder) throws {
            if let path = try? decoder.singleValueContainer().decode(String.self) {
                self.init(path: path)
                return
            }
            guard let fields = try? decoder.container(keyedBy: CodingKeys.self) else {
                throw DecodingError.typeMismatch(Self.self, .init(codingPath: decoder.codingPath,
                                                                   debugDescription: "neither a path nor a mapping"))
            }
            self.init(path: try fields.decode(String.self, forKey: .path))
            name = try fields.decodeIfPresent(String.self, forKey: .name)
            merges = try fields.decodeIfPresent(Int.self, forKey: .merges)
            startMerge = try fields.decodeIfPresent(Int.self, forKey: .startMerge)
            pretokenizer = try fields.decodeIfPresent(String.self, forKey: .pretokenizer)
        }
    }

    /// One folder of categories, short for a single set named `default`.
    var categories: String?
    /// Category sets by name.
    var categorySets: [String: String]?
    var tokenizers: [Tokenizer]
    var merges: Int?
    var sampleBytes: Int?
    /// LP settings for every pair, as `infer`'s `--gap`, `--time-limit` and `--min-merge-count`.
    var gap: Double?
    var timeLimit: Double?
    var minMergeCount: Int?

    enum CodingKeys: String, CodingKey {
        case categories, categorySets = "category_sets", tokenizers, merges, sampleBytes = "sample_bytes"
        case gap, timeLimit = "time_limit", minMergeCount = "min_merge_count"
    }
}
