import MixInferSupport
import MixInferInference
/// The fields of a batch manifest exactly as written, the same for JSON and YAML (snake_case keys; a key that is
/// not one of these is an error, see `ManifestKeys`). `BatchManifest` checks them, applies the defaults and
/// resolves the paths.
struct ManifestFields: Decodable, Equatable {
    /// One tokenizer of the batch: a bare path, or a mapping with `path`, an optional `name` and settings.
    struct Tokenizer: Decodable, Equatable {
        var name: String?
        var path: String
        var settings = RequestSettings()

        enum CodingKeys: String, CodingKey, CaseIterable { case name, path }

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
            settings = try RequestSettings(from: decoder.container(keyedBy: RequestField.self))
        }
    }

    /// One folder of categories, short for a single set named `default`.
    var categories: String?
    /// Category sets by name.
    var categorySets: [String: String]?
    var tokenizers: [Tokenizer]
    /// Settings for every pair.
    var settings: RequestSettings

    enum CodingKeys: String, CodingKey, CaseIterable {
        case categories, categorySets = "category_sets", tokenizers
    }

    init(from decoder: Decoder) throws {
        let fields = try decoder.container(keyedBy: CodingKeys.self)
        categories = try fields.decodeIfPresent(String.self, forKey: .categories)
        categorySets = try fields.decodeIfPresent([String: String].self, forKey: .categorySets)
        tokenizers = try fields.decode([Tokenizer].self, forKey: .tokenizers)
        settings = try RequestSettings(from: decoder.container(keyedBy: RequestField.self))
    }
}
