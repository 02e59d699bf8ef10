#!/usr/bin/env python3
"""Controlled evaluation with an independent trainer (HF `tokenizers`).

    pip install tokenizers==0.23.3
    swift build -c release
    python3 scripts/research/eval-hf.py --categories Samples/categories --trials 10 --n 5 \
        --total-bytes 500000 --vocab-size 1256 --merges 1000 [--seed 1] [--out result.json]
    # several inference settings on the same trained tokenizers ("MERGES [more mixinfer infer flags]"):
    python3 scripts/research/eval-hf.py ... --variant 1000 --variant "1000 --min-merge-count 10"
    # absent candidates: 4 categories besides each trial's mixture, against a present-only reference run:
    python3 scripts/research/eval-hf.py --categories /work/sets/langs --trials 5 --n 5 --total-bytes 500000 \
        --vocab-size 1256 --merges 1000 --absent 4 [--absent-from /work/data/corpora] [--shift] \
        [--reference-flags "--presence off"]

Per trial: draw n categories and Dirichlet(1) shares (seeded), build the training text from the
even-indexed files of each category (the budget spread over all of them, cut at line ends: the same
rule as `mixinfer train` and scripts/fixtures/train-hf-fixture.py), train a byte-level BPE tokenizer with HF
`tokenizers`, then run `mixinfer infer --baselines` on the odd-indexed files and score mixinfer, TEE,
TC and a uniform guess against the true byte shares (MSE, log10 MSE, max |error|).

--shift: train on some sources of each category and infer from the others (scripts/research/source-split.py;
the report lists each category's sides under "shift" and the categories of one source under "shift_left_out").
--from-training-text: infer from the training text itself (the LP is then exact).
--variant "MERGES [FLAGS]": several inference settings on the same trained tokenizers (repeatable).

--absent K [--absent-from DIR] [--reference-flags "FLAGS"]: the protocol of `mixinfer evaluate --absent K`
(scripts/research/absent.py). Each trial also offers K categories that are not in its mixture: the present ones'
close relatives first (pt/pt-pt, zh/zh-tw, hr/bs/sr, nb/nn, id/ms, c/cpp, javascript/typescript), then others
drawn at random from DIR (default --categories; with --shift DIR is source-split too, its categories of one
source under "shift_absent_left_out"), with a generator of their own: the mixtures, shares and training text
are those of the same seed without --absent. They infer from their odd-indexed files (with --shift, their
inference side). Each variant then infers over present + absent candidates, and once per trial a present-only
reference run infers over the present categories alone (the first variant's merges, --min-merge-count, --gap
and FLAGS). Each trial adds "absent" (the first variant's share of each absent candidate) and "present_only"
(the reference's shares); each method's entry (not uniform's) adds its "absent" shares, "absent_share",
"present_only_mse", "large_present"/"large_present_kept" (present categories of true share >= 1 %, and how many
have a share > 0, or are `detected` when the infer JSON says) and "close_groups"/"close_groups_right" (present
categories offered with a close relative; right when the present one has >= 80 % of the group's estimated
share, or the infer JSON's `confusable` groups hold it and a relative and the group's sum is within 0.01 of its
true share). "mse", "log10_mse" and "max_abs_error" are always over the present categories, shares as
estimated (not renormalised). The summary adds an "absent" object per method, printed as
    absent 0.87 % | present MSE 1.1e-05 (2.10x present-only 5.4e-06) | kept 24/25 >=1 % | close groups 3/4
"""
import argparse, importlib.util, json, math, os, random, statistics, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
MIXINFER = os.path.join(HERE, "..", "..", ".build", "release", "mixinfer")
spec = importlib.util.spec_from_file_location("fixture", os.path.join(HERE, "..", "fixtures", "train-hf-fixture.py"))
fixture = importlib.util.module_from_spec(spec)
spec.loader.exec_module(fixture)
spec = importlib.util.spec_from_file_location("absent", os.path.join(HERE, "absent.py"))
absent = importlib.util.module_from_spec(spec)
spec.loader.exec_module(absent)


