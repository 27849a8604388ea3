"""`qcbrief centers import 名单.xlsx|名单.csv`: a spreadsheet of centers into centers.yaml.

The header row is found by its Chinese (or English) names - 名称/中心名称,
简称, 类别/级别, 联系人, 邮箱, 电话/手机 - in any order, among the first rows
of the first sheet that has one.  CSV files may be UTF-8 (with or without BOM),
UTF-16 or GBK/GB18030 (the importer's encoding detection) and separated by
commas, tabs or semicolons.  An existing centers.yaml is edited in place with
ruamel.yaml's round trip (comments and order kept): entries of the same name
are updated, new ones appended (--merge, the default), or the list is replaced
(--replace).  The result is validated before it is written, atomically.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import UsageError
from ..roster import KINDS, ROSTER_NAME, Roster, clean, parse

HEADERS = {
    "name": ("名称", "中心名称", "中心全称", "全称", "单位名称", "单位", "质控中心", "质控中心名称", "中心", "name"),
    "short": ("简称", "中心简称", "short"),
    "kind": ("类别", "级别", "类型", "层级", "kind"),
    "contact": ("联系人", "联络员", "联系人姓名", "contact"),
    "email": ("邮箱", "电子邮箱", "电子邮件", "邮件", "email", "e-mail", "mail"),
    "phone": ("电话", "手机", "联系电话", "手机号", "手机号码", "电话号码", "联系方式", "phone", "tel"),
    "aliases": ("曾用名", "别名", "原名称", "aliases"),
}
KIND_WORDS = {"省级": ("省级", "省"), "市州": ("市州", "市级", "地市", "市", "州", "市州级"), "县级": ("县级", "县", "县区", "区县")}


@dataclass
class Sheet:
    source: Path
    rows: list[tuple[int, dict]] = field(default_factory=list)  # (row number in the sheet, fields)
    notes: list[str] = field(default_factory=list)


def _norm_header(text) -> str:
    s = unicodedata.normalize("NFKC", str(text or "")).strip().lower()
    s = re.sub(r"[（(].*?[）)]", "", s)
    return re.sub(r"[\s:：*]+", "", s)


def header_map(cells: list) -> dict[int, str]:
    """Column index -> field, for a header row (empty when it is not one)."""
    out: dict[int, str] = {}
    for i, cell in enumerate(cells):
        h = _norm_header(cell)
        if not h:
            continue
        hit = next((f for f, names in HEADERS.items() if h in names), None)
        if hit is None and len(h) <= 8:  # “中心名称（全称）”, “联系人手机”; not a title line
            hit = next((f for f, names in HEADERS.items() for n in names if len(n) >= 2 and n in h), None)
        if hit and hit not in out.values():
            out[i] = hit
    filled = sum(1 for c in cells if _norm_header(c))
    # a header row: the name column and another one, or a one-column list headed 名称
    return out if "name" in out.values() and (len(out) >= 2 or filled == 1) else {}


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a phone number typed into a number cell
    return unicodedata.normalize("NFC", str(value)).strip()


def _records(source: Path, table: list[list]) -> Sheet:
    sheet = Sheet(source)
    for n, row in enumerate(table[:20]):
        cols = header_map(row)
        if cols:
            break
    else:
        wanted = "、".join(HEADERS["name"][:3])
        raise UsageError(f"{source}：前 20 行中找不到表头（须有“{wanted}”之一的列；可选 简称、类别、联系人、邮箱、电话）")
    for k, row in enumerate(table[n + 1:], n + 2):
        rec = {f: _cell(row[i]) if i < len(row) else "" for i, f in cols.items()}
        if not any(rec.values()):
            continue
        if not rec.get("name"):
            sheet.notes.append(f"第 {k} 行没有中心名称，已跳过")
            continue
        sheet.rows.append((k, rec))
    return sheet


def read_xlsx(path: Path) -> Sheet:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - zip, XML or format errors of a broken file
        raise UsageError(f"{path}：无法读取 Excel 文件（{type(exc).__name__}）。请确认是 .xlsx 格式（旧版 .xls 请另存为 .xlsx）") from None
    try:
        for ws in wb.worksheets:
            table = [list(r) for r in ws.iter_rows(values_only=True)]
            if any(header_map(r) for r in table[:20]):
                return _records(path, table)
        return _records(path, [list(r) for r in wb.worksheets[0].iter_rows(values_only=True)] if wb.worksheets else [])
    finally:
        wb.close()


def read_csv(path: Path) -> Sheet:
    from ..importer.source import ImportError_
    from ..importer.text_reader import decode_text

    try:
        text, _ = decode_text(path.read_bytes())
    except ImportError_ as exc:
        raise UsageError(f"{path}：{exc}") from None
    except OSError as exc:
        raise UsageError(f"{path}：无法读取（{exc.strerror or exc}）") from None
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    delim = max(",\t;，", key=first.count) if first else ","
    if delim == "，":
        text = text.replace("，", ",")
        delim = ","
    table = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=delim))
    return _records(path, table)


def read_sheet(path: Path) -> Sheet:
    if not path.is_file():
        raise UsageError(f"找不到文件：{path}")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return read_xlsx(path)
    if suffix in (".csv", ".txt", ".tsv"):
        return read_csv(path)
    if suffix == ".xls":
        raise UsageError(f"{path}：旧版 .xls 不受支持，请在 Excel/WPS 中“另存为”.xlsx 或 .csv")
    raise UsageError(f"{path}：只支持 .xlsx 与 .csv 名单")


def kind_of(text: str) -> str:
    s = re.sub(r"\s+", "", text).replace("质控中心", "").replace("中心", "")
    for kind, words in KIND_WORDS.items():
        if s in words:
            return kind
    return text


def to_entry(rec: dict) -> dict:
    """Sheet fields -> a centers.yaml entry (only the fields the sheet has)."""
    out = {"name": clean(rec["name"])}
    for f in ("short", "kind", "contact", "email", "phone"):
        if rec.get(f):
            out[f] = kind_of(rec[f]) if f == "kind" else rec[f]
    if rec.get("aliases"):
        out["aliases"] = [clean(a) for a in re.split(r"[、,，;；/\n]+", rec["aliases"]) if a.strip()]
    return out


@dataclass
class Outcome:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    repeated: list[str] = field(default_factory=list)  # rows naming a center an earlier row named
    roster: Roster | None = None
    text: str = ""


def _yaml():
    from ruamel.yaml import YAML

    y = YAML(typ="rt")
    y.preserve_quotes = True
    y.width = 4096
    y.allow_unicode = True
    y.indent(mapping=2, sequence=4, offset=2)
    return y


HEAD_COMMENT = ("中心名单：由 qcbrief centers import 生成。name 全称（与文章的供稿单位一字不差）、short 简称、\n"
                f"kind 类别（{' | '.join(KINDS)}）、contact 联系人、email 邮箱、phone 电话、aliases 曾用名（可选）")


def merge(sheet: Sheet, target: Path, replace: bool) -> Outcome:
    """The new centers.yaml text (not yet written) and what changed."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.error import YAMLError

    y = _yaml()
    data = None
    if target.is_file():
        text = target.read_text(encoding="utf-8-sig")
        parse(text, target)  # a broken roster is reported (file/line), never overwritten
        try:
            data = y.load(text)
        except YAMLError:  # pragma: no cover - parse() above already refused it
            raise UsageError(f"{target}：YAML 格式错误，请先修正") from None
    if data is None:
        data = CommentedMap()
        data.yaml_set_start_comment(HEAD_COMMENT)
    if isinstance(data, list):  # a bare list: keep it, under centers:
        data = CommentedMap([("centers", data)])
    seq = data.get("centers")
    if seq is None or replace:
        seq = CommentedSeq()
        data["centers"] = seq
    out = Outcome()
    by_name = {}
    for item in seq:
        if isinstance(item, dict) and item.get("name"):
            by_name[clean(item["name"])] = item
            for alias in item.get("aliases") or []:  # a row under an old name updates the renamed center
                by_name.setdefault(clean(str(alias)), item)
    seen: dict[str, int] = {}
    for row, rec in sheet.rows:
        entry = to_entry(rec)
        name = entry["name"]
        if name in seen:
            out.repeated.append(f"第 {row} 行“{name}”与第 {seen[name]} 行重复")
        seen.setdefault(name, row)
        item = by_name.get(name)
        if item is None:
            item = CommentedMap(entry)
            seq.append(item)
            by_name[name] = item
            out.added.append(name)
            continue
        changed = False
        for k, v in entry.items():
            if k == "name":
                continue
            if k == "aliases":
                old = list(item.get("aliases") or [])
                new = old + [a for a in v if a not in old and a != name]
                if new != old:
                    item["aliases"] = new
                    changed = True
            elif str(item.get(k, "") or "") != v:
                item[k] = v
                changed = True
        (out.updated if changed else out.unchanged).append(name)
    buf = io.StringIO()
    y.dump(data, buf)
    out.text = buf.getvalue()
    out.roster = parse(out.text, target)
    return out


def import_centers(source: Path, root: Path, replace: bool) -> tuple[Sheet, Outcome, Path]:
    from ..atomic import write_atomic

    from ..config import CONFIG_NAME

    if not (Path(root) / CONFIG_NAME).is_file():
        raise UsageError(f"{Path(root)} 不是简报工作目录（没有 {CONFIG_NAME}）：请在工作目录中运行，或用 --root 指定，"
                         f"名单写入其中的 {ROSTER_NAME}")
    sheet = read_sheet(source)
    if not sheet.rows:
        raise UsageError(f"{source}：表中没有任何中心（表头下面是空的）")
    target = Path(root) / ROSTER_NAME
    outcome = merge(sheet, target, replace)
    write_atomic(target, outcome.text.encode("utf-8"))
    return sheet, outcome, target
