#!/usr/bin/env python3
"""Writes a national-scale synthetic body graph for bench/assign (docs/benchmarks.md, "assign").

31 provinces -> ~2,800 counties/districts -> ~40,000 streets -> ~600,000 communities, about
650k bodies: per county a people's mediation committee (district level) and a labour joint
centre; per street a committee; per community a committee. One TOML file per county under
OUT/pNN/, plus OUT/000_graph.toml with the header and kinds. Deterministic for a seed.
Written at bench time into the build tree, never committed:
  python3 bench/assign/gen_national.py --out build/release/national
"""
import argparse, pathlib, random

CATEGORIES = ["family", "neighbour", "housing", "contract", "business", "damages", "labour",
              "medical", "traffic", "land_demolition", "environment", "property_mgmt", "consumer",
              "public_security", "other"]

HEADER = f'''# Synthetic national-scale graph for bench/assign: generated, not real places.
[graph]
name = "national (synthetic)"
categories = [{", ".join(f'"{c}"' for c in CATEGORIES)}]
intake = "p01.c001.committee"

[kind.county_committee]
level = "district"
capacity = 60
competences = [{", ".join(f'"{c}"' for c in CATEGORIES if c != "labour")}]
leads = ["people", "joint_police", "medical_committee", "administrative", "court_referred", "petition"]
joins = ["joint_labour"]

[kind.labour_centre]
level = "district"
capacity = 40
competences = ["labour"]
leads = ["joint_labour", "people"]

[kind.street_committee]
level = "street"
capacity = 25
competences = ["family", "neighbour", "housing", "contract", "business", "damages", "labour",
               "traffic", "property_mgmt", "consumer", "other"]
leads = ["people"]

[kind.community_committee]
level = "community"
capacity = 8
competences = ["family", "neighbour", "housing", "property_mgmt", "consumer", "damages", "other"]
leads = ["people"]
'''


def county_file(p, c, rng):
    cid = f"p{p:02d}.c{c:03d}"
    county = f"省{p:02d}/省{p:02d}县{c:03d}"
    out = [f"# county {cid}", "",
           "[[body]]", f'id = "{cid}.committee"', f'name = "{county}人民调解委员会"',
           'kind = "county_committee"', f'jurisdiction = "{county}"',
           f'refers_to = ["{cid}.labour"]', "",
           "[[body]]", f'id = "{cid}.labour"', f'name = "{county}劳资纠纷联合调处中心"',
           'kind = "labour_centre"', f'jurisdiction = "{county}"',
           f'partners_with = ["{cid}.committee"]', ""]
    bodies = 2
    streets = 0
    for s in range(1, rng.randint(10, 18) + 1):
        streets += 1
        sid = f"{cid}.s{s:02d}"
        sname = f"省{p:02d}县{c:03d}街{s:02d}街道"
        street = f"{county}/{sname}"
        out += ["[[body]]", f'id = "{sid}.committee"', f'name = "{sname}人民调解委员会"',
                'kind = "street_committee"', f'jurisdiction = "{street}"',
                f'escalates_to = "{cid}.committee"', ""]
        bodies += 1
        for n in range(1, rng.randint(11, 20) + 1):
            out += ["[[body]]", f'id = "{sid}.c{n:02d}"', f'name = "第{n}社区人民调解委员会"',
                    'kind = "community_committee"', f'jurisdiction = "{street}/第{n}社区"',
                    f'escalates_to = "{sid}.committee"', ""]
            bodies += 1
    return "\n".join(out), bodies, streets


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--provinces", type=int, default=31)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    root = pathlib.Path(a.out)
    root.mkdir(parents=True, exist_ok=True)
    (root / "000_graph.toml").write_text(HEADER, encoding="utf-8")
    counties = bodies = streets = 0
    for p in range(1, a.provinces + 1):
        folder = root / f"p{p:02d}"
        folder.mkdir(exist_ok=True)
        for c in range(1, rng.randint(82, 100) + 1):
            text, n, s = county_file(p, c, rng)
            (folder / f"c{c:03d}.toml").write_text(text, encoding="utf-8")
            counties += 1
            bodies += n
            streets += s
    print(f"{a.out}: {a.provinces} provinces, {counties} counties, {streets} streets, {bodies} bodies")


if __name__ == "__main__":
    main()
