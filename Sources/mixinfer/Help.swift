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
        Read: .txt/.text/.md (plain UTF-8), .jsonl (one JSON object per line, its "text" field), each also as .gz. \
        Hidden files are skipped.
        """
}
