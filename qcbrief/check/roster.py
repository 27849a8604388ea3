"""Roster rules: the center line against centers.yaml (QC140), and the roster's
own problems (QC141-QC143, reported by `qcbrief centers check`)."""

from __future__ import annotations

from typing import Iterator

from ..diagnostics import Finding
from ..model import Article
from ..roster import ROSTER_NAME, clean, load_roster
from .registry import rule

rule("QC141", "roster-duplicate", "error", "中心名单中有重复的中心", scope="load",
     why=f"{ROSTER_NAME} 中每个中心只列一次；“质量控制”与“质控”、有无“省”“市”字样视为同一名称。"
         "中心改名时，把旧名称写入新名称的 aliases，而不是另列一项。",
     bad="- name: ××省护理质量控制中心\n- name: ××省护理质控中心",
     good="- name: ××省护理质量控制中心\n  aliases: [××省护理质控中心]")
rule("QC142", "roster-near-duplicate", "warning", "中心名单中有很相近的名称（可能是同一中心）", scope="load",
     why="名称只差“医学”“管理”“诊疗”等字样，或专业名称几乎相同的两项，多半是同一中心写了两次。",
     bad="- name: ××省超声医学质量控制中心\n- name: ××省超声诊断质量控制中心",
     good="- name: ××省超声医学质量控制中心\n  aliases: [××省超声诊断质量控制中心]")
rule("QC143", "roster-bad-value", "error", "中心名单中的类别或邮箱写法不对", scope="load",
     bad="kind: 省级中心\nemail: hlzk@example", good="kind: 省级\nemail: hlzk@example.cn")


@rule("QC140", "center-not-in-roster", "warning", "供稿单位不在中心名单（centers.yaml）中", scope="article",
      why=f"工作目录中有 {ROSTER_NAME} 时，每篇文章的供稿单位应与名单中的全称（或 aliases 中的曾用名）一字不差，"
          "目录、合订本索引和 qcbrief status 才能把稿件对上中心。没有名单时不检查。",
      bad="center: ××省护理质控中心", good="center: ××省护理质量控制中心")
def center_not_in_roster(article: Article, ctx) -> Iterator[Finding]:
    if not article.center or ctx.config.path is None:
        return
    roster = load_roster(ctx.config.root, quick=True)
    if not roster or roster.exact(article.center) is not None:
        return
    parts = [p for p in article.center.replace("；", "、").split("、") if p.strip()]
    if len(parts) > 1 and all(roster.exact(p) is not None for p in parts):
        return  # a joint center line: every center is in the roster
    line = article.key_lines.get("center", 1)
    same = roster.match(article.center)
    if same is not None:
        msg = f"供稿单位“{article.center}”与中心名单的写法不同，您是否想写“{same.name}”？"
    else:
        near = roster.closest(article.center)
        if near:
            names = [f"“{c.name}”" for c in near]
            options = names[0] if len(names) == 1 else "、".join(names[:-1]) + "或" + names[-1]
            msg = f"供稿单位“{article.center}”不在中心名单（{ROSTER_NAME}）中，您是否想写{options}？"
        else:
            msg = f"供稿单位“{clean(article.center)}”不在中心名单（{ROSTER_NAME}）中：新中心请加入名单"
    yield ctx.finding("QC140", article.path, line, 1, msg)
