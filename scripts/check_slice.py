"""Check one or more corpus slice files (JSON Lines) before they are merged.

Usage: python scripts/check_slice.py data/slices/NAME.jsonl [more files...]

Prints problems and a short summary; exits 1 when a row is invalid.
Checks: schema, labels, kinds, word counts, exact and near duplicates
(character 5-gram Jaccard > 0.8), and repeated 4-word openings.
"""

from __future__ import annotations

import collections
import json
import re
import sys

LABELS = ("network", "learn", "avoid-mistakes", "sell", "buy")
KINDS = ("message", "headline")
REQUIRED = ("id", "kind", "text", "label", "source", "author", "lang")


def shingles(text: str, n: int = 5) -> set[str]:
    t = re.sub(r"\s+", " ", text.lower()).strip()
    return {t[i : i + n] for i in range(max(1, len(t) - n + 1))}


def opening(text: str) -> str:
    words = re.findall(r"\w+", text.lower())
    return " ".join(words[:4])


def main(paths: list[str]) -> int:
    rows, bad = [], 0
    for path in paths:
        with open(path, encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as exc:
                    print(f"{path}:{n}: not valid JSON ({exc})")
                    bad += 1
                    continue
                missing = [k for k in REQUIRED if not row.get(k)]
                if missing:
                    print(f"{path}:{n}: missing fields {missing}")
                    bad += 1
                if row.get("label") not in LABELS:
                    print(f"{path}:{n}: unknown label {row.get('label')!r}")
                    bad += 1
                if row.get("kind") not in KINDS:
                    print(f"{path}:{n}: unknown kind {row.get('kind')!r}")
                    bad += 1
                text = str(row.get("text", ""))
                # Chinese, Japanese and Korean put no spaces between words: count about two characters a word.
                cjk = len(re.findall(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]", text))
                words = max(len(text.split()), cjk // 2)
                if row.get("kind") == "message" and not 2 <= words <= 160:
                    print(f"{path}:{n}: message has {words} words (2-150 expected)")
                rows.append(row)
    ids = collections.Counter(r.get("id") for r in rows)
    for i, c in ids.items():
        if c > 1:
            print(f"duplicate id {i!r} ({c} times)")
            bad += 1
    sh = [shingles(r.get("text", "")) for r in rows]
    near = 0
    for i in range(len(rows)):
        for j in range(i + 1, len(rows)):
            a, b = sh[i], sh[j]
            inter = len(a & b)
            if inter and inter / len(a | b) > 0.8:
                near += 1
                print(f"near duplicate: {rows[i]['id']} ~ {rows[j]['id']}")
    msgs = [r for r in rows if r.get("kind") == "message"]
    openings = collections.Counter(opening(r["text"]) for r in msgs)
    for op, c in openings.most_common(10):
        if c > max(3, len(msgs) // 100):
            print(f"opening {op!r} starts {c} messages (keep each under 1%)")
    print("\nrows:", len(rows), "| near duplicates:", near, "| invalid:", bad)
    for key in ("kind", "label", "lang", "hard", "style"):
        counts = collections.Counter(str(r.get(key)) for r in rows)
        print(f"{key}: {dict(counts.most_common(12))}")
    print("industries:", len({r.get("industry") for r in rows if r.get("industry")}))
    print("with headline:", sum(1 for r in msgs if r.get("headline")))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
