/// What the commands accept, said once for every command's help.
enum TokenizerHelp {
    static let formats = """
        Read: HF tokenizer.json (byte-level or SentencePiece-style; merges as "a b" or ["a","b"]), tiktoken rank \
        files (GPT-2, p50k, cl100k, o200k, Llama 3/4, Qwen; others need --pretokenizer), SentencePiece BPE .model \
        (Llama 2, Mistral, Gemma), Mistral Tekken JSON, GGUF vocab files, merges.txt (+ vocab.json), CLIP merges \
        (.txt or .txt.gz). A folder holding tokenizer.json is read as that file.
        """
}

enum CorpusHelp {
    static let files = """
        Each subfolder is one category (every readable file below it), or each readable file directly inside is one. \
        Read: .txt/.text/.md (plain UTF-8), .jsonl (the "text" field of each line, or --text-field; .json too when compressed), each \
        also as .gz or .zst; .parquet (the text column, as Hugging Face datasets ship it, data/*.parquet). Dataset cards \
        (README.md), hidden files and other kinds are skipped and reported. Instead of a folder, a .yaml/.json category \
        manifest may map each category to paths and globs: {fr: ["data/fra/*.parquet"], py: {paths: [...], \
        text_field: content, sample_bytes: 5000000}}.
        """
}
