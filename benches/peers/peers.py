#!/usr/bin/env python3
"""The Python peers of benches/compare.sh: SQLite FTS5 and Xapian on the same passages.

    peers.py fts5 index PASSAGES.jsonl DB        peers.py fts5 query DB QUERIES.jsonl
    peers.py xapian index PASSAGES.jsonl DIR     peers.py xapian query DIR QUERIES.jsonl

PASSAGES.jsonl and QUERIES.jsonl are what `quorum gen --jsonl --queries` writes. FTS5 uses the
porter tokenizer and bm25 (item titles weighted 2, sections 1.5, as quorum boosts them);
Xapian the English stemmer and BM25. Every word is required; a phrase is a phrase; a committee
filter is a column (FTS5) or a boolean term (Xapian); `faceted` queries also count the matches
per committee. Queries are run once to warm up, then once timed, one by one, in process.
Each command prints one JSON object.
"""
import json
import os
import re
import sqlite3
import sys
import time


def percentiles(micros):
    micros.sort()
    pick = lambda p: micros[min(int(len(micros) * p), len(micros) - 1)]
    return {"p50_us": pick(0.50), "p95_us": pick(0.95), "p99_us": pick(0.99)}


def read_queries(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def timed(engine, queries, run):
    for q in queries:
        run(q)
    micros, zero = [], 0
    started = time.perf_counter()
    for q in queries:
        t = time.perf_counter()
        if run(q) == 0:
            zero += 1
        micros.append((time.perf_counter() - t) * 1e6)
    seconds = time.perf_counter() - started
    out = {"engine": engine, "queries": len(queries), "zero_hits": zero,
           "qps": len(queries) / seconds}
    out.update(percentiles(micros))
    print(json.dumps(out))


def words_only(word):
    return re.findall(r"[A-Za-z0-9]+", word)


# --- SQLite FTS5 -------------------------------------------------------------------------

def fts5_index(jsonl, db):
    started = time.perf_counter()
    if os.path.exists(db):
        os.remove(db)
    con = sqlite3.connect(db)
    con.execute("PRAGMA journal_mode=OFF")
    con.execute("PRAGMA synchronous=OFF")
    con.execute("CREATE VIRTUAL TABLE p USING fts5(text, item_title, section, committee UNINDEXED,"
                " council UNINDEXED, type UNINDEXED, role UNINDEXED, date UNINDEXED,"
                " tokenize='porter unicode61 remove_diacritics 2')")
    n = nbytes = 0

    def rows():
        nonlocal n, nbytes
        with open(jsonl) as f:
            for line in f:
                p = json.loads(line)
                n += 1
                nbytes += len(p["text"].encode())
                yield (p["text"], p["item_number"] + " " + p["item_title"], p["section"] or "",
                       p["committee"], p["council"], p["type"], p["role"], p["date"])

    con.executemany("INSERT INTO p VALUES (?,?,?,?,?,?,?,?)", rows())
    con.commit()
    con.execute("INSERT INTO p(p) VALUES('optimize')")
    con.commit()
    con.close()
    print(json.dumps({"engine": "fts5", "passages": n, "text_bytes": nbytes,
                      "seconds": time.perf_counter() - started}))


def fts5_match(q):
    words = [w for word in q["words"] for w in words_only(word)]
    if q["phrase"]:
        return '"' + " ".join(words) + '"'
    return " AND ".join('"%s"' % w for w in words)


def fts5_query(db, path):
    con = sqlite3.connect(db)
    queries = read_queries(path)
    top = ("SELECT rowid, text, committee, bm25(p, 1.0, 2.0, 1.5) AS s FROM p WHERE p MATCH ? {}"
           " ORDER BY s LIMIT 10")
    count = "SELECT count(*) FROM p WHERE p MATCH ? {}"
    facet = "SELECT committee, count(*) FROM p WHERE p MATCH ? GROUP BY committee"

    def run(q):
        match = fts5_match(q)
        extra, args = ("AND committee = ?", [match, q["committee"]]) if q.get("committee") else ("", [match])
        con.execute(top.format(extra), args).fetchall()
        total = con.execute(count.format(extra), args).fetchone()[0]
        if q.get("facets"):
            con.execute(facet, [match]).fetchall()
        return total

    timed("fts5", queries, run)


# --- Xapian ------------------------------------------------------------------------------

def xapian_index(jsonl, path):
    import xapian
    started = time.perf_counter()
    db = xapian.WritableDatabase(path, xapian.DB_CREATE_OR_OVERWRITE)
    tg = xapian.TermGenerator()
    tg.set_stemmer(xapian.Stem("english"))
    n = nbytes = 0
    with open(jsonl) as f:
        for line in f:
            p = json.loads(line)
            doc = xapian.Document()
            tg.set_document(doc)
            tg.index_text(p["text"])
            tg.increase_termpos()
            tg.index_text(p["item_number"] + " " + p["item_title"], 2)
            if p["section"]:
                tg.increase_termpos()
                tg.index_text(p["section"])
            doc.add_boolean_term("XC" + p["committee"].lower())
            doc.add_value(0, p["committee"])
            doc.set_data(line)
            db.add_document(doc)
            n += 1
            nbytes += len(p["text"].encode())
    db.commit()
    db.close()
    print(json.dumps({"engine": "xapian", "passages": n, "text_bytes": nbytes,
                      "seconds": time.perf_counter() - started}))


def xapian_query(path, qpath):
    import xapian
    db = xapian.Database(path)
    enquire = xapian.Enquire(db)
    stem = xapian.Stem("english")
    queries = read_queries(qpath)

    def build(q):
        words = [stem(w.lower()) for word in q["words"] for w in words_only(word)]
        terms = ["Z" + w.decode() if isinstance(w, bytes) else "Z" + w for w in words]
        if q["phrase"] and len(words) > 1:
            # Phrases need the unstemmed terms with positions.
            raw = [w.lower() for word in q["words"] for w in words_only(word)]
            query = xapian.Query(xapian.Query.OP_PHRASE, raw)
        else:
            query = xapian.Query(xapian.Query.OP_AND, terms)
        if q.get("committee"):
            query = xapian.Query(xapian.Query.OP_FILTER, query,
                                 xapian.Query("XC" + q["committee"].lower()))
        return query

    def run(q):
        enquire.set_query(build(q))
        enquire.clear_matchspies()
        spy = None
        if q.get("facets"):
            spy = xapian.ValueCountMatchSpy(0)
            enquire.add_matchspy(spy)
        mset = enquire.get_mset(0, 10, db.get_doccount() if spy else 0)
        for m in mset:
            m.document.get_data()
        if spy:
            list(spy.values())
        return mset.get_matches_estimated()

    timed("xapian", queries, run)


def main(argv):
    engines = {("fts5", "index"): fts5_index, ("fts5", "query"): fts5_query,
               ("xapian", "index"): xapian_index, ("xapian", "query"): xapian_query}
    if len(argv) != 4 or (argv[0], argv[1]) not in engines:
        sys.exit(__doc__)
    engines[(argv[0], argv[1])](argv[2], argv[3])


if __name__ == "__main__":
    main(sys.argv[1:])
