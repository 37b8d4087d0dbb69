#!/usr/bin/env python3
"""dealbot against a rank_bm25 script over 1,001 articles, side by side.

The corpus is made in a temporary folder, the same on every run, without any
download: the seed article (seeds/) plus 1,000 articles derived from the 32
story-set articles (../shared/eval/train/*/): article k is story-set article
k % 32, variant k // 32 + 1, in which every name (a capitalized word the
articles never write in lower case) becomes a made-up name of that variant, and
every number but a year gets its first digit moved, so that each is a distinct
text with its own names and figures. The file is named by its date, moved by the
variant, and the front matter's date moves with it.

Measured for each dealbot binary given (`--bin`, several to compare builds; each
with its own index folder), runs interleaved, medians printed:

(a) start-up from an existing index: `dealbot ask --json --config CFG "Q"`,
    wall time of the process answering one question; the script: reading the
    articles, splitting the sentences and building BM25Okapi (not starting Python);
(b) per question: 2N questions through one `dealbot ask --json` process minus
    N questions (so start-up and one-off work cancel out), divided by N; the script: BM25 scores over all sentences and the best one,
    per question; the questions are the story sets' questions with the names and
    figures of a variant, so they are about the generated articles;
(c) indexing the 1,001 articles: `dealbot index --config CFG`;
(d) adding one article to the 1,000: a new variant written into seeds/, then
    (d1) `dealbot ask --json` asked about it, from the moment the file is written
    until the answer quotes it (start-up and the index update included), and
    (d2) with `dealbot` running as the console (the seeds watcher on), the
    question asked every 50 ms from the moment the file is written until an
    answer names the article's made-up name, and
    (d3) with the console running, `dealbot add FILE` (what a moderator runs
    on the bot's machine): how long the command takes, and the question asked
    every 50 ms from its return until the console's answer names the article.
    The index is put back as it was (a copy) after each run.

    python3 benches/compare_scale.py --bin /work/scale-base-dealbot --bin target/release/dealbot
    python3 benches/compare_scale.py --runs 5 --questions 2000
    python3 benches/compare_scale.py --keep /tmp/corpus   # also leave the corpus there

rank_bm25 comes from target/bench-venv, installed there as benches/compare.py does.
"""

import argparse
import datetime
import hashlib
import json
import os
import re
import resource
import select
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import compare  # noqa: E402  (its rank_bm25 installer and its sentence splitter)

ROOT = compare.ROOT
TRAIN = ROOT.parent / "shared" / "eval" / "train"
ARTICLES = 1_000
MONTHS_AND_DAYS = {
    *"january february march april may june july august september october november december".split(),
    *"gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre".split(),
    *"monday tuesday wednesday thursday friday saturday sunday".split(),
    *"lunedì martedì mercoledì giovedì venerdì sabato domenica".split(),
}
NAME = re.compile(r"\b[A-Z][A-Za-z]{2,}\b")
NUMBER = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)*")
YEAR = re.compile(r"(19|20)\d\d")
SYLLABLES = "ka lo mi ren tor va sel dun pra ve lix quo ban tes ri mor gal fen osk ul zar nim pe tal".split()


# --- the corpus -------------------------------------------------------------------


