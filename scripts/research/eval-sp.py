#!/usr/bin/env python3
"""Controlled evaluation on SentencePiece BPE tokenizers (the `sentencepiece` trainer), with HF byte-level
BPE trained on the same text as the reference.

    pip install sentencepiece==0.2.3 tokenizers==0.23.3
    swift build -c release
    python3 scripts/research/eval-sp.py --categories /work/corpora/langs --trials 5 --n 5 \
        --total-bytes 3000000 --merges 3000 [--trainer sp-llama --trainer sp-gemma --trainer hf] \
        [--variant "3000" --variant "3000 --normalize pairs"] [--seed 1] [--shift] [--out result.json]
    # absent candidates: 4 categories besides each trial's mixture, against a present-only reference run:
    python3 scripts/research/eval-sp.py --categories /work/sets/langs --trials 5 --n 5 --total-bytes 3000000 \
        --merges 3000 --trainer sp-llama --absent 4 [--absent-from /work/data/corpora] \
        [--reference-flags "--presence off"]

Per trial (the same draws and training text as scripts/research/eval-hf.py with the same seed): draw n categories and
Dirichlet(1) shares, build the training text from the even-indexed files of each category (budget spread over
all files, cut at line ends), train each requested tokenizer on it, infer with `mixinfer infer` from the
odd-indexed files, and score the estimate against the true byte shares (MSE, log10 MSE, max |error|).

Trainers (SentencePiece reads its input line by line: every line is a sentence):
  sp-llama  model_type=bpe, vocab --sp-vocab (8000), byte_fallback, split_digits, add_dummy_prefix,
            identity normalization, remove_extra_whitespaces=False, allow_whitespace_only_pieces,
            character_coverage=0.99995 (Llama 2's trainer spec, smaller vocabulary)
  sp-gemma  as sp-llama but vocab --gemma-vocab (16000) and add_dummy_prefix=False (Gemma's spec)
  hf        HF `tokenizers` byte-level BPE (GPT-2 regex), vocab 256 + --merges, as scripts/research/eval-hf.py

--shift: train on some sources of each category and infer from the others, as eval-hf.py --shift.

--absent K [--absent-from DIR] [--reference-flags "FLAGS"]: the absent candidates of eval-hf.py --absent
(scripts/research/absent.py; the same candidates for the same seed): each trial also offers K categories that are
not in its mixture (close relatives of the present ones first, then drawn at random from DIR, default
--categories), inferring from their odd-indexed files (with --shift, their inference side). Every trainer's
variants infer over present + absent candidates, and once per trial and trainer a present-only reference run
infers over the present categories alone (the first variant's merges, --no-cache and FLAGS; NAME=VALUE words set
environment variables as in --variant). Each trial adds "absent_candidates" (their names) and "present_only"
(trainer -> the reference's shares); each method's entry adds its "absent" shares, "absent_share",
"present_only_mse", "large_present"/"large_present_kept" and "close_groups"/"close_groups_right" (as
eval-hf.py); "mse" is over the present categories, shares as estimated. The summary adds an "absent" object per
method, printed as
    absent 0.87 % | present MSE 1.1e-05 (2.10x present-only 5.4e-06) | kept 24/25 >=1 % | close groups 3/4
"""
import argparse, importlib.util, json, os, random, statistics, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
MIXINFER = os.path.join(HERE, "..", "..", ".build", "release", "mixinfer")
spec = importlib.util.spec_from_file_location("eval_hf", os.path.join(HERE, "eval-hf.py"))
eval_hf = importlib.util.module_from_spec(spec)
spec.loader.exec_module(eval_hf)


def train_sp(text_path, vocab_size, dummy_prefix, prefix):
    import sentencepiece as spm
    spm.SentencePieceTrainer.train(
        input=text_path, model_prefix=prefix, model_type="bpe", vocab_size=vocab_size,
        byte_fallback=True, split_digits=True, add_dummy_prefix=dummy_prefix,
        normalization_rule_name="identity", remove_extra_whitespaces=False,
        allow_whitespace_only_pieces=True, split_by_whitespace=True, split_by_unicode_script=True,
        split_by_number=True, character_coverage=0.99995, max_sentence_length=1 << 24,
        input_sentence_size=0, num_threads=1, minloglevel=2)
    return prefix + ".model"


