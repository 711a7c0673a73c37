"""What relaxed matching costs, against a running `quorum serve`.

Sends each query of QUERIES.jsonl (as `quorum gen --queries` writes them) and each judged
question of tests/relevance/judgments.json three times to /api/search and keeps `took_ms` of the
last. Prints p50, p99 and mean with the default matching and with matching=all, then the relaxed
queries alone (docs/PERFORMANCE.md, "Relaxed matching").

    python3 benches/peers/relaxed_cost.py http://127.0.0.1:PORT QUERIES.jsonl
"""
import json
import os
import statistics
import sys
import urllib.parse
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
JUDGMENTS = os.path.join(HERE, "..", "..", "tests", "relevance", "judgments.json")


def answer(base, q, extra):
    url = base + "/api/search?" + urllib.parse.urlencode({"q": q, **extra})
    for _ in range(2):
        urllib.request.urlopen(url).read()
    return json.load(urllib.request.urlopen(url))


def summary(times):
    times = sorted(times)
    return {
        "n": len(times),
        "p50": round(statistics.median(times), 2),
        "p99": round(times[max(0, int(len(times) * 0.99) - 1)], 2),
        "mean": round(statistics.mean(times), 2),
    }


def main():
    base, queries = sys.argv[1], sys.argv[2]
    qs = [json.loads(line)["q"] for line in open(queries)]
    qs += [q["query"] for q in json.load(open(JUDGMENTS))["queries"] if q["kind"] == "question"]
    relaxed, strict_same = [], []
    for extra in ({}, {"matching": "all"}):
        answers = [answer(base, q, extra) for q in qs]
        line = summary([a["took_ms"] for a in answers])
        line["relaxed"] = sum(a["matching"] == "most" for a in answers)
        line["zero_hits"] = sum(a["total"] == 0 for a in answers)
        print(extra.get("matching", "default"), line)
        if not extra:
            for q, a in zip(qs, answers):
                if a["matching"] == "most":
                    relaxed.append(a["took_ms"])
                    strict_same.append(answer(base, q, {"matching": "all"})["took_ms"])
    if relaxed:
        print("relaxed queries", summary(relaxed), "max", round(max(relaxed), 2))
        print("the same, strict", summary(strict_same), "max", round(max(strict_same), 2))


if __name__ == "__main__":
    main()
