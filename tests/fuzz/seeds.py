#!/usr/bin/env python3
"""Writes each fuzz target's seed corpus from the repository's own data into OUT/<target>/.

The seeds are derived, not copied into git: tests/data/ (disputes, channel records, calendar),
rules/ and config/ (rule files, body graph, calendars). Hand-written seeds live in
tests/fuzz/seeds/<target>/ and findings in tests/fuzz/regressions/<target>/; .ci/fuzz passes
all three folders to each target. Usage: seeds.py OUT (from any directory).
"""
import csv
import io
import json
import pathlib
import shutil
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
# The -max_len of the rules and graph targets' long runs (.ci/fuzz): seeds bigger than this are
# also written in pieces that fit, so that a run that truncates inputs still starts from all of it.
SMALL = 8192


def ndjson(path):
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            yield json.loads(line)


def compact(value):
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def files_input(paths, base):
    """Several files in one input, each after a "#==> name" line (fuzz_support.hpp)."""
    return "".join(f"#==> {p.relative_to(base)}\n{p.read_text(encoding='utf-8')}" for p in paths)


def blocks(text):
    """A TOML file cut before each table header ("[x]", "[[x]]"): the file's preamble first."""
    out = [[]]
    for line in text.splitlines(keepends=True):
        if line.startswith("[") and out[-1]:
            out.append([])
        out[-1].append(line)
    return ["".join(b) for b in out]


def small_pieces(name, text, limit=SMALL):
    """A file too big for the long runs' -max_len, in pieces that each fit: the file's header
    (everything before its first array of tables, e.g. [table]) then as many of its blocks as fit.
    So every rule or body of the shipped data is in some seed the long runs keep whole."""
    parts = blocks(text)
    head = "".join(p for p in parts if not p.startswith("[["))
    rest = [p for p in parts if p.startswith("[[")]
    pieces, cur = [], ""
    for b in rest:
        if cur and len((head + cur + b).encode("utf-8")) > limit - 200:
            pieces.append(cur)
            cur = ""
        cur += b
    pieces.append(cur)
    return [f"#==> {name}\n{head}{p}" for p in pieces]


def main(out):
    out = pathlib.Path(out)
    if out.exists():
        shutil.rmtree(out)
    seeds = {}

    def add(target, name, data):
        d = out / target
        d.mkdir(parents=True, exist_ok=True)
        (d / name).write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        seeds[target] = seeds.get(target, 0) + 1

    disputes = []
    for f in sorted((DATA / "corpus").glob("*.ndjson")):
        disputes += [entry["dispute"] for entry in ndjson(f)]
    for i, d in enumerate(disputes):
        add("dispute_json", f"corpus-{i:04d}.json", compact(d))
    # The protocol: submits of every 10th corpus dispute, as an object and as a string, with ids.
    for i, d in enumerate(disputes[::10]):
        add("protocol", f"submit-{i:03d}", compact({"id": i, "op": "submit", "dispute": d}))
        add("protocol", f"submit-text-{i:03d}",
            compact({"id": f"s{i}", "op": "submit", "dispute": compact(d)}))

    records = {}
    for f in sorted((DATA / "adapters").glob("*.ndjson")):
        for i, line in enumerate(l for l in f.read_text(encoding="utf-8").splitlines() if l.strip()):
            add("mapper", f"{f.stem}-{i}.json", line)
        records[f.stem] = list(ndjson(f))
    # The import reader: each channel's sample records as an Excel CSV export, in the encodings
    # Excel writes (UTF-8 with a BOM, GB18030, UTF-16LE "Unicode text" with tabs), and as NDJSON.
    for stem, recs in records.items():
        columns = []
        for r in recs:
            columns += [k for k in r if k not in columns and not k.startswith("_")]
        for delimiter, enc in ((",", "utf-8-sig"), (",", "gb18030"), ("\t", "utf-16")):
            buf = io.StringIO()
            w = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n")
            w.writerow(columns)
            for r in recs:
                w.writerow(["" if r.get(c) is None else
                            (r[c] if isinstance(r[c], str) else compact(r[c])) for c in columns])
            add("csv", f"{stem}.{enc}.csv", buf.getvalue().encode(enc))
        add("csv", f"{stem}.ndjson", (DATA / "adapters" / f"{stem}.ndjson").read_bytes())

    rules = sorted((ROOT / "rules").glob("*.toml"))
    add("rules", "all.toml", files_input(rules, ROOT / "rules"))
    add("rules", "shipped.toml", "#==> @shipped\n")  # the same, read by the target (any -max_len)
    for p in rules:
        add("rules", p.name, files_input([p], ROOT / "rules"))
        if len(p.read_bytes()) > SMALL:
            for i, piece in enumerate(small_pieces(p.name, p.read_text(encoding="utf-8"))):
                add("rules", f"{p.stem}.{i:02d}.toml", piece)

    bodies = ROOT / "config" / "bodies"
    streets = sorted((bodies / "streets").glob("*.toml"))
    add("graph", "district+1.toml", files_input([bodies / "district.toml", streets[0]], bodies))
    add("graph", "district+3.toml", files_input([bodies / "district.toml"] + streets[:3], bodies))
    add("graph", "district.toml", files_input([bodies / "district.toml"], bodies))
    add("graph", "shipped.toml", "#==> @shipped\n")  # all of config/bodies/, read by the target
    # Small: the district (no comments) and two streets with two communities each, so that the
    # checks across files fit in the long runs' -max_len.
    def uncommented(text):
        return "".join(l for l in text.splitlines(keepends=True)
                       if l.strip() and not l.lstrip().startswith("#"))
    small = f"#==> district.toml\n{uncommented((bodies / 'district.toml').read_text('utf-8'))}"
    for street in streets[:2]:
        parts = blocks(uncommented(street.read_text(encoding="utf-8")))
        small += f"#==> {street.relative_to(bodies)}\n" + "".join(parts[:6])
    add("graph", "district+2-small.toml", small)

    for p in sorted((ROOT / "config" / "calendar").glob("*.toml")) + [DATA / "calendar" / "2027.toml"]:
        add("calendar", p.name, p.read_bytes())

    for target, n in sorted(seeds.items()):
        print(f"seeds: {target}: {n}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "build/fuzz/seeds")
