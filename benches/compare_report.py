#!/usr/bin/env python3
"""Turn benches/compare.sh's results.jsonl into tables, a chart and docs/PERFORMANCE.md.

    compare_report.py RESULTS.jsonl [MORE.jsonl ...] [--doc docs/PERFORMANCE.md] [--chart docs/performance.png]

Several results files (say, 10k and 100k with three runs, and 1M with one) are merged; each
scale should come from one file.

Medians over runs; every figure with its ratio to the peer measured in the same run set. The
tables go between <!-- compare:begin --> and <!-- compare:end --> in the document; the rest of
the document (a "Server" section, the analysis) is kept as it is.
"""
import json
import math
import statistics
import sys

BEGIN, END = "<!-- compare:begin -->", "<!-- compare:end -->"
ENGINES = ["quorum", "tantivy", "fts5", "xapian"]
COLORS = {"quorum": "tab:blue", "quorum-bare": "tab:cyan", "tantivy": "tab:orange",
          "fts5": "tab:green", "xapian": "tab:red"}
NAMES = {"quorum": "quorum", "quorum-bare": "quorum (bare search)", "tantivy": "bare tantivy",
         "fts5": "SQLite FTS5", "xapian": "Xapian"}


def med(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def fmt(v, digits=1):
    if v is None:
        return "–"
    if abs(v) >= 100:
        return f"{v:,.0f}"
    return f"{v:.{digits}f}"


def ratio(a, b):
    if a is None or b is None or b == 0:
        return "–"
    return f"{a / b:.2f}×"


def index_table(w, runs, passages, text_mb):
    """Write the indexing table of `runs` (index records of one archive); return each
    engine's medians: wall, rss, size."""
    w("| engine | wall s | MB/s of text | passages/s | peak RSS MB | index MB | throughput vs bare tantivy | quorum's throughput vs it |")
    w("|---|---:|---:|---:|---:|---:|---:|---:|")
    idx = {}
    for e in ENGINES:
        rs = [r for r in runs if r["engine"] == e]
        if rs:
            idx[e] = {"wall": med([r["r"]["wall_s"] for r in rs]),
                      "rss": med([r["r"]["rss_mb"] for r in rs]),
                      "size": med([r["size_mb"] for r in rs])}
    t = idx.get("tantivy", {}).get("wall")
    q = idx.get("quorum", {}).get("wall")
    for e, v in idx.items():
        wall = v["wall"]
        w(f"| {NAMES[e]} | {fmt(wall, 2)} | {fmt(text_mb / wall if wall else None)} | "
          f"{fmt(passages / wall if wall else None)} | {fmt(v['rss'])} | {fmt(v['size'])} | "
          f"{ratio(t, wall)} | {ratio(wall, q) if e != 'quorum' else '–'} |")
    return idx


def fit(xs, ys):
    """Least squares of log y on log x: y = c * x^k. Returns (c, k)."""
    pts = [(math.log(x), math.log(y)) for x, y in zip(xs, ys) if x and y and y > 0]
    if len(pts) < 2:
        return None
    mx = sum(p[0] for p in pts) / len(pts)
    my = sum(p[1] for p in pts) / len(pts)
    sxx = sum((p[0] - mx) ** 2 for p in pts)
    if sxx == 0:
        return None
    k = sum((p[0] - mx) * (p[1] - my) for p in pts) / sxx
    return math.exp(my - k * mx), k


def main(argv):
    paths = []
    doc = chart = None
    i = 0
    while i < len(argv):
        if argv[i] == "--doc":
            doc = argv[i + 1]; i += 2
        elif argv[i] == "--chart":
            chart = argv[i + 1]; i += 2
        elif argv[i].startswith("-"):
            sys.exit(__doc__)
        else:
            paths.append(argv[i]); i += 1
    if not paths:
        sys.exit(__doc__)
    rows = []
    for number, path in enumerate(paths):
        for line in open(path):
            if line.strip():
                row = json.loads(line)
                row["file"] = number  # which run of the script wrote it
                rows.append(row)
    machines = [r["machine"] for r in rows if r["kind"] == "machine"]
    machine = dict(machines[0]) if machines else {}
    # The largest archive of each run of the script: its HTTP load test ran against that one.
    largest = {}
    for r in rows:
        if r["kind"] == "gen":
            largest[r["file"]] = max(largest.get(r["file"], 0), r["scale"])
    formats = next((r for r in rows if r["kind"] == "formats"), {})
    scales = sorted({r["scale"] for r in rows if r["kind"] == "gen"})
    gens = {r["scale"]: r for r in rows if r["kind"] == "gen"}
    loads = sorted({r["load"] for r in rows if "load" in r}, key=lambda l: float(l.split()[0]))
    out = []
    w = out.append
    w(BEGIN)
    w("")
    runs_of_script = [
        f"`{r['machine'].get('command', '?')}` (commit `{r['machine'].get('commit', '?')}`, "
        f"{r['machine'].get('date', '?')})"
        for r in rows if r["kind"] == "machine"
    ]
    w(f"Measured on {machine.get('nproc', '?')} cores "
      f"({machine.get('cpu', '?')}), {machine.get('mem_gib', '?')} GiB of memory, with "
      f"{' and '.join(runs_of_script) or '?'}. Load average "
      f"(1, 5, 15 min) beside the runs: {' to '.join(loads[:1] + loads[-1:]) if loads else '?'} "
      f"(lowest, highest seen); the machine is shared, so read ratios, not absolutes. "
      f"Archive formats: {formats.get('formats', '?')}.")
    w("")
    series = {}  # (engine, metric) -> {scale: value}
    for n in scales:
        g = gens[n]["gen"]
        text_mb = g["text_bytes"] / 1e6
        nruns = len({r["run"] for r in rows if r["kind"] == "index" and r["scale"] == n})
        peers_here = sorted({r["engine"] for r in rows if r["kind"] == "index" and r["scale"] == n})
        w(f"### {n:,} passages ({g['files']:,} files, {gens[n]['archive_mb']:.0f} MB on disk, "
          f"{text_mb:.0f} MB of passage text; {nruns} run{'s' if nruns != 1 else ''}, "
          f"engines: {', '.join(peers_here)})")
        w("")
        w("**Indexing** (files or passage dump in, committed index out; median of runs)")
        w("")
        idx = index_table(w, [r for r in rows if r["kind"] == "index" and r["scale"] == n],
                          g["passages"], text_mb)
        for e, v in idx.items():
            wall = v["wall"]
            series.setdefault((e, "index_s"), {})[n] = wall
            series.setdefault((e, "size_mb"), {})[n] = v["size"]
            series.setdefault((e, "rss_mb"), {})[n] = v["rss"]
        re = [r for r in rows if r["kind"] == "reindex" and r["scale"] == n]
        if re and "quorum" in idx:
            rw = med([r["r"]["wall_s"] for r in re])
            w("")
            w(f"Re-indexing the unchanged archive: {fmt(rw, 2)} s, "
              f"{100 * rw / idx['quorum']['wall']:.1f}% of the first run (target: under 10%).")
        w("")
        nq = med([r["r"].get("queries") for r in rows if r["kind"] == "query" and r["scale"] == n])
        w(f"**Queries** (the same {fmt(nq, 0)} mixed queries for every engine, top 10, in process, one at a time; median of runs)")
        w("")
        w("| engine | p50 µs | p95 µs | p99 µs | queries/s | p50 vs bare tantivy | zero-hit queries |")
        w("|---|---:|---:|---:|---:|---:|---:|")
        qs = {}
        for e in ["quorum", "quorum-bare", "tantivy", "fts5", "xapian"]:
            rs = [r["r"] for r in rows if r["kind"] == "query" and r["scale"] == n and r["engine"] == e]
            if rs:
                qs[e] = {k: med([r[k] for r in rs]) for k in ["p50_us", "p95_us", "p99_us", "qps", "zero_hits"]}
        for e, v in qs.items():
            w(f"| {NAMES[e]} | {fmt(v['p50_us'])} | {fmt(v['p95_us'])} | {fmt(v['p99_us'])} | "
              f"{fmt(v['qps'])} | {ratio(v['p50_us'], qs.get('tantivy', {}).get('p50_us'))} | {fmt(v['zero_hits'], 0)} |")
            series.setdefault((e, "p99_ms"), {})[n] = v["p99_us"] / 1000
        by_kind = [r["r"]["kinds"] for r in rows if r["kind"] == "query" and r["scale"] == n
                   and r["engine"] == "quorum" and isinstance(next(iter(r["r"].get("kinds", {}).values()), None), dict)]
        if by_kind:
            w("")
            w("quorum's full answer by kind of query (µs, median of runs): " + "; ".join(
                f"{k} p50 {fmt(med([b[k]['p50_us'] for b in by_kind]))}, p99 {fmt(med([b[k]['p99_us'] for b in by_kind]))}"
                for k in sorted(by_kind[0])) + ".")
        if "fts5" in qs and "quorum" in qs:
            w("")
            bare = (f" and {qs['fts5']['p50_us'] / qs['quorum-bare']['p50_us']:.1f}× that of its bare search"
                    if "quorum-bare" in qs else "")
            w(f"At p50, FTS5's bm25 takes {qs['fts5']['p50_us'] / qs['quorum']['p50_us']:.1f}× the time of "
              f"quorum's full answer (snippets, facets, payloads){bare}; above 1, quorum is faster.")
        w("")

    for c in [r for r in rows if r["kind"] == "corpus"]:
        name, read = c["name"], c["passages"]
        text_mb = read["text_bytes"] / 1e6
        rs_all = [r for r in rows if r["kind"] == "corpus_index" and r["name"] == name]
        nruns = len({r["run"] for r in rs_all})
        w(f"### Real papers: `{name}` ({read['files']:,} files read, {read['unread']:,} not, "
          f"{fmt(c['archive_mb'])} MB on disk, {read['passages']:,} passages, {fmt(text_mb)} MB of "
          f"passage text; {nruns} run{'s' if nruns != 1 else ''})")
        w("")
        w("quorum indexes the folder (extracting and understanding every paper); the peers index "
          "the passages quorum read from it (`benches/peers/corpus_passages.py`), so all index the "
          "same text.")
        w("")
        index_table(w, rs_all, read["passages"], text_mb)
        w("")

    pdf = [r for r in rows if r["kind"] == "pdf"]
    if pdf:
        w("### PDF extraction (every core for both)")
        w("")
        w("| PDFs | pages | quorum pages/s | pdftotext pages/s | quorum vs pdftotext | quorum failures |")
        w("|---|---:|---:|---:|---:|---:|")
        for name in sorted({r["set"] for r in pdf}):
            rs = [r for r in pdf if r["set"] == name]
            pages = rs[0]["pages"]
            qps = med([r["quorum"]["pages_per_s"] if r["quorum"]["failed"] < r["quorum"]["files"] else None for r in rs])
            pps = med([pages / r["pdftotext_s"] if r["pdftotext_s"] else None for r in rs])
            fails = med([r["quorum"]["failed"] for r in rs])
            w(f"| {name} | {pages:,} | {fmt(qps)} | {fmt(pps)} | {ratio(qps, pps)} | {fmt(fails, 0)} of {rs[0]['quorum']['files']} |")
        if not formats.get("pdf_ok", 1):
            w("")
            w("This build's PDF extractor is not in place yet (every PDF fails), so quorum's column is empty.")
        w("")

    http = [r for r in rows if r["kind"] == "http"]
    w("### HTTP (`quorum serve`, wrk, 2 threads, 64 connections, 10 s)")
    w("")
    if not http or "skipped" in http[0]:
        w(f"Skipped: {http[0]['skipped'] if http else 'not measured'}.")
    else:
        described = {"word": "one single-word query repeated",
                     "list": "the whole query list in turn (a wrk script)",
                     "list-afresh": "the whole query list in turn, every answer computed "
                                    "(`--cached-hits 0`)"}
        for file, of in sorted({(r["file"], r.get("queries", "word")) for r in http}):
            rs = [r for r in http if r["file"] == file and r.get("queries", "word") == of]
            w(f"- {largest.get(file, 0):,} passages, {described.get(of, of)}: "
              f"requests/s {fmt(med([r['rps'] for r in rs]))}, p50 {fmt(med([r['p50_ms'] for r in rs]), 2)} ms, "
              f"p99 {fmt(med([r['p99_ms'] for r in rs]), 2)} ms, non-2xx {sum(r['non_2xx'] for r in rs)}, "
              f"socket errors {', '.join(str(r['socket_errors']) for r in rs if r['socket_errors']) or 'none'}.")
    w("")

    if len(scales) >= 2:
        w("### Projection (power law fitted to the measured scales; on paper, not measured)")
        w("")
        w("| quorum | fitted growth | 10M passages | 100M passages |")
        w("|---|---:|---:|---:|")
        for metric, label, unit in [("index_s", "index time", "s"), ("size_mb", "index size", "MB"),
                                    ("rss_mb", "peak RSS", "MB"), ("p99_ms", "query p99", "ms")]:
            s = series.get(("quorum", metric), {})
            f = fit(list(s.keys()), list(s.values()))
            if not f:
                continue
            c, k = f
            w(f"| {label} | ∝ n^{k:.2f} | {fmt(c * 1e7 ** k)} {unit} | {fmt(c * 1e8 ** k)} {unit} |")
        w("")
        w("Index size and time grow about linearly. Peak RSS should not grow with the corpus at all "
          "(the issue wants it bounded by a setting); a fitted exponent well above 0 is a gap, "
          "discussed below.")
        w("")
    w(END)
    block = "\n".join(out)
    print(block)

    if chart and scales:
        try:
            import matplotlib
            matplotlib.use("Agg")
            import matplotlib.pyplot as plt
            fig, axes = plt.subplots(2, 2, figsize=(10, 7))
            for ax, (metric, title) in zip(axes.flat, [("index_s", "index time (s)"), ("size_mb", "index size (MB)"),
                                                       ("rss_mb", "peak RSS while indexing (MB)"), ("p99_ms", "query p99 (ms)")]):
                for e in ["quorum", "quorum-bare", "tantivy", "fts5", "xapian"]:
                    s = series.get((e, metric))
                    if s:
                        xs = sorted(s)
                        ax.plot(xs, [s[x] for x in xs], marker="o", label=NAMES[e], color=COLORS[e])
                ax.set_xscale("log"); ax.set_yscale("log")
                ax.set_title(title); ax.set_xlabel("passages"); ax.grid(True, which="both", alpha=0.3)
            axes.flat[0].legend(fontsize=8)
            axes.flat[3].legend(fontsize=8)
            fig.suptitle(f"quorum and peers by corpus size ({machine.get('date', '')[:10]}, {machine.get('nproc', '?')} cores)")
            fig.tight_layout()
            fig.savefig(chart, dpi=100)
            print(f"chart: {chart}", file=sys.stderr)
        except ImportError:
            print("notice: matplotlib is missing; no chart", file=sys.stderr)

    if doc:
        try:
            text = open(doc).read()
        except FileNotFoundError:
            text = "# Performance\n\n" + BEGIN + "\n" + END + "\n"
        if BEGIN in text and END in text:
            head, rest = text.split(BEGIN, 1)
            tail = rest.split(END, 1)[1]
            text = head + block + tail
        else:
            text = text.rstrip("\n") + "\n\n" + block + "\n"
        open(doc, "w").write(text)
        print(f"wrote {doc}", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