def files(directory, parity):
    names = sorted(f for f in os.listdir(directory) if f.endswith(".txt"))
    return [os.path.join(directory, f) for f in names[parity::2]]


def link_odd(category, target):
    """`target`, a new folder of links to the odd-indexed (inference) files of the folder `category`."""
    os.makedirs(target)
    for f in files(category, 1):
        os.symlink(os.path.abspath(f), os.path.join(target, os.path.basename(f)))


def infer_with_absent(tmp, present_dir, absent_names, absent_from):
    """With absent candidates, the folder of every candidate of a trial: the present ones' inference folders
    (under `present_dir`) and the absent ones' odd-indexed files; `present_dir` itself without."""
    if not absent_names:
        return present_dir
    folder = os.path.join(tmp, "infer-all")
    os.makedirs(folder)
    for c in sorted(os.listdir(present_dir)):
        os.symlink(os.path.join(present_dir, c), os.path.join(folder, c))
    for a in absent_names:
        link_odd(os.path.join(absent_from, a), os.path.join(folder, a))
    return folder


def train(docs, vocab_size, path):
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=True)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=vocab_size, min_frequency=0, show_progress=False,
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet(), special_tokens=[])
    tok.train_from_iterator(docs, trainer=trainer)
    tok.save(path)


def score(estimate, truth):
    errors = [estimate[c] - truth[c] for c in truth]
    mse = sum(e * e for e in errors) / len(errors)
    return {"mse": mse, "log10_mse": math.log10(max(mse, 1e-300)), "max_abs_error": max(abs(e) for e in errors)}


def load_script(name):
    spec = importlib.util.spec_from_file_location(name.replace("-", "_")[:-3], os.path.join(HERE, name))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def add_shift_option(ap):
    ap.add_argument("--shift", action="store_true",
                    help="train on some sources of each category and infer from the others (scripts/research/source-split.py)")


