#!/usr/bin/env python3
"""Write the passages quorum reads from a folder of papers, as the peers of compare.sh read
them, so bare tantivy and SQLite FTS5 index exactly the text quorum indexes.

    corpus_passages.py QUORUM_BINARY CORPUS_DIR PASSAGES.jsonl

Every file `quorum inspect --json` reads becomes its passages, one JSON object per line with
the fields `quorum gen --jsonl` writes (council, committee, date, type, role, item_number,
item_title, section, text). Sidecars (`*.meta.json`, `manifest.csv`) are passed over, as
`quorum index` does; files quorum cannot read are counted, not written. Prints one JSON
summary: files read, files not read, passages, bytes of passage text.
"""

import json
import os
import subprocess
import sys


def papers(root):
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith(".") or name.endswith(".meta.json") or name == "manifest.csv":
                continue
            yield os.path.join(folder, name)


def main(argv):
    if len(argv) != 4:
        sys.exit(__doc__)
    quorum, root, out_path = argv[1:]
    read = unread = passages = text_bytes = 0
    with open(out_path, "w") as out:
        for path in papers(root):
            done = subprocess.run([quorum, "inspect", "--json", path], capture_output=True)
            if done.returncode != 0:
                unread += 1
                continue
            doc = json.loads(done.stdout)
            meeting = doc.get("meeting") or {}
            read += 1
            for p in doc.get("passages", []):
                item = p.get("item") or {}
                row = {
                    "council": meeting.get("council") or "",
                    "committee": meeting.get("committee") or "",
                    "date": meeting.get("date") or "",
                    "type": p.get("type") or "",
                    "role": p.get("role") or "",
                    "item_number": item.get("number") or "",
                    "item_title": item.get("title") or "",
                    "section": p.get("section"),
                    "text": p["text"],
                }
                out.write(json.dumps(row) + "\n")
                passages += 1
                text_bytes += len(p["text"].encode())
    print(json.dumps({"files": read, "unread": unread, "passages": passages,
                      "text_bytes": text_bytes}))


if __name__ == "__main__":
    main(sys.argv)
