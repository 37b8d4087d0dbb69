#!/usr/bin/env python3
"""Fit the key-figure ranking weights (src/engine/figures/ranking.toml) on story sets.

For each set folder (articles + key_figures.jsonl), the script indexes a temporary
seeds/ (the seed article plus the set's articles, as benches/score_sets.py does),
reads every figure's ranking signs with `dealbot figures --signs`, and searches
the weights by coordinate ascent from the shipped ones, scoring each try exactly
as ../shared/eval/score_figures.py does: per article the first six figures (after
dropping a value already shown for the same company), a key figure counts when
one of them has its value and a label naming its company; a not-key one shown
is an intrusion. The objective is keys with the right company minus half the
intrusions, less a quarter for each unit a weight moves from the hand-set start.

    python3 benches/fit_figures.py --bin BIN              # leave-one-set-out, then all four
    python3 benches/fit_figures.py --bin BIN --write      # also write the all-sets weights

Leave-one-set-out: for each set, the weights fitted on the other three, scored
on it. The shipped weights are those fitted on all four.
"""

import argparse
import importlib.util
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval"
SEED = ROOT / "seeds"
RANKING = ROOT / "src" / "engine" / "figures" / "ranking.toml"
SHOWN = 6
GRID = [x / 2 for x in range(-8, 9)]
# Signs whose direction their meaning gives: the fit may weigh them, not turn them.
SIGN = {"title": 1, "lead": 1, "repeats": 1, "main_subject": 1, "late": -1, "no_company": -1, "reported": -1,
        "recalled": -1, "share_move": -1, "quote": -1}


def scorer():
    spec = importlib.util.spec_from_file_location("score_figures", EVAL / "score_figures.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def signs_of(bin_path, set_dir):
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        seeds = tmp / "seeds"
        seeds.mkdir()
        for f in list(SEED.glob("*.txt")) + list(set_dir.glob("*.txt")):
            shutil.copy(f, seeds)
        cfg = tmp / "config.toml"
        cfg.write_text('seeds_dir = "seeds"\nindex_dir = "index"\n')
        subprocess.run([str(bin_path), "index", "--config", str(cfg)], check=True, capture_output=True)
        out = subprocess.run(
            [str(bin_path), "figures", "--signs", "--config", str(cfg)], check=True, capture_output=True, text=True
        ).stdout
    return json.loads(out)


# Where the search starts, and what it is penalised for leaving: values set by
# hand from what each sign means, before any fitting.
START = {"title": 2.0, "lead": 1.5, "late": -1.0, "repeats": 1.0, "main_subject": 1.0, "no_company": -1.0,
         "reported": -0.3, "recalled": -2.0, "share_move": -2.0, "quote": -0.5, "money": 1.0, "percent": 0.5,
         "count": 0.3, "capacity": 0.3, "multiple": -0.5, "time": -3.0}


def shipped_weights():
    text = RANKING.read_text()
    block = text.split("[weights]", 1)[1].split("\n[", 1)[0]
    return {m[1]: float(m[2]) for m in re.finditer(r"(?m)^(\w+)\s*=\s*(-?[\d.]+)", block)}


def same_figure(a, b):
    """As rank.rs's same_figure: one value, and a company in common or none named."""
    ca, cb = a["companies"], b["companies"]
    return a["same"] == b["same"] and (a["usd"] is not None or not ca or not cb or any(c in cb for c in ca))


class Set:
    def __init__(self, name, gold, articles, sf):
        self.name, self.sf = name, sf
        by_doc = {a["doc"]: a["figures"] for a in articles}
        self.cases = []
        for g in gold:
            figs = by_doc.get(g["doc"])
            if figs is None:
                same = [d for d in by_doc if d[:10] == g["doc"][:10]]
                figs = by_doc[same[0]] if len(same) == 1 else []
            self.cases.append((g, figs))

    def score(self, w):
        labelled = found = intrusions = keys = 0
        for g, figs in self.cases:
            order = sorted(range(len(figs)), key=lambda i: -sum(w[k] * v for k, v in figs[i]["signs"].items()))
            box = []
            for i in order:
                if not any(same_figure(kept, figs[i]) for kept in box):
                    box.append(figs[i])
                if len(box) == SHOWN:
                    break
            for k in g["key"]:
                m = [f for f in box if self.sf.same_value(k, f)]
                found += bool(m)
                labelled += any(self.sf.names_who(k, f) for f in m)
            intrusions += sum(any(self.sf.same_value(n, f) for f in box) for n in g.get("not_key", []))
            keys += len(g["key"])
        return labelled, found, intrusions, keys, len(self.cases)


# Each unit a weight moves from the shipped (hand-set) value costs this much of
# the objective: with 24 articles a set, a weight must earn its change.
PENALTY = 0.25


def objective(sets, w, start):
    total = -PENALTY * sum(abs(w[k] - start[k]) for k in w)
    for s in sets:
        labelled, found, intrusions, _, _ = s.score(w)
        total += labelled - 0.5 * intrusions + 0.01 * found
    return total


def fit(sets, start):
    w = dict(start)
    best = objective(sets, w, start)
    for _ in range(4):
        improved = False
        for k in w:
            for v in [v for v in GRID if SIGN.get(k, 0) * v >= 0]:
                trial = dict(w, **{k: v})
                o = objective(sets, trial, start)
                if o > best + 1e-9:
                    best, w, improved = o, trial, True
        if not improved:
            break
    return w


def line(s, w):
    labelled, found, intrusions, keys, n = s.score(w)
    return f"{s.name}: {labelled}/{keys} with the right company ({found} by value), not-key {intrusions / n:.1f} per article"


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("sets", nargs="*", type=Path)
    p.add_argument("--bin", type=Path, required=True)
    p.add_argument("--write", action="store_true", help="write the weights fitted on all sets to ranking.toml")
    args = p.parse_args()
    sf = scorer()
    dirs = args.sets or sorted(d for d in (EVAL / "train").iterdir() if d.is_dir())
    sets = [
        Set(d.name, [json.loads(l) for l in open(d / "key_figures.jsonl") if l.strip()], signs_of(args.bin, d), sf)
        for d in dirs
    ]
    start = START
    print("hand-set start:", "; ".join(line(s, start) for s in sets))
    print("shipped weights:", "; ".join(line(s, shipped_weights()) for s in sets))
    for held in sets:
        w = fit([s for s in sets if s is not held], start)
        print(f"fitted without {held.name}, scored on it: {line(held, w)}")
        print("   ", json.dumps(w))
    w = fit(sets, start)
    print("fitted on all:", "; ".join(line(s, w) for s in sets))
    print("   ", json.dumps(w))
    if args.write:
        text = RANKING.read_text()
        for k, v in w.items():
            text = re.sub(rf"(?m)^({k}\s*=\s*)-?[\d.]+", lambda m: f"{m[1]}{v}", text)
        RANKING.write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
