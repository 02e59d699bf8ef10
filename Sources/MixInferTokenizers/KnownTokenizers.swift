import Foundation
import MixInferSupport

/// What mixinfer knows about released tokenizers, in one table: the pretokenizer preset each family uses, how
/// its tiktoken rank file is recognised, the fingerprint of its merge list (to detect it, or a base it extends),
/// and the `tokenizer.ggml.pre` names llama.cpp gives it with the regexes it splits by.
/// Fingerprints and signatures were measured on the files `scripts/fetch-tokenizers` fetches.
struct KnownTokenizer: Sendable {
    /// How the family's tiktoken rank file is recognised: its number of ranks and last token.
    struct RankFile: Sendable {
        var family: String
        var count: Int
        var lastToken: String  // base64
        var vocabularySize: Int
        var specialTokens: [String]
    }

    /// The family's whole merge list: its length and FNV-1a fingerprints (`MergeFingerprint`).
    struct MergeList: Sendable {
        var merges: Int
        var probe: UInt64
        var full: UInt64
    }

    /// llama.cpp's pretokenizer for these `tokenizer.ggml.pre` names: regexes applied in sequence, and whether
    /// whole pieces are looked up first (`ignore_merges`).
    struct GGUFPretokenizer: Sendable {
        var names: [String]
        var regexes: [String]
        var ignoreMerges = false
    }

    var name: String
    /// The pretokenizer preset (`PretokenizerPresets.named`) of the family, when it has one.
    var preset: String?
    var rankFile: RankFile?
    var mergeList: MergeList?
    var gguf: GGUFPretokenizer?
}

extension KnownTokenizer {
    static let gpt2Cpp = "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)"

