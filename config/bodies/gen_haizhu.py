#!/usr/bin/env python3
"""Writes config/bodies/streets/<street>.toml: the bodies of Haizhu's 18 streets.

Per street: the street people's mediation committee, the judicial office (司法所), the police
station's mediation room (派出所), and one committee per community. Community names are not in
our sources except 青凤社区 (江南中街): the others are GENERATED as "<street>街第<N>社区",
N = 1..18, the names the shared corpus (../shared/bench/gen_corpus.py) writes. Re-run after
editing this script; the output is committed.  python3 config/bodies/gen_haizhu.py
"""
import pathlib

# Official order: codes 440105001 .. 440105018 (domain.md).
STREETS = [
    ("赤岗", "chigang"), ("新港", "xingang"), ("昌岗", "changgang"), ("江南中", "jiangnanzhong"),
    ("滨江", "binjiang"), ("素社", "sushe"), ("海幢", "haizhuang"), ("南华西", "nanhuaxi"),
    ("龙凤", "longfeng"), ("沙园", "shayuan"), ("南石头", "nanshitou"), ("凤阳", "fengyang"),
    ("瑞宝", "ruibao"), ("江海", "jianghai"), ("琶洲", "pazhou"), ("南洲", "nanzhou"),
    ("华洲", "huazhou"), ("官洲", "guanzhou"),
]
# Real communities known from our sources: street pinyin -> [(name, id suffix)].
REAL_COMMUNITIES = {"jiangnanzhong": [("青凤社区", "qingfeng")]}
GENERATED_PER_STREET = 18


def body(lines, **fields):
    lines.append("[[body]]")
    for key, value in fields.items():
        if isinstance(value, list):
            lines.append(f"{key} = [" + ", ".join(f'"{v}"' for v in value) + "]")
        else:
            lines.append(f'{key} = "{value}"')
    lines.append("")


def street_file(index, name, py):
    street = f"海珠区/{name}街道"
    s = f"hz.street.{py}"
    lines = [
        f"# {name}街道 (division code 4401050{index + 1:02d}): street bodies and community committees.",
        "# Written by config/bodies/gen_haizhu.py; edit the script, not this file.",
        "",
    ]
    body(lines, id=f"{s}.committee", name=f"{name}街道人民调解委员会", kind="street_committee",
         jurisdiction=street, escalates_to="hz.district.committee", refers_to=[f"{s}.police", f"{s}.judicial"])
    body(lines, id=f"{s}.judicial", name=f"{name}街道司法所", kind="judicial_office",
         jurisdiction=street, escalates_to="hz.district.committee")
    body(lines, id=f"{s}.police", name=f"海珠区公安分局{name}派出所人民调解室", kind="police_room",
         jurisdiction=street, escalates_to="hz.district.committee", partners_with=[f"{s}.judicial"])
    for cname, cid in REAL_COMMUNITIES.get(py, []):
        lines.append(f"# {cname}: a real community of {name}街道 (domain.md).")
        body(lines, id=f"hz.community.{py}.{cid}", name=f"{cname}人民调解委员会",
             kind="community_committee", jurisdiction=f"{street}/{cname}",
             escalates_to=f"{s}.committee")
    lines.append(f"# GENERATED community names ({name}街第1社区 … 第{GENERATED_PER_STREET}社区), "
                 "as the shared corpus writes them.")
    lines.append("")
    for n in range(1, GENERATED_PER_STREET + 1):
        cname = f"{name}街第{n}社区"
        body(lines, id=f"hz.community.{py}.c{n:02d}", name=f"{cname}人民调解委员会",
             kind="community_committee", jurisdiction=f"{street}/{cname}",
             escalates_to=f"{s}.committee")
    return "\n".join(lines)


def main():
    out = pathlib.Path(__file__).resolve().parent / "streets"
    out.mkdir(exist_ok=True)
    for index, (name, py) in enumerate(STREETS):
        (out / f"{index + 1:02d}_{py}.toml").write_text(street_file(index, name, py), encoding="utf-8")


if __name__ == "__main__":
    main()
