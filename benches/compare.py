#!/usr/bin/env python3
"""dealbot against the obvious baseline, in one run on the same machine.

The evaluation questions (tests/dev.jsonl and tests/questions.jsonl), repeated to
10,000 lines, go once through `target/release/dealbot ask --json` (one process,
questions on stdin, one JSON answer per line on stdout) and once through a
rank_bm25 baseline (BM25Okapi over the Italian article's sentences, lowercase word
tokens). The script prints both wall times, questions per second and the ratio,
then both systems' accuracy on each question file, scored the same way:

* a question with `expect` strings is right when the system answers and one of
  them appears in the answer, the top passage's text or its date;
* a question with `"expect": null` is right when the system refuses (BM25 refuses
  only when its best score is 0).

dealbot's time includes starting the process and opening the index (built before
the timed run, in a temporary folder named by a temporary config file, so the
repository's index/ is not touched); the baseline's time includes reading the
article and building BM25Okapi, but not starting Python.

rank_bm25 is imported from the running Python if it can be; otherwise the script
makes a virtual environment in target/bench-venv, installs rank_bm25 there and runs
itself again with it.

    python3 benches/compare.py                # 10,000 questions
    python3 benches/compare.py --lines 2000   # a quicker run
    python3 benches/compare.py --build        # rebuild target/release/dealbot first
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / "target" / "bench-venv"
QUESTION_FILES = [ROOT / "tests" / "dev.jsonl", ROOT / "tests" / "questions.jsonl"]


def ensure_rank_bm25():
    """Imports rank_bm25, installing it into target/bench-venv (and re-running) if missing."""
    try:
        import rank_bm25  # noqa: F401

        return
    except ImportError:
        pass
    python = VENV / "bin" / "python"
    if Path(sys.executable).resolve() == python.resolve() and os.environ.get("DEALBOT_COMPARE_REEXEC"):
        sys.exit("rank_bm25 is still missing in target/bench-venv; remove the folder and retry")
    if not python.exists():
        print(f"compare: creating {VENV.relative_to(ROOT)} for rank_bm25", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    print("compare: installing rank_bm25 into the virtual environment", file=sys.stderr)
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "rank_bm25"], check=True)
    env = dict(os.environ, DEALBOT_COMPARE_REEXEC="1")
    os.execve(str(python), [str(python), str(Path(__file__).resolve()), *sys.argv[1:]], env)


def load_questions():
    """[(file name, question, expect)] in file order."""
    out = []
    for path in QUESTION_FILES:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                item = json.loads(line)
                out.append((path.name, item["q"], item.get("expect")))
    return out


def is_right(expect, answered, answer, top_text, top_date):
    if expect is None:
        return not answered
    if not answered:
        return False
    haystacks = [h for h in (answer, top_text, top_date) if h]
    return any(e in h for h in haystacks for e in expect)


# --- the baseline ---------------------------------------------------------------

SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’'»)]*\s+(?=[A-ZÀ-Ý0-9\"“«'(])")
HEADING_END = (".", "!", "?", "…", ":", ";", ",", '"', "»", "”")
WORD = re.compile(r"\w+")


def article_sentences(seeds):
    """(sentence, date) for every Italian article in seeds/: the inline date header
    and front matter removed, headings skipped, paragraphs cut after final
    punctuation followed by a capital, a digit or an opening quote."""
    out = []
    for path in sorted(seeds.glob("*.txt")):
        if path.name.endswith(".en.txt"):
            continue
        text = path.read_text(encoding="utf-8").replace("\r\n", "\n").lstrip()
        if text.startswith("---\n") and "\n---" in text[4:]:
            text = text[4:].split("\n---", 1)[1].split("\n", 1)[-1].lstrip()
        date = None
        m = re.match(r"date (\d{4}-\d{2}-\d{2})\s*", text)
        if m:
            date, text = m.group(1), text[m.end():]
        for block in re.split(r"\n\s*\n", text):
            lines = [line.strip() for line in block.splitlines() if line.strip()]
            if not lines:
                continue
            joined = " ".join(lines)
            if len(lines) == 1 and len(joined.split()) <= 12 and not joined.endswith(HEADING_END):
                continue
            out.extend((s.strip(), date) for s in SENTENCE_END.split(joined) if s.strip())
    return out


def tokenize(text):
    return WORD.findall(text.lower())


def run_baseline(seeds, lines):
    """Answers every line; returns (seconds, answers) with answers as dicts like dealbot's."""
    from rank_bm25 import BM25Okapi

    sink = tempfile.TemporaryFile(mode="w", encoding="utf-8")
    start = time.perf_counter()
    sentences = article_sentences(seeds)
    bm25 = BM25Okapi([tokenize(s) for s, _ in sentences])
    answers = []
    for q in lines:
        scores = bm25.get_scores(tokenize(q))
        best = max(range(len(scores)), key=scores.__getitem__)
        answered = scores[best] > 0
        text, date = sentences[best]
        answer = {
            "question": q,
            "answered": bool(answered),
            "answer": text if answered else None,
            "passages": [{"text": text, "date": date, "score": float(scores[best])}] if answered else [],
        }
        sink.write(json.dumps(answer, ensure_ascii=False) + "\n")
        answers.append(answer)
    sink.flush()
    elapsed = time.perf_counter() - start
    sink.close()
    return elapsed, answers, len(sentences)


# --- dealbot --------------------------------------------------------------------


