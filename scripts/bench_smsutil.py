#!/usr/bin/env python3
"""Segmentation benchmark, Python side: time smsutil.split over a JSON Lines corpus.

Usage: bench_smsutil.py CORPUS.jsonl [--iterations N]

Each line of the corpus is one JSON string (what MoonwireBench's Corpus.writeJSONLines writes).
Every message goes through smsutil.split(text) (smsutil 1.1.3: GSM 03.38 with its extension
table, else UTF-16; parts never split an escape or a surrogate pair). The corpus is timed
N times and one JSON object is printed with the median pass:

  {"tool": "smsutil", "messages": N, "bytes": B, "seconds_median": s,
   "messages_per_s": m, "mb_per_s": mb, "iterations": N, "segments": S}

"bytes" counts the UTF-8 bytes of the messages, as the Swift side does; "segments" is the
total segment count of one pass, a cheap cross-check against the Swift figures.
"""

import argparse
import json
import statistics
import sys
import time


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", help="JSON Lines file, one JSON string per line")
    parser.add_argument("--iterations", type=int, default=5, help="timed passes (default 5)")
    args = parser.parse_args()

    try:
        import smsutil
    except ImportError:
        print(json.dumps({"tool": "smsutil", "error": "smsutil is not installed: pip install smsutil"}))
        return 2

    messages = []
    with open(args.corpus, encoding="utf-8") as corpus:
        for number, line in enumerate(corpus, start=1):
            if not line.strip():
                continue
            value = json.loads(line)
            if not isinstance(value, str):
                print(f"{args.corpus}:{number}: expected a JSON string", file=sys.stderr)
                return 2
            messages.append(value)

    total_bytes = sum(len(message.encode("utf-8")) for message in messages)
    split = smsutil.split
    samples = []
    segments = 0
    for _ in range(max(1, args.iterations)):
        count = 0
        start = time.perf_counter()
        for message in messages:
            count += len(split(message).parts)
        samples.append(time.perf_counter() - start)
        segments = count

    median = statistics.median(samples)
    print(json.dumps({
        "tool": "smsutil",
        "messages": len(messages),
        "bytes": total_bytes,
        "seconds_median": median,
        "messages_per_s": len(messages) / median if median > 0 else None,
        "mb_per_s": total_bytes / 1e6 / median if median > 0 else None,
        "iterations": max(1, args.iterations),
        "segments": segments,
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