def base_articles():
    """The 32 story-set articles, sorted, with the questions of their sets."""
    files = sorted(TRAIN.glob("*/*.txt"))
    if len(files) < 32:
        sys.exit(f"compare_scale: expected the 32 story-set articles under {TRAIN}")
    questions = []
    for path in sorted(TRAIN.glob("*/questions.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                questions.append(json.loads(line)["q"])
    return files, questions


def names_of(texts):
    """Capitalized words the articles never write in lower case: the names to vary."""
    lower = set()
    for t in texts:
        lower.update(w for w in re.findall(r"\b[a-zà-ÿ]+\b", t))
    out = set()
    for t in texts:
        for m in NAME.finditer(t):
            w = m.group()
            if w.lower() not in lower and w.lower() not in MONTHS_AND_DAYS:
                out.add(w)
    return out


def made_up(word, variant):
    """The made-up name of `word` in `variant`, the same on every run."""
    digest = hashlib.sha256(f"{word}/{variant}".encode()).digest()
    n = 2 + digest[0] % 2
    name = "".join(SYLLABLES[b % len(SYLLABLES)] for b in digest[1 : 1 + n])
    return name.upper() if word.isupper() else name.capitalize()


def vary(text, names, variant):
    """`text` with the names and numbers of `variant`."""
    text = NAME.sub(lambda m: made_up(m.group(), variant) if m.group() in names else m.group(), text)

    def number(m):
        s = m.group()
        if YEAR.fullmatch(s):
            return s
        d = int(s[0])
        moved = (d - 1 + variant) % 9 + 1 if d else d
        return str(moved) + s[1:]

    return NUMBER.sub(number, text)


def article_date(path, text):
    m = re.match(r"(\d{4}-\d{2}-\d{2})-(.*)", path.stem)
    if m:
        return datetime.date.fromisoformat(m.group(1)), m.group(2)
    m = re.search(r"^date: (\d{4}-\d{2}-\d{2})", text, re.M)
    return (datetime.date.fromisoformat(m.group(1)) if m else datetime.date(2026, 1, 1)), path.stem


def derived(files, names, k):
    """(file name, text, variant) of generated article k."""
    path = files[k % len(files)]
    variant = k // len(files) + 1
    text = path.read_text(encoding="utf-8")
    date, slug = article_date(path, text)
    moved = date + datetime.timedelta(days=7 * variant)
    text = re.sub(r"^date: \d{4}-\d{2}-\d{2}", f"date: {moved.isoformat()}", vary(text, names, variant), flags=re.M)
    return f"{moved.isoformat()}-{slug}-v{variant:02d}.txt", text, variant


def make_corpus(folder):
    """Writes the seed and 1,000 derived articles into folder/seeds; returns
    (seeds folder, the names varied, the story sets' questions)."""
    files, questions = base_articles()
    names = names_of([f.read_text(encoding="utf-8") for f in files])
    seeds = folder / "seeds"
    seeds.mkdir(parents=True)
    for f in (ROOT / "seeds").glob("*.txt"):
        shutil.copy(f, seeds)
    for k in range(ARTICLES):
        name, text, _ = derived(files, names, k)
        (seeds / name).write_text(text, encoding="utf-8")
    return seeds, names, questions


def questions_about(extra, names, seeds):
    """Story-set questions about the extra article's base that name one of its
    made-up names, each with what its answer must say: an expected string of
    the question, varied, that the extra article has and no other article does."""
    name, text, variant = extra
    others = [p.read_text(encoding="utf-8") for p in seeds.glob("*.txt")]
    out = []
    for path in sorted(TRAIN.glob("*/questions.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            item = json.loads(line) if line.strip() else {}
            q = vary(item.get("q", ""), names, variant)
            if q == item.get("q") or not any(w in text for w in NAME.findall(q) if w not in item["q"]):
                continue
            for e in item.get("expect") or []:
                expected = vary(e, names, variant)
                if len(expected) >= 4 and expected in text and not any(expected in o for o in others):
                    out.append((q, expected))
                    break
    return out


def pick_question(binary, folder, seeds, extras, names):
    """Of the `extras` (article k = 1,000, 1,001, …), the first with a question
    that `binary`, over the seeds and the extras built whole, answers quoting
    that article: (the article, the question, what the answer must say)."""
    folder.mkdir()
    cfg = config_for(folder, seeds, folder / "index")
    asked = [(extra, q, e) for extra in extras for q, e in questions_about(extra, names, seeds)]
    for extra in extras:
        (seeds / extra[0]).write_text(extra[1], encoding="utf-8")
    try:
        payload = ("\n".join(q for _, q, _ in asked) + "\n").encode()
        _, out = timed([binary, "--config", cfg, "ask", "--json"], payload)
    finally:
        for extra in extras:
            (seeds / extra[0]).unlink()
    for (extra, q, expected), line in zip(asked, out.splitlines()):
        answer = json.loads(line)
        top = (answer.get("passages") or [{}])[0]
        if answer.get("answered") and top.get("doc") == extra[0].removesuffix(".txt") and expected in line:
            return extra, q, expected
    sys.exit("compare_scale: no question about an added article is answered from it")


# --- timing ------------------------------------------------------------------------


def config_for(folder, seeds, index):
    cfg = folder / "config.toml"
    cfg.write_text(
        f"seeds_dir = {json.dumps(str(seeds))}\nindex_dir = {json.dumps(str(index))}\n"
        f"[gaps]\ndatabase = {json.dumps(str(folder / 'gaps.sqlite3'))}\n",
        encoding="utf-8",
    )
    return cfg


CPU = {}


def timed(cmd, payload=None):
    """(wall seconds, stdout) of `cmd`; its CPU seconds (user and system) go to CPU["last"]."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(cmd, input=payload, capture_output=True, check=False)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU["last"] = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode != 0:
        sys.exit(f"compare_scale: {' '.join(map(str, cmd))} failed: {done.stderr.decode(errors='replace')}")
    return elapsed, done.stdout.decode("utf-8")


class Console:
    """`dealbot` running as the console (the seeds watcher on), ready to be asked."""

    def __init__(self, binary, cfg):
        env = {k: v for k, v in os.environ.items() if k != "DISCORD_TOKEN"}
        self.proc = subprocess.Popen(
            [str(binary), "--config", str(cfg)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
        )
        self.out = b""
        self.read_until_prompt(120)
        # The rebuild thread finds the "did you mean" questions at start: let it.
        time.sleep(1.0)

    def read_until_prompt(self, limit):
        end = time.perf_counter() + limit
        while not self.out.endswith(b"> "):
            left = end - time.perf_counter()
            if left <= 0 or not select.select([self.proc.stdout], [], [], left)[0]:
                raise TimeoutError
            chunk = os.read(self.proc.stdout.fileno(), 65536)
            if not chunk:
                raise TimeoutError
            self.out += chunk
        text, self.out = self.out.decode("utf-8", errors="replace"), b""
        return text

    def answered(self, question, expected, start, timeout):
        """Seconds from `start` until an answer to `question`, asked every 50 ms, names `expected`."""
        while time.perf_counter() - start < timeout:
            self.proc.stdin.write((question + "\n").encode())
            self.proc.stdin.flush()
            if expected in self.read_until_prompt(timeout):
                return time.perf_counter() - start
            time.sleep(0.05)
        return float("nan")

    def close(self):
        self.proc.stdin.close()
        self.proc.wait(timeout=30)


def console_add(binary, cfg, seeds, extra, question, expected, timeout=30.0):
    """Seconds from writing the extra article until the console's answer names `expected`."""
    console = Console(binary, cfg)
    try:
        name, text, _ = extra
        start = time.perf_counter()
        (seeds / name).write_text(text, encoding="utf-8")
        return console.answered(question, expected, start, timeout)
    finally:
        console.close()


def console_cli_add(binary, cfg, seeds, extra, question, expected, timeout=30.0):
    """`dealbot add FILE` beside a running console: (seconds the command took,
    seconds from its return until the console's answer names `expected`)."""
    before = set(seeds.iterdir())
    page = cfg.parent / "new-article.txt"
    page.write_text(extra[1], encoding="utf-8")
    console = Console(binary, cfg)
    try:
        took, _ = timed([binary, "--config", cfg, "add", page])
        return took, console.answered(question, expected, time.perf_counter(), timeout)
    finally:
        console.close()
        for path in set(seeds.iterdir()) - before:
            path.unlink()
        page.unlink()


def ensure_rank_bm25():
    """Imports rank_bm25, else runs this script again with target/bench-venv's
    Python, installing rank_bm25 there first as benches/compare.py does."""
    try:
        import rank_bm25  # noqa: F401

        return
    except ImportError:
        pass
    python = compare.VENV / "bin" / "python"
    if os.environ.get("DEALBOT_COMPARE_REEXEC"):
        sys.exit("rank_bm25 is still missing in target/bench-venv; remove the folder and retry")
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(compare.VENV)], check=True)
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "rank_bm25"], check=True)
    env = dict(os.environ, DEALBOT_COMPARE_REEXEC="1")
    os.execve(str(python), [str(python), str(Path(__file__).resolve()), *sys.argv[1:]], env)