    static let all: [KnownTokenizer] = [
        .init(name: "r50k (GPT-2)", preset: "r50k",
              rankFile: .init(family: "r50k (GPT-2)", count: 50256, lastToken: "IGdhemVk", vocabularySize: 50257,
                              specialTokens: ["<|endoftext|>"]),
              mergeList: .init(merges: 50000, probe: 1858482208884828564, full: 5910165422321216770),
              gguf: .init(names: ["gpt-2", "mpt", "olmo", "phi-2", "jina-es", "jina-de", "gigachat", "roberta-bpe"],
                          regexes: [gpt2Cpp])),
        .init(name: "p50k", preset: "p50k",
              rankFile: .init(family: "p50k", count: 50280, lastToken: "ICAgICAgICAgICAgICAgICAgICAgICAgIA==",
                              vocabularySize: 50281, specialTokens: ["<|endoftext|>"])),
        .init(name: "cl100k", preset: "cl100k",
              rankFile: .init(family: "cl100k", count: 100256, lastToken: "IENvbnZleW9y", vocabularySize: 100277,
                              specialTokens: ["<|endoftext|>", "<|fim_prefix|>", "<|fim_middle|>", "<|fim_suffix|>",
                                              "<|endofprompt|>"]),
              mergeList: .init(merges: 100000, probe: 10889635523901024161, full: 17924337227828480478)),
        .init(name: "o200k", preset: "o200k",
              rankFile: .init(family: "o200k", count: 199998, lastToken: "IGNvY29z", vocabularySize: 200019,
                              specialTokens: ["<|endoftext|>", "<|endofprompt|>"]),
              mergeList: .init(merges: 199742, probe: 12668008504739728858, full: 2082850219232488113)),
        .init(name: "llama3", preset: "llama3",
              rankFile: .init(family: "llama3", count: 128000, lastToken: "6ZSm", vocabularySize: 128256,
                              specialTokens: ["<|begin_of_text|>", "<|end_of_text|>"]),
              mergeList: .init(merges: 127066, probe: 10889635523901024161, full: 5144346329740515151),
              gguf: .init(names: ["llama3", "llama-v3", "llama-bpe", "falcon3", "pixtral"],
                          regexes: ["(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+"], ignoreMerges: true)),
        .init(name: "llama4", preset: "llama4",
              rankFile: .init(family: "llama4", count: 200000, lastToken: "KGdl", vocabularySize: 202048,
                              specialTokens: ["<|begin_of_text|>", "<|end_of_text|>"]),
              mergeList: .init(merges: 199744, probe: 4802794267766838444, full: 10472743188610529986)),
        .init(name: "qwen (1–3)", preset: "qwen",
              rankFile: .init(family: "qwen", count: 151643, lastToken: "4r2X", vocabularySize: 151851,
                              specialTokens: ["<|endoftext|>", "<|im_start|>", "<|im_end|>"]),
              mergeList: .init(merges: 151387, probe: 183318235328512928, full: 2727183957227227682),
              gguf: .init(names: ["qwen2", "deepseek-r1-qwen"],
                          regexes: ["(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+"])),
        .init(name: "qwen3.5/3.6", preset: "qwen3.6",
              rankFile: .init(family: "qwen3.6", count: 248044, lastToken: "44GC44KK44G+44GZ44GL", vocabularySize: 248077,
                              specialTokens: ["<|endoftext|>", "<|im_start|>", "<|im_end|>"]),
              mergeList: .init(merges: 247556, probe: 3790257305644818851, full: 16074566397976212166),
              gguf: .init(names: ["qwen35"],
                          regexes: ["(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\\r\\n\\p{L}\\p{N}]?[\\p{L}\\p{M}]+|\\p{N}| ?[^\\s\\p{L}\\p{M}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+"])),
        .init(name: "gpt-neox (OLMo)", mergeList: .init(merges: 50009, probe: 17685546136236168047, full: 8610653912130067949)),
        .init(name: "deepseek-v3", mergeList: .init(merges: 127741, probe: 3940003132250756013, full: 6277166126078196992),
              gguf: .init(names: ["deepseek-v3"],
                          regexes: ["\\p{N}{1,3}", "[一-龥぀-ゟ゠-ヿ]+",
                     "[!\"#$%&'()*+,\\-./:;<=>?@\\[\\\\\\]^_`{|}~][A-Za-z]+|[^\r\n\\p{L}\\p{P}\\p{S}]?[\\p{L}\\p{M}]+| ?[\\p{P}\\p{S}]+[\r\n]*|\\s*[\r\n]+|\\s+(?!\\S)|\\s+"])),
        .init(name: "claude-legacy", mergeList: .init(merges: 64739, probe: 4314062661004107517, full: 6019865362742502814)),
        .init(name: "tekken (NeMo)", mergeList: .init(merges: 129816, probe: 14000415691691997761, full: 5225208646697938218)),
        .init(name: "llama2", mergeList: .init(merges: 29612, probe: 8456155601688495670, full: 4514209088664261698)),
        .init(name: "mistral-v1", mergeList: .init(merges: 28446, probe: 2154125083456118566, full: 8671709606837091541)),
        .init(name: "gemma", mergeList: .init(merges: 234771, probe: 1637717816303255073, full: 10027505605731454871)),
        .init(name: "starcoder (GGUF)",
              gguf: .init(names: ["starcoder", "refact", "command-r", "smollm", "codeshell", "exaone", "minerva"],
                          regexes: ["\\p{N}", gpt2Cpp])),
        .init(name: "falcon (GGUF)", gguf: .init(names: ["falcon"],
                          regexes: ["[\\p{P}\\$\\+<=>\\^~\\|`]+", gpt2Cpp, "[0-9][0-9][0-9]"])),
        .init(name: "deepseek-coder (GGUF)",
              gguf: .init(names: ["deepseek-coder"],
                          regexes: ["[\r\n]", "\\s?\\p{L}+", "\\s?\\p{P}+", "[一-龥ࠀ-一가-퟿]+", "\\p{N}"])),
        .init(name: "deepseek-llm (GGUF)",
              gguf: .init(names: ["deepseek-llm"],
                          regexes: [
                "[\r\n]",
                "\\s?[A-Za-zµÀ-ÖØ-öø-ƺƼ-ƿǄ-ʓʕ-ʯͰ-ͳͶͷͻ-ͽͿΆΈ-ΊΌΎ-ΡΣ-ϵϷ-ҁҊ-ԯԱ-ՖႠ-ჅᎠ-Ᏽᏸ-ᏽᲐ-ᲺᲽ-Ჿᴀ-ᴫᵫ-ᵷᵹ-ᶚḀ-ἕἘ-Ἕἠ-ὅὈ-Ὅὐ-ὗὙὛὝὟ-ώᾀ-ᾴᾶ-ᾼιῂ-ῄῆ-ῌῐ-ΐῖ-Ίῠ-Ῥῲ-ῴῶ-ῼℂℇℊ-ℓℕℙ-ℝℤΩℨK-ℭℯ-ℴℹℼ-ℿⅅ-ⅉⅎↃↄⰀ-ⱻⱾ-ⳤⳫ-ⳮⳲⳳꙀ-ꙭꚀ-ꚛꜢ-ꝯꝱ-ꞇꞋ-ꞎꭰ-ꮿﬀ-ﬆﬓ-ﬗＡ-Ｚａ-ｚ𐐀-𐑏𐒰-𐓓𐓘-𐓻𐲀-𐲲𐳀-𐳲𑢠-𑣟𞤀-𞥃]+",
                "\\s?[!-/:-~！-／：-～‘-‟　-。]+",
                "\\s+$",
                "[一-龥ࠀ-一가-퟿]+",
                "\\p{N}+"
            ])),
        .init(name: "llama.cpp default (GGUF)",
              gguf: .init(names: ["default", ""],
                          regexes: ["[\\p{P}\\$\\+<=>\\^~\\|]+", gpt2Cpp, "\\p{N}+", "[0-9][0-9][0-9]"])),
    ]

