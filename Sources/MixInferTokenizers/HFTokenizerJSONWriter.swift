import Foundation
import MixInferSupport

/// Writes a byte-level BPE model as a Hugging Face `tokenizer.json` that HF `tokenizers` loads.
package enum HFTokenizerJSONWriter {
    /// The JSON text of `model` (ByteLevel pre-tokenizer with GPT-2's regex, no normalizer, merges as "a b").
    package static func json(_ model: TokenizerModel) -> String {
        var vocab: [String] = []
        for (id, bytes) in model.tokenBytes.enumerated() {
            vocab.append("      \(JSONText.quote(ByteLevelAlphabet.encode(bytes))): \(id)")
        }
        let merges = model.merges.map {
            "      " + JSONText.quote(ByteLevelAlphabet.encode(model.tokenBytes[Int($0.left)]) + " "
                + ByteLevelAlphabet.encode(model.tokenBytes[Int($0.right)]))
        }
        let byteLevel = #"{"type": "ByteLevel", "add_prefix_space": false, "trim_offsets": true, "use_regex": true}"#
        return """
        {
          "version": "1.0",
          "truncation": null,
          "padding": null,
          "added_tokens": [],
          "normalizer": null,
          "pre_tokenizer": \(byteLevel),
          "post_processor": null,
          "decoder": \(byteLevel),
          "model": {
            "type": "BPE",
            "dropout": null,
            "unk_token": null,
            "continuing_subword_prefix": null,
            "end_of_word_suffix": null,
            "fuse_unk": false,
            "byte_fallback": false,
            "ignore_merges": false,
            "vocab": {
        \(vocab.joined(separator: ",\n"))
            },
            "merges": [
        \(merges.joined(separator: ",\n"))
            ]
          }
        }

        """
    }

}
