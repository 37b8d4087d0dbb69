#!/usr/bin/env python3
"""Score a dealbot binary on story sets, each as the evaluation does it.

For each set folder (a folder of articles with questions.jsonl, and optionally
followups.jsonl and key_figures.jsonl beside them), the script makes a temporary
seeds/ holding the seed article plus the set's articles, a config pointing at it,
and runs the shared scorers on the set's files:

    ../shared/eval/score.py SET/questions.jsonl -- BIN ask --json --config CFG
    ../shared/eval/score.py SET/followups.jsonl -- BIN ask --json --config CFG
    ../shared/eval/score_figures.py SET/key_figures.jsonl -- BIN figures --json --config CFG

and prints one line per file with the scorer's summary (add --misses for the
scorer's whole output).

    python3 benches/score_sets.py                          # the four training story sets
    python3 benches/score_sets.py ../shared/eval/articles  # any set folders
    python3 benches/score_sets.py --bin OTHER/dealbot      # another build, to compare
"""

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval"
SEED = ROOT / "seeds"


def score(bin_path: Path, set_dir: Path, misses: bool, model: Path | None = None) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        seeds = tmp / "seeds"
        seeds.mkdir()
        for f in SEED.glob("*.txt"):
            shutil.copy(f, seeds)
        for f in set_dir.glob("*.txt"):
            shutil.copy(f, seeds)
        cfg = tmp / "config.toml"
        cfg.write_text('seeds_dir = "seeds"\nindex_dir = "index"\n')
        subprocess.run([str(bin_path), "index", "--config", str(cfg)], check=True, capture_output=True)
        ask = ["ask", "--json"] + (["--model", str(model)] if model else [])
        for name, scorer, cmd in [
            ("questions.jsonl", "score.py", ask),
            ("followups.jsonl", "score.py", ask),
            ("key_figures.jsonl", "score_figures.py", ["figures", "--json"]),
        ]:
            path = set_dir / name
            if not path.exists():
                continue
            out = subprocess.run(
                [sys.executable, str(EVAL / scorer), str(path), "--", str(bin_path), *cmd, "--config", str(cfg)],
                capture_output=True,
                text=True,
            ).stdout
            lines = out.strip().splitlines() or ["(no output)"]
            if misses:
                print("\n".join(lines[:-1]))
            print(f"{set_dir.name}/{name}: {lines[-1]}", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sets", nargs="*", type=Path)
    parser.add_argument("--bin", type=Path, default=ROOT / "target" / "release" / "dealbot")
    parser.add_argument("--misses", action="store_true", help="print every miss too")
    parser.add_argument("--model", type=Path, help="answer with this model file (ask --model)")
    args = parser.parse_args()
    sets = args.sets or sorted(p for p in (EVAL / "train").iterdir() if p.is_dir())
    for set_dir in sets:
        score(args.bin, set_dir, args.misses, args.model)
    return 0


if __name__ == "__main__":
    sys.exit(main())
