/// What the commands accept, said once for every command's help.
enum TokenizerHelp {
    static let formats = """
        Read: HF tokenizer.json (byte-level or SentencePiece-style; merges as "a b" or ["a","b"]), tiktoken rank \
        files (GPT-2, p50k, cl100k, o200k, Llama 3/4, Qwen; others need --pretokenizer), SentencePiece BPE .model \
        (Llama 2, Mistral, Gemma), Mistral Tekken JSON, GGUF vocab files, merges.txt (+ vocab.json), CLIP merges \
        (.txt or .txt.gz). A folder is read as its tokenizer.json (else tekken.json, tokenizer.model, merges.txt), \
        a Hub id as its cached snapshot; a local path wins.
        """
}

enum CorpusHelp {
    static let files = """
        Each subfolder is one category, or each readable file directly inside is one. Read: .txt/.text/.md, .jsonl \
        (the "text" field, or --text-field), each also .gz or .zst; .parquet (the text column). Dataset cards \
        (README.md) and other kinds are skipped and reported. A category manifest maps names to paths, globs \
        and hf://datasets/ files: docs/cli.md.
        """
}