def median(xs):
    return statistics.median(xs) if xs else float("nan")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bin", type=Path, action="append", help="a dealbot binary (several to compare)")
    parser.add_argument("--runs", type=int, default=3, help="runs of each measurement (default 3)")
    parser.add_argument("--questions", type=int, default=2000, help="questions for (b) (default 2000)")
    parser.add_argument("--keep", type=Path, help="copy the generated corpus there")
    parser.add_argument("--skip", default="", help="measurements to skip, e.g. 'cd'")
    args = parser.parse_args()
    ensure_rank_bm25()
    from rank_bm25 import BM25Okapi

    bins = [b.resolve() for b in (args.bin or [ROOT / "target" / "release" / "dealbot"])]
    with tempfile.TemporaryDirectory(prefix="dealbot-scale-") as tmp:
        tmp = Path(tmp)
        seeds, names, questions = make_corpus(tmp / "corpus")
        files, _ = base_articles()
        extra, add_question, expected = pick_question(
            bins[-1], tmp / "probe", seeds, [derived(files, names, k) for k in range(ARTICLES, ARTICLES + 32)], names
        )
        if args.keep:
            shutil.copytree(seeds, args.keep / "seeds", dirs_exist_ok=True)
            (args.keep / extra[0]).write_text(extra[1], encoding="utf-8")
        varied = [vary(q, names, 1 + i % (ARTICLES // 32)) for i, q in enumerate(questions)]
        lines = [varied[i % len(varied)] for i in range(args.questions)]
        print(f"corpus: {len(list(seeds.glob('*.txt')))} files; {len(varied)} distinct questions")
        print(f"added article: {extra[0]}; asked: {add_question!r}; its answer must say {expected!r}")

        results = {b: {} for b in bins}
        cfgs = {}
        for i, b in enumerate(bins):
            folder = tmp / f"bin{i}"
            folder.mkdir()
            cfgs[b] = config_for(folder, seeds, folder / "index")
            t, out = timed([b, "--config", cfgs[b], "index"])
            print(f"{b}: {out.strip()} ({t:.1f} s)")

        payload = ("\n".join(lines) + "\n").encode()
        sentences = bm25 = None
        for run in range(args.runs):
            for b in bins:
                r = results[b]
                cfg = cfgs[b]
                if "a" not in args.skip:
                    r.setdefault("start", []).append(timed([b, "--config", cfg, "ask", "--json", lines[0]])[0])
                if "b" not in args.skip:
                    r.setdefault("batch", []).append(timed([b, "--config", cfg, "ask", "--json"], payload)[0])
                    r.setdefault("batch_cpu", []).append(CPU["last"])
                    r.setdefault("batch2", []).append(timed([b, "--config", cfg, "ask", "--json"], payload * 2)[0])
                    r.setdefault("batch2_cpu", []).append(CPU["last"])
                if "c" not in args.skip:
                    index = cfg.parent / "index"
                    spare = cfg.parent / "index-kept"
                    shutil.copytree(index, spare)
                    r.setdefault("index", []).append(timed([b, "--config", cfg, "index"])[0])
                    shutil.rmtree(index)
                    spare.rename(index)
                if "d" not in args.skip:
                    index = cfg.parent / "index"
                    spare = cfg.parent / "index-kept"
                    shutil.copytree(index, spare)
                    added = seeds / extra[0]
                    start = time.perf_counter()
                    added.write_text(extra[1], encoding="utf-8")
                    _, out = timed([b, "--config", cfg, "ask", "--json", add_question])
                    t = time.perf_counter() - start
                    answer = json.loads(out)
                    top = (answer.get("passages") or [{}])[0]
                    if top.get("doc") != extra[0].removesuffix(".txt"):
                        print(f"  warning: {b.name} did not quote the added article: {answer.get('answer')!r}")
                    r.setdefault("add_cli", []).append(t)
                    added.unlink()
                    shutil.rmtree(index)
                    spare.rename(index)
                    shutil.copytree(index, spare)
                    r.setdefault("add_console", []).append(
                        console_add(b, cfg, seeds, extra, add_question, expected)
                    )
                    added.unlink()
                    shutil.rmtree(index)
                    spare.rename(index)
                    shutil.copytree(index, spare)
                    took, after = console_cli_add(b, cfg, seeds, extra, add_question, expected)
                    r.setdefault("add_command", []).append(took)
                    r.setdefault("add_command_console", []).append(after)
                    shutil.rmtree(index)
                    spare.rename(index)
            # The script, in this process.
            start = time.perf_counter()
            sentences = compare.article_sentences(seeds)
            bm25 = BM25Okapi([compare.tokenize(s) for s, _ in sentences])
            results.setdefault("bm25", {}).setdefault("start", []).append(time.perf_counter() - start)
            n = min(len(lines), 200)
            start = time.perf_counter()
            for q in lines[:n]:
                scores = bm25.get_scores(compare.tokenize(q))
                max(range(len(scores)), key=scores.__getitem__)
            results["bm25"].setdefault("per_question", []).append((time.perf_counter() - start) / n)
            print(f"run {run + 1}/{args.runs} done", file=sys.stderr)

    s = results["bm25"]
    bm_start, bm_q = median(s["start"]), median(s["per_question"])
    print(f"\nrank_bm25 over {len(sentences)} sentences: start {bm_start:.3f} s, {bm_q * 1e6:.0f} µs per question")
    print(f"medians of {args.runs} runs, interleaved:")
    for b in bins:
        r = results[b]
        print(f"{b}:")
        if "start" in r:
            st = median(r["start"])
            print(f"  (a) start-up, one question: {st:.3f} s = {st / bm_start:.2f}x the script's start (target ≤ 2x)")
        if "batch" in r:
            # Twice the questions minus once: start-up and one-off work (the
            # "did you mean" questions, found when first needed) cancel out.
            per = [(b2 - b1) / args.questions for b1, b2 in zip(r["batch"], r["batch2"])]
            pq = median(per)
            cpu = median([(b2 - b1) / args.questions for b1, b2 in zip(r["batch_cpu"], r["batch2_cpu"])])
            print(
                f"  (b) per question: {pq * 1e6:.0f} µs ({median(r['batch']):.2f} s for {args.questions}, "
                f"{median(r['batch2']):.2f} s for twice as many); the script is {bm_q / pq:.0f}x slower (target ≥ 100x); "
                f"CPU time {cpu * 1e6:.0f} µs per question (steadier on a loaded machine)"
            )
        if "index" in r:
            print(f"  (c) indexing the 1,001: {median(r['index']):.2f} s")
        if "add_cli" in r:
            print(f"  (d1) one article added, then `ask`: answered quoting it {median(r['add_cli']):.3f} s after the write")
            print(
                f"  (d2) one article added under the console's watcher: answered {median(r['add_console']):.3f} s "
                "after the write"
            )
            print(
                f"  (d3) `dealbot add FILE` beside the running console: the command took "
                f"{median(r['add_command']):.3f} s; the console answered quoting it "
                f"{median(r['add_command_console']):.3f} s after the command returned (target ≤ 1 s; "
                "a new `ask` process after it answers in the start-up time, (a))"
            )
        print(f"  runs: {json.dumps({k: [round(x, 4) for x in v] for k, v in r.items()})}")


if __name__ == "__main__":
    main()