def infer(args, model, categories, merges, words):
    """`mixinfer infer --format json --no-cache` of `model` over the folder `categories`; `words` are more flags,
    upper-case NAME=VALUE ones setting environment variables instead."""
    env = dict(os.environ, **dict(v.split("=", 1) for v in words if v[:1].isupper() and "=" in v))
    flags = [v for v in words if not (v[:1].isupper() and "=" in v)]
    out = subprocess.run([args.mixinfer, "infer", model, "--categories", categories, "--merges", merges,
                          "--format", "json", "--no-cache", *flags], check=True, capture_output=True, text=True,
                         env=env).stdout
    return json.loads(out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--categories", required=True)
    ap.add_argument("--trials", type=int, default=5)
    ap.add_argument("--n", type=int, default=5)
    ap.add_argument("--total-bytes", type=int, default=3000000)
    ap.add_argument("--merges", type=int, default=3000)
    ap.add_argument("--sp-vocab", type=int, default=8000)
    ap.add_argument("--gemma-vocab", type=int, default=16000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--trainer", action="append", choices=["sp-llama", "sp-gemma", "hf"])
    ap.add_argument("--variant", action="append", metavar="'MERGES [FLAGS] [NAME=VALUE]'",
                    help="infer with these --merges and extra `mixinfer infer` flags (repeatable); NAME=VALUE "
                         "words (upper-case NAME) set environment variables for that run")
    ap.add_argument("--mixinfer", default=MIXINFER)
    ap.add_argument("--keep", help="keep the trained models in this folder")
    ap.add_argument("--out")
    eval_hf.add_shift_option(ap)
    absent = eval_hf.absent
    absent.add_options(ap)
    args = ap.parse_args()
    absent.check(ap, args)
    shift_report, scratch = eval_hf.prepare_run(args)
    trainers = args.trainer or ["sp-llama", "sp-gemma", "hf"]
    variants = [tuple(v.split()) for v in args.variant] if args.variant else [(str(args.merges),)]
    names = sorted(d for d in os.listdir(args.categories) if os.path.isdir(os.path.join(args.categories, d)))
    pool = absent.pool(args.absent_from) if args.absent else []
    rng = random.Random(args.seed)
    trials = []
    for trial in range(args.trials):
        chosen = sorted(rng.sample(names, min(args.n, len(names))))
        draws = [rng.expovariate(1.0) for _ in chosen]
        shares = {c: d / sum(draws) for c, d in zip(chosen, draws)}
        absent_names = absent.pick(args.absent, chosen, pool, absent.generator(args.seed, trial))
        result = {"chosen": chosen}
        if args.absent:
            result.update(absent_candidates=absent_names, present_only={})
        with tempfile.TemporaryDirectory() as tmp:
            docs, taken = [], {}
            for c in chosen:
                parts = eval_hf.fixture.take(eval_hf.files(os.path.join(args.categories, c), 0),
                                             round(shares[c] * args.total_bytes))
                docs += [data.decode("utf-8") for _, data in parts]
                taken[c] = sum(len(data) for _, data in parts)
                os.makedirs(os.path.join(tmp, "infer", c))
                for f in eval_hf.files(os.path.join(args.categories, c), 1):
                    os.symlink(os.path.abspath(f), os.path.join(tmp, "infer", c, os.path.basename(f)))
            truth = {c: taken[c] / sum(taken.values()) for c in chosen}
            result["truth"] = truth
            text_path = os.path.join(tmp, "train.txt")
            with open(text_path, "w", encoding="utf-8") as f:
                for d in docs:
                    f.write(d if d.endswith("\n") else d + "\n")
            candidates = eval_hf.infer_with_absent(tmp, os.path.join(tmp, "infer"), absent_names, args.absent_from)
            for trainer in trainers:
                start = time.monotonic()
                if trainer == "hf":
                    model = os.path.join(tmp, "hf.json")
                    eval_hf.train(docs, 256 + max(int(v[0]) for v in variants), model)
                else:
                    model = train_sp(text_path, args.sp_vocab if trainer == "sp-llama" else args.gemma_vocab,
                                     trainer == "sp-llama", os.path.join(tmp, trainer))
                train_seconds = time.monotonic() - start
                if args.keep:
                    os.makedirs(args.keep, exist_ok=True)
                    target = os.path.join(args.keep, f"trial{trial + 1}-{os.path.basename(model)}")
                    with open(model, "rb") as src, open(target, "wb") as dst:
                        dst.write(src.read())
                    with open(os.path.join(args.keep, f"trial{trial + 1}-truth.json"), "w") as f:
                        json.dump(truth, f, indent=1)
                if args.absent:
                    # The present-only reference: the present categories alone, the first variant's merges.
                    present_only = infer(args, model, os.path.join(tmp, "infer"), variants[0][0],
                                         args.reference_flags.split())["shares"]
                    result["present_only"][trainer] = present_only
                for variant in variants:
                    if trainer == "hf" and any(v.startswith("MIXINFER_SP_") for v in variant):
                        continue  # SentencePiece-only switches: nothing to compare on a byte-level model
                    name = f"{trainer} T={' '.join(variant)}"
                    start = time.monotonic()
                    out = infer(args, model, candidates, variant[0], variant[1:])
                    estimate = out["shares"]
                    result[name] = {"shares": estimate, **eval_hf.score(estimate, truth),
                                    "seconds": time.monotonic() - start, "train_seconds": train_seconds}
                    if args.absent:
                        result[name].update(absent.method_fields(estimate, truth, absent_names, present_only,
                                                                 out.get("detected"), out.get("confusable"), out.get("upper")))
                    print(f"trial {trial + 1} {name}: log10 MSE {result[name]['log10_mse']:.2f} "
                          f"max|err| {result[name]['max_abs_error']:.4f} ({result[name]['seconds']:.0f} s infer, "
                          f"{train_seconds:.0f} s train)", file=sys.stderr, flush=True)
        trials.append(result)
    methods = [k for k in trials[0] if k not in ("chosen", "truth", "absent_candidates", "present_only")]
    summary = {}
    for m in methods:
        mses = [t[m]["mse"] for t in trials]
        summary[m] = {"mean_mse": statistics.mean(mses), "median_mse": statistics.median(mses),
                      "mean_log10_mse": statistics.mean(t[m]["log10_mse"] for t in trials),
                      "mean_max_abs_error": statistics.mean(t[m]["max_abs_error"] for t in trials),
                      "mean_seconds": statistics.mean(t[m]["seconds"] for t in trials),
                      "per_trial_log10_mse": [round(t[m]["log10_mse"], 2) for t in trials]}
        absent_summary = absent.summarize([t[m] for t in trials if "absent_share" in t[m]])
        if absent_summary:
            summary[m]["absent"] = absent_summary
    report = {"n": args.n, "total_bytes": args.total_bytes, "sp_vocab": args.sp_vocab, "gemma_vocab": args.gemma_vocab,
              "trainers": trainers, "variants": [" ".join(v) for v in variants], "seed": args.seed,
              "summary": summary, "trials": trials}
    if args.absent:
        report.update(absent=args.absent, absent_pool=len(pool), reference_flags=args.reference_flags)
    report.update(shift_report)
    width = max(len(m) for m in summary)
    print(f"{'method':{width}}  mean MSE   median MSE  mean log10 MSE  mean max |err|  mean s  per-trial log10")
    for m, s in summary.items():
        print(f"{m:{width}}  {s['mean_mse']:9.3e}  {s['median_mse']:9.3e}  {s['mean_log10_mse']:14.2f}  "
              f"{s['mean_max_abs_error']:14.4f}  {s['mean_seconds']:6.1f}  {s['per_trial_log10_mse']}")
        if "absent" in s:
            print(f"{'':{width}}  {absent.describe(s['absent'])}")
    if args.out:
        with open(args.out, "w") as f:
            json.dump(report, f, indent=1)


if __name__ == "__main__":
    main()
