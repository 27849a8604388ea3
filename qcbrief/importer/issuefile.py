"""issue.yaml edited in place: ruamel.yaml's round-trip mode keeps the editor's
comments, key order, quoting and list style, so adding stems to the toc is a
small change to the file, not a rewrite."""

from __future__ import annotations

import io
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

from ..errors import UsageError
from ..load.issue import ISSUE_FILE
from ..load.yamlsrc import MAX_YAML_FILE
from .source import IssueMeta

META_ORDER = ("subtitle", "date", "number", "total_number", "preface", "commentary", "distribution", "contact")


def _yaml() -> YAML:
    y = YAML(typ="rt")
    y.preserve_quotes = True
    y.width = 4096  # never fold Chinese text (a folded line break reads back as a space)
    y.allow_unicode = True
    return y


class IssueFile:
    def __init__(self, folder: Path, issue: str):
        self.path = folder / ISSUE_FILE
        self.new = not self.path.is_file()
        self.yaml = _yaml()
        if self.new:
            self.data = CommentedMap()
            self.data.yaml_set_start_comment(f"{issue}：由 qcbrief import 生成，请核对 subtitle、date 与 toc")
            self.yaml.indent(mapping=2, sequence=4, offset=2)
            return
        try:
            text = self.path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise UsageError(f"{self.path}：无法读取（{exc}）；请先修正，再导入") from None
        if len(text.encode("utf-8", "surrogatepass")) > MAX_YAML_FILE:  # ruamel is pure Python too
            raise UsageError(f"{self.path}：文件超过 {MAX_YAML_FILE // 1048576} MB，未作为 YAML 解析；"
                             "请检查是否误粘贴了大段内容，再导入")
        try:
            from ruamel.yaml.util import load_yaml_guess_indent

            _, indent, offset = load_yaml_guess_indent(text)
            self.yaml.indent(mapping=indent or 2, sequence=max(indent or 2, (offset or 0) + 2), offset=offset or 0)
            self.data = self.yaml.load(text)
        except YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = f"第 {mark.line + 1} 行" if mark else ""
            raise UsageError(f"{self.path}{line}：YAML 格式错误，请先修正（qcbrief check 可定位），再导入") from None
        if self.data is None:
            self.data = CommentedMap()
        if not isinstance(self.data, CommentedMap):
            raise UsageError(f"{self.path}：应为“键: 值”形式；请先修正，再导入")
        toc = self.data.get("toc")
        if toc is not None and not isinstance(toc, list):
            raise UsageError(f"{self.path}：toc 应为列表；请先修正，再导入")

    # --- toc ------------------------------------------------------------------
    def _toc(self) -> CommentedSeq:
        toc = self.data.get("toc")
        if toc is None:
            toc = CommentedSeq()
            self.data["toc"] = toc
        return toc

    def stems(self) -> list[str]:
        out = []
        for item in self.data.get("toc") or []:
            if isinstance(item, dict):
                out.extend(str(s) for s in (item.get("articles") or []))
            elif item is not None:
                out.append(str(item))
        return out

    def count(self, section: bool) -> int:
        """Entries in sections (briefs) or at top level (articles)."""
        n = 0
        for item in self.data.get("toc") or []:
            if isinstance(item, dict):
                n += len(item.get("articles") or []) if section else 0
            elif not section:
                n += 1
        return n

    def check_after(self, after: str) -> None:
        if after not in self.stems():
            known = "、".join(self.stems()[:12])
            raise UsageError(f"--after {after}：目录 toc 中没有这一篇" + (f"（现有：{known}…）" if known else ""))

    def add(self, entries: list[tuple[str, str | None]], after: str | None = None) -> None:
        """Append (stem, section) pairs; top-level ones after `after` when given."""
        toc = self._toc()
        pos: tuple | None = None
        if after:
            for i, item in enumerate(toc):
                if isinstance(item, dict) and after in [str(s) for s in item.get("articles") or []]:
                    pos = (item["articles"], [str(s) for s in item["articles"]].index(after) + 1)
                elif str(item) == after:
                    pos = (toc, i + 1)
        for stem, section in entries:
            if stem in self.stems():
                continue
            if section:
                groups = [it for it in toc if isinstance(it, dict)]
                group = next((it for it in groups if str(it.get("section", "")) == section), None)
                if group is None and section == "简讯":  # the issue calls it 市州简讯, 工作简讯…
                    group = next((it for it in groups if "简讯" in str(it.get("section", ""))), None)
                if group is None:
                    group = CommentedMap([("section", section), ("articles", CommentedSeq())])
                    toc.append(group)
                if group.get("articles") is None:
                    group["articles"] = CommentedSeq()
                group["articles"].append(stem)
            elif pos is not None:
                pos[0].insert(pos[1], stem)
                pos = (pos[0], pos[1] + 1)
            else:
                # before the first section, so full articles stay ahead of the 简讯
                first_group = next((i for i, it in enumerate(toc) if isinstance(it, dict)), None)
                if first_group is None:
                    toc.append(stem)
                else:
                    toc.insert(first_group, stem)

    # --- issue facts ------------------------------------------------------------
    def set_value(self, key: str, value, force: bool) -> str | None:
        """Set key unless it already has a different value (then a note, or overwrite with force)."""
        if value in (None, "", {}, []):
            return None
        old = self.data.get(key)
        if old not in (None, "") and not force:
            if str(old) != str(value):
                return f"issue.yaml 已有 {key}（{old}），未改动；导入的文件中是“{value}”（加 --force 可覆盖）"
            return None
        if key in self.data:
            self.data[key] = value
            return None
        # keep the conventional key order: insert before the first later key
        later = [k for k in META_ORDER[META_ORDER.index(key) + 1:] if k in self.data] + (["toc"] if "toc" in self.data else [])
        if later:
            self.data.insert(list(self.data.keys()).index(later[0]), key, value)
        else:
            self.data[key] = value
        return None

    def apply_meta(self, meta: IssueMeta, force: bool, config_distribution: dict, config_contact: dict) -> list[str]:
        notes = []
        for key in ("subtitle", "date", "number", "total_number", "preface"):
            note = self.set_value(key, getattr(meta, key), force)
            if note:
                notes.append(note)
        for key, found, configured in (("distribution", meta.distribution, config_distribution),
                                       ("contact", meta.contact, config_contact)):
            over = {}
            for label, value in found.items():
                conf = configured.get(label)
                conf_list = conf if isinstance(conf, list) else [conf] if conf else []
                norm = lambda v: [str(x).replace(" ", "").rstrip("；;。") for x in (v if isinstance(v, list) else [v])]
                if conf is None or norm(conf_list) != norm(value):
                    over[label] = value
            if over:
                note = self.set_value(key, CommentedMap(over), force)
                if note:
                    notes.append(note)
        return notes

    def dump(self) -> str:
        buf = io.StringIO()
        self.yaml.dump(self.data, buf)
        return buf.getvalue()
