"""Absent candidates for the controlled evaluations with other trainers (eval-hf.py, eval-sp.py --absent K).

The protocol of `mixinfer evaluate --absent K [--absent-from DIR]` (Sources/MixInferResearch/AbsentCandidates.swift
and Evaluation.swift): each trial also offers K categories that are not in its training mixture, as most of a
released tokenizer's candidates are absent from its training data. They are the close relatives of the present
categories first (CLOSE_GROUPS), then others drawn at random from the pool (--absent-from, default --categories;
categories with two or more text files, present ones excluded), sorted by name. They are drawn with a generator
of their own (`generator`), so a trial's mixture, shares and training text are those of the same seed without
--absent. Their inference text is their odd-indexed files (with --shift, their inference side of the source split).

Per trial the estimate with every candidate is compared with a present-only reference: `mixinfer infer` on the
present categories alone (--reference-flags). Per method (`method_fields`, over the trials by `summarize`):
  absent_share        the total share given to the absent candidates
  mse                 the MSE over the present categories, shares as estimated (not renormalised): the scripts'
                      usual `mse`, which only ever runs over the present categories
  present_only_mse    the reference's MSE
  large_present       present categories of true share >= 1 %, and how many of them keep an estimate
  large_present_kept  (a share above 0, or `detected` when the infer JSON has that object)
  large_missed_under_upper  of those not kept, how many have their true share at or under the `upper` bound the
                      infer JSON states for them
  close_groups        present categories offered with a close relative, and how often the present one took
  close_groups_right  >= 80 % of the group's estimated share, or the infer JSON's `confusable` groups name it with
                      a relative and the group's summed estimate is within 0.01 of its true share
"""
import os, random, statistics

# AbsentCandidates.closeGroups: a language and its variant or neighbour, programming languages sharing most syntax.
CLOSE_GROUPS = [["pt", "pt-pt"], ["zh", "zh-tw"], ["hr", "bs", "sr"], ["nb", "nn"], ["id", "ms"], ["c", "cpp"],
                ["javascript", "typescript"]]
LARGE = 0.01          # a present category this large should be kept
RIGHT_FRACTION = 0.8  # of its close group's estimated share
CONFUSABLE_TOLERANCE = 0.01


def add_options(ap):
    ap.add_argument("--absent", type=int, default=0, metavar="K",
                    help="offer K categories that are not in the trial's mixture (close relatives of the present "
                         "ones first), and score against a present-only reference run (scripts/research/absent.py)")
    ap.add_argument("--absent-from", metavar="DIR",
                    help="the folder of categories the absent candidates come from (default: --categories)")
    ap.add_argument("--reference-flags", default="", metavar="'FLAGS'",
                    help="extra `mixinfer infer` flags of the present-only reference run (with --absent)")


def check(ap, args):
    if args.absent < 0:
        ap.error("--absent must not be negative")
    if args.absent == 0 and (args.absent_from or args.reference_flags):
        ap.error("--absent-from and --reference-flags need --absent K")
    if args.absent and getattr(args, "from_training_text", False):
        ap.error("--from-training-text has no held-out sample to add absent candidates to; leave out --absent")


def relatives(name):
    """The close relatives of `name` (empty when it has none)."""
    return next(([n for n in group if n != name] for group in CLOSE_GROUPS if name in group), [])


def generator(seed, trial):
    """The absent candidates' own random generator for a trial (the mixtures' generator is left alone)."""
    return random.Random(seed * 1_000_003 + trial)


def pool(folder):
    """The categories of `folder` that can be offered: folders with two or more .txt files (an inference side)."""
    return sorted(d for d in os.listdir(folder) if os.path.isdir(os.path.join(folder, d))
                  and sum(f.endswith(".txt") for f in os.listdir(os.path.join(folder, d))) >= 2)


def pick(count, present, names, rng):
    """`count` of `names` that are not `present`: the present ones' close relatives first, then others drawn at
    random with `rng`; sorted by name."""
    others = [n for n in sorted(names) if n not in present]
    picked = []
    for name in present:
        picked += [r for r in relatives(name) if r in others and r not in picked]
    picked = picked[:count]
    rest = [n for n in others if n not in picked]
    picked += rng.sample(rest, min(max(count - len(picked), 0), len(rest)))
    return sorted(picked)


def mse(shares, truth):
    return sum((shares.get(c, 0.0) - t) ** 2 for c, t in truth.items()) / len(truth)


def method_fields(shares, truth, absent, present_only, detected=None, confusable=None, upper=None):
    """A method's absent-candidate fields for one trial: `shares` its estimate over every candidate, `truth` the
    present categories' true shares, `absent` the absent candidates' names, `present_only` the reference's shares;
    `detected`, `confusable` and `upper` as the infer JSON gives them (None when it does not)."""
    share = lambda c: shares.get(c, 0.0)
    large = [c for c, t in truth.items() if t >= LARGE]
    kept = [c for c in large if (bool(detected[c]) if detected is not None and c in detected else share(c) > 0)]
    groups = right = 0
    for name in truth:
        offered = [r for r in relatives(name) if r in absent]
        if not offered:
            continue
        groups += 1
        total = share(name) + sum(share(r) for r in offered)
        reported = any(name in group and any(r in group for r in offered) for group in confusable or [])
        if (total > 0 and share(name) >= RIGHT_FRACTION * total) or \
                (reported and abs(total - truth[name]) <= CONFUSABLE_TOLERANCE):
            right += 1
    return {"absent": {a: share(a) for a in absent}, "absent_share": sum(share(a) for a in absent),
            "present_only_mse": mse(present_only, truth), "large_present": len(large),
            "large_present_kept": len(kept),
            "large_missed_under_upper": sum(1 for c in large if c not in kept and c in (upper or {}) and truth[c] <= upper[c]),
            "close_groups": groups, "close_groups_right": right}


def summarize(entries):
    """Over the trials' entries of one method (each `method_fields` and `mse`), or None when there are none."""
    if not entries:
        return None
    present, reference = statistics.mean(e["mse"] for e in entries), statistics.mean(e["present_only_mse"] for e in entries)
    return {"mean_absent_share": statistics.mean(e["absent_share"] for e in entries),
            "mean_present_mse": present, "mean_present_only_mse": reference,
            "present_mse_ratio": present / reference if reference > 0 else None,
            **{k: sum(e[k] for e in entries)
               for k in ["large_present", "large_present_kept", "large_missed_under_upper", "close_groups",
                         "close_groups_right"]}}


def describe(s):
    """One line: absent 0.87 % | present MSE 1.1e-05 (2.10x present-only 5.4e-06) | kept 24/25 >=1 % | close groups 3/4"""
    ratio = "n/a" if s["present_mse_ratio"] is None else f"{s['present_mse_ratio']:.2f}x"
    return (f"absent {100 * s['mean_absent_share']:.2f} % | present MSE {s['mean_present_mse']:.1e} "
            f"({ratio} present-only {s['mean_present_only_mse']:.1e}) | "
            f"kept {s['large_present_kept']}/{s['large_present']} >=1 % "
            f"({s['large_missed_under_upper']} of the missed under their upper bound) | "
            f"close groups {s['close_groups_right']}/{s['close_groups']}")