    /// The family whose tiktoken rank file this is (same number of ranks and last token).
    static func rankFile(count: Int, lastToken: [UInt8]) -> RankFile? {
        let base64 = Data(lastToken).base64EncodedString()
        return all.lazy.compactMap(\.rankFile).first { $0.count == count && $0.lastToken == base64 }
    }

    /// llama.cpp's pretokenizer for a `tokenizer.ggml.pre` name.
    static func gguf(_ pre: String) -> GGUFPretokenizer? {
        all.lazy.compactMap(\.gguf).first { $0.names.contains(pre) }
    }

    /// Known merge lists that start `model`'s list (all of them), longest first: (name, merges shared).
    static func mergePrefixes(of model: TokenizerModel) -> [(name: String, merges: Int)] {
        guard let probe = MergeFingerprint.of(model, count: MergeFingerprint.probe) else { return [] }
        var found: [(name: String, merges: Int)] = []
        for entry in all {
            guard let list = entry.mergeList, list.probe == probe, model.merges.count >= list.merges else { continue }
            if MergeFingerprint.of(model, count: list.merges) == list.full { found.append((entry.name, list.merges)) }
        }
        return found.sorted { $0.merges > $1.merges }
    }
}

/// FNV-1a over the byte pairs of a model's first merges: how known merge lists are recognised.
package enum MergeFingerprint {
    /// Merges hashed to find candidates before the whole list is compared.
    static let probe = 2000

    package static func of(_ model: TokenizerModel, count: Int) -> UInt64? {
        guard model.merges.count >= count else { return nil }
        var hasher = FNV1a()
        for rule in model.merges.prefix(count) {
            hasher.mix(model.tokenBytes[Int(rule.left)])
            hasher.mix(0xFF); hasher.mix(0xFE)
            hasher.mix(model.tokenBytes[Int(rule.right)])
            hasher.mix(0xFF); hasher.mix(0xFD)
        }
        return hasher.value
    }
}