def ensure_binary(force):
    binary = ROOT / "target" / "release" / "dealbot"
    if force or not binary.exists():
        print("compare: cargo build --release", file=sys.stderr)
        subprocess.run(["cargo", "build", "--release", "--bin", "dealbot"], cwd=ROOT, check=True)
    newest = max(p.stat().st_mtime for p in (ROOT / "src").rglob("*") if p.is_file())
    if newest > binary.stat().st_mtime:
        print("compare: warning: src/ is newer than target/release/dealbot (use --build)", file=sys.stderr)
    return binary


def run_dealbot(binary, config, lines):
    payload = ("\n".join(lines) + "\n").encode("utf-8")
    start = time.perf_counter()
    done = subprocess.run(
        [str(binary), "--config", str(config), "ask", "--json"],
        input=payload,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        check=False,
    )
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"dealbot failed ({done.returncode}): {done.stderr.decode(errors='replace')}")
    answers = [json.loads(line) for line in done.stdout.decode("utf-8").splitlines() if line.strip()]
    if len(answers) != len(lines):
        sys.exit(f"dealbot wrote {len(answers)} answers to {len(lines)} questions")
    return elapsed, answers


# --- the comparison -------------------------------------------------------------


def score(questions, answers):
    """{file: (right, total)} over the first pass of the questions."""
    out = {}
    for (name, _, expect), a in zip(questions, answers):
        top = a["passages"][0] if a.get("passages") else {}
        right = is_right(expect, a["answered"], a.get("answer"), top.get("text"), top.get("date"))
        r, n = out.get(name, (0, 0))
        out[name] = (r + right, n + 1)
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lines", type=int, default=10_000, help="questions to send (default 10000)")
    parser.add_argument("--build", action="store_true", help="run cargo build --release first")
    parser.add_argument("--seeds", type=Path, default=ROOT / "seeds", help="the articles (default seeds/)")
    args = parser.parse_args()
    ensure_rank_bm25()

    questions = load_questions()
    lines = [questions[i % len(questions)][1] for i in range(args.lines)]
    binary = ensure_binary(args.build)
    with tempfile.TemporaryDirectory(prefix="dealbot-compare-") as tmp:
        config = Path(tmp) / "config.toml"
        config.write_text(
            f"seeds_dir = {json.dumps(str(args.seeds.resolve()))}\n"
            f"index_dir = {json.dumps(str(Path(tmp) / 'index'))}\n",
            encoding="utf-8",
        )
        built = subprocess.run(
            [str(binary), "--config", str(config), "index"], capture_output=True, text=True, check=True
        )
        print(f"dealbot: {built.stdout.strip()}")
        startup = min(run_dealbot(binary, config, lines[:1])[0] for _ in range(5))
        dealbot_time, dealbot_answers = run_dealbot(binary, config, lines)
    bm25_time, bm25_answers, sentences = run_baseline(args.seeds, lines)
    print(f"rank_bm25: {sentences} sentences")

    n = len(lines)
    print()
    print(f"{n} questions ({len(questions)} distinct, repeated), one run, this machine:")
    print(f"  dealbot ask --json   {dealbot_time:8.3f} s  {n / dealbot_time:10.0f} questions/s")
    print(f"  rank_bm25 BM25Okapi  {bm25_time:8.3f} s  {n / bm25_time:10.0f} questions/s")
    print(f"  dealbot is {bm25_time / dealbot_time:.2f}x as fast as the baseline (target: 10x)")
    per_question = (dealbot_time - startup) / max(n - 1, 1)
    print(
        f"  dealbot: {startup * 1e3:.1f} ms to start and answer one question (best of 5), "
        f"then {per_question * 1e6:.1f} µs per question (answer, JSON, flushed line)"
    )
    print(f"  rank_bm25: {bm25_time / n * 1e6:.1f} µs per question (scores, JSON line)")

    for name, answers in (("dealbot", dealbot_answers), ("rank_bm25", bm25_answers)):
        first, rest = answers[: len(questions)], answers[len(questions) :]
        drift = sum(
            1
            for i, a in enumerate(rest)
            if (a["answered"], a.get("answer")) != (first[i % len(questions)]["answered"], first[i % len(questions)].get("answer"))
        )
        if drift:
            print(f"  warning: {name} answered {drift} repeated questions differently")
    if n < len(questions):
        print("\naccuracy: not scored (fewer lines than questions)")
        return
    dealbot_scores = score(questions, dealbot_answers)
    bm25_scores = score(questions, bm25_answers)
    print("\naccuracy, same scoring for both (answer, top passage or its date; null expects a refusal):")
    for path in QUESTION_FILES:
        d, total = dealbot_scores.get(path.name, (0, 0))
        b, _ = bm25_scores.get(path.name, (0, 0))
        if total:
            print(
                f"  {path.relative_to(ROOT)}: dealbot {d}/{total} ({100 * d / total:.0f} %), "
                f"rank_bm25 {b}/{total} ({100 * b / total:.0f} %)"
            )
    refusals = [i for i, (_, _, e) in enumerate(questions) if e is None]
    if refusals:
        d = sum(not dealbot_answers[i]["answered"] for i in refusals)
        b = sum(not bm25_answers[i]["answered"] for i in refusals)
        print(f"  off-topic refused: dealbot {d}/{len(refusals)}, rank_bm25 {b}/{len(refusals)}")


if __name__ == "__main__":
    main()