def prepare_run(args):
    """A throw-away word-count cache for the run (not the user's), unless MIXINFER_CACHE says where; with
    --shift, args.categories becomes the source split. With --absent K, args.absent_from is the folder the absent
    candidates come from (--absent-from, or --categories), with --shift its source split too. Returns the fields
    to add to the report and the temporary folders, which last as long as the caller keeps them."""
    folders = [tempfile.TemporaryDirectory()]
    os.environ.setdefault("MIXINFER_CACHE", folders[0].name)
    own_pool = getattr(args, "absent", 0) > 0 and getattr(args, "absent_from", None) is not None \
        and os.path.realpath(args.absent_from) != os.path.realpath(args.categories)
    if not args.shift:
        if getattr(args, "absent", 0) > 0 and not own_pool:
            args.absent_from = args.categories
        return {}, folders
    folders.append(tempfile.TemporaryDirectory())
    source_split = load_script("source-split.py")
    sides, left_out = source_split.split(args.categories, folders[1].name)
    args.categories = folders[1].name
    report = {"shift": sides, "shift_left_out": left_out}
    if own_pool:
        folders.append(tempfile.TemporaryDirectory())
        report["shift_absent"], report["shift_absent_left_out"] = source_split.split(args.absent_from, folders[2].name)
        args.absent_from = folders[2].name
    elif getattr(args, "absent", 0) > 0:
        args.absent_from = args.categories
    return report, folders


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--categories", required=True)
    ap.add_argument("--trials", type=int, default=10)
    ap.add_argument("--n", type=int, default=5)
    ap.add_argument("--total-bytes", type=int, default=500000)
    ap.add_argument("--vocab-size", type=int, default=1256)
    ap.add_argument("--merges", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--mixinfer", default=MIXINFER)
    ap.add_argument("--out")
    add_shift_option(ap)
    ap.add_argument("--from-training-text", action="store_true",
                    help="infer from the training text itself instead of the odd files (the LP is then exact)")
    ap.add_argument("--min-merge-count", type=int, default=1, help="passed to mixinfer infer")
    ap.add_argument("--gap", type=float, default=0.0, help="passed to mixinfer infer")
    ap.add_argument("--variant", action="append", metavar="'MERGES [FLAGS]'",
                    help="infer with these --merges and extra `mixinfer infer` flags (repeatable; each tokenizer is "
                         "trained once); default: --merges alone, reported as 'mixinfer'")
    absent.add_options(ap)
    args = ap.parse_args()
    absent.check(ap, args)
    shift_report, scratch = prepare_run(args)
    variants = [tuple(v.split()) for v in args.variant] if args.variant else [(str(args.merges),)]
    names_of = {v: "mixinfer" if not args.variant else "mixinfer T=" + " ".join(v) for v in variants}
    names = sorted(d for d in os.listdir(args.categories) if os.path.isdir(os.path.join(args.categories, d)))
    pool = absent.pool(args.absent_from) if args.absent else []
    rng = random.Random(args.seed)
    trials = []
    for trial in range(args.trials):
        chosen = sorted(rng.sample(names, min(args.n, len(names))))
        draws = [rng.expovariate(1.0) for _ in chosen]
        shares = {c: d / sum(draws) for c, d in zip(chosen, draws)}
        absent_names = absent.pick(args.absent, chosen, pool, absent.generator(args.seed, trial))
        with tempfile.TemporaryDirectory() as tmp:
            docs, taken = [], {}
            for c in chosen:
                parts = fixture.take(files(os.path.join(args.categories, c), 0), round(shares[c] * args.total_bytes))
                docs += [data.decode("utf-8") for _, data in parts]
                taken[c] = sum(len(data) for _, data in parts)
                os.makedirs(os.path.join(tmp, "infer", c))
                if args.from_training_text:
                    for index, (_, data) in enumerate(parts):
                        with open(os.path.join(tmp, "infer", c, f"{index:05d}.txt"), "wb") as f:
                            f.write(data)
                    continue
                for f in files(os.path.join(args.categories, c), 1):
                    os.symlink(os.path.abspath(f), os.path.join(tmp, "infer", c, os.path.basename(f)))
            truth = {c: taken[c] / sum(taken.values()) for c in chosen}
            train(docs, args.vocab_size, os.path.join(tmp, "tokenizer.json"))
            candidates = infer_with_absent(tmp, os.path.join(tmp, "infer"), absent_names, args.absent_from)
            results, seconds = {}, {}
            for variant in variants:
                start = time.monotonic()
                out = subprocess.run([args.mixinfer, "infer", os.path.join(tmp, "tokenizer.json"), "--categories",
                                      candidates, "--merges", variant[0], "--format", "json",
                                      "--baselines", "--min-merge-count", str(args.min_merge_count),
                                      "--gap", str(args.gap), *variant[1:],
                                      *(["--sample-bytes", str(args.total_bytes + 1)] if args.from_training_text else [])],
                                     check=True, capture_output=True, text=True).stdout
                seconds[names_of[variant]] = time.monotonic() - start
                results[names_of[variant]] = json.loads(out)
            if args.absent:
                # The present-only reference: the present categories alone, the first variant's merges.
                start = time.monotonic()
                out = subprocess.run([args.mixinfer, "infer", os.path.join(tmp, "tokenizer.json"), "--categories",
                                      os.path.join(tmp, "infer"), "--merges", variants[0][0], "--format", "json",
                                      "--min-merge-count", str(args.min_merge_count), "--gap", str(args.gap),
                                      *args.reference_flags.split()],
                                     check=True, capture_output=True, text=True).stdout
                seconds["present_only"] = time.monotonic() - start
                present_only = json.loads(out)["shares"]
        first = results[names_of[variants[0]]]
        methods = {**{m: r["shares"] for m, r in results.items()}, **first["baselines"],
                   "uniform": {c: 1 / len(chosen) for c in chosen}}
        trial_result = {"truth": truth, **{m: {"shares": s, **score(s, truth)} for m, s in methods.items()},
                        "seconds": seconds}
        for m, r in results.items():
            if "intervals" in r:
                trial_result[m]["intervals"] = r["intervals"]
        if args.absent:
            trial_result["absent"] = {a: first["shares"].get(a, 0.0) for a in absent_names}
            trial_result["present_only"] = present_only
            for m in methods:
                if m != "uniform":
                    r = results.get(m, {})
                    trial_result[m].update(absent.method_fields(methods[m], truth, absent_names, present_only,
                                                                r.get("detected"), r.get("confusable"), r.get("upper")))
        trials.append(trial_result)
        print(f"trial {trial + 1}: " + ", ".join(f"{m} {trial_result[m]['log10_mse']:.2f}" for m in methods), file=sys.stderr)
    summary = {}
    for m in [names_of[v] for v in variants] + ["TEE", "TC", "uniform"]:
        mses = [t[m]["mse"] for t in trials]
        summary[m] = {"mean_mse": statistics.mean(mses), "median_mse": statistics.median(mses),
                      "mean_log10_mse": statistics.mean(t[m]["log10_mse"] for t in trials),
                      "mean_max_abs_error": statistics.mean(t[m]["max_abs_error"] for t in trials)}
        if m in trials[0]["seconds"]:
            summary[m]["mean_seconds"] = statistics.mean(t["seconds"][m] for t in trials)
        cells = [(t["truth"][c], t[m]["shares"][c], iv) for t in trials for c, iv in t[m].get("intervals", {}).items()]
        if cells:
            # Coverage of the 90 % intervals: how often the true share lies inside, and their mean width against RMSE.
            summary[m]["interval_coverage"] = sum(lo - 1e-12 <= tr <= hi + 1e-12 for tr, _, (lo, hi) in cells) / len(cells)
            summary[m]["interval_mean_width"] = statistics.mean(hi - lo for _, _, (lo, hi) in cells)
            summary[m]["interval_rmse"] = math.sqrt(statistics.mean((sh - tr) ** 2 for tr, sh, _ in cells))
        absent_summary = absent.summarize([t[m] for t in trials if "absent_share" in t[m]])
        if absent_summary:
            summary[m]["absent"] = absent_summary
    report = {"trainer": "huggingface tokenizers", "n": args.n, "total_bytes": args.total_bytes,
              "vocab_size": args.vocab_size, "variants": [" ".join(v) for v in variants], "seed": args.seed,
              "sample": "training_text" if args.from_training_text else "held_out", "summary": summary, "trials": trials}
    if args.absent:
        report.update(absent=args.absent, absent_pool=len(pool), reference_flags=args.reference_flags)
    report.update(shift_report)
    width = max(len(m) for m in summary)
    print(f"{'method':{width}}  mean MSE   median MSE  mean log10 MSE  mean max |err|  mean s")
    for m, s in summary.items():
        print(f"{m:{width}}  {s['mean_mse']:9.3e}  {s['median_mse']:9.3e}  {s['mean_log10_mse']:14.2f}  "
              f"{s['mean_max_abs_error']:14.4f}  {s.get('mean_seconds', float('nan')):6.1f}")
        if "interval_coverage" in s:
            print(f"{'':{width}}  90 % intervals: coverage {100 * s['interval_coverage']:.1f} %, mean width "
                  f"{s['interval_mean_width']:.4f} ({s['interval_mean_width'] / max(s['interval_rmse'], 1e-12):.1f}x RMSE "
                  f"{s['interval_rmse']:.4f})")
        if "absent" in s:
            print(f"{'':{width}}  {absent.describe(s['absent'])}")
    if args.out:
        with open(args.out, "w") as f:
            json.dump(report, f, indent=1)


if __name__ == "__main__":
    main()
