/// What the commands accept, said once for every command's help.
enum TokenizerHelp {
    static let formats = """
        Read: HF tokenizer.json, tiktoken rank files (unknown ones need --pretokenizer), SentencePiece BPE .model, \
        Mistral Tekken JSON, GGUF vocab files, merges.txt (+ vocab.json), CLIP merges; a folder holding one; a Hub \
        id from the local cache (a local path wins). Details: docs/tokenizer-formats.md.
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
