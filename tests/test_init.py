"""qcbrief init for another province: a workspace that builds at once and carries no
trace of the sample's province; the masthead on one or two lines; 版记 warnings;
an even page count without a 版记."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pdfplumber
import pytest
import yaml
from docx import Document

from helpers import GOOD_ARTICLE, REPO, check_json, run, workspace
from qcbrief.check.colophon import fingerprint_text
from qcbrief.config import load_config
from qcbrief.text.masthead import set_name, split_two

MM = 72 / 25.4
W = 156 * MM  # type width of the default layout, pt

# An invented province's office: nothing here is real
HENAN = ["--name", "河南省医疗质量控制\\n工作简报", "--office", "河南省医疗质量控制中心办公室",
         "--publisher", "河南省医疗质量控制中心办公室", "--report-to", "河南省卫生健康委员会",
         "--send-to", "各市卫生健康委员会", "--send-to", "各省级医疗质量控制中心",
         "--address", "郑州市示例区示例路1号", "--phone", "0371-60000000", "--email", "zkbgs@example.cn",
         "--no-input"]


def sample_strings() -> list[str]:
    """Strings that would betray the sample's province: its name and short name, every
    prefecture-level division and the sample config's office, 版记 and contact values."""
    out = ["湖北", "鄂", "Hubei", "HUBEI", "hubei"]
    for line in (REPO / "qcbrief" / "data" / "places.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        level, full, short, province = line.split("\t")
        if province == "湖北省" and level == "市":
            out += [full, short]
    data = load_config(REPO).data
    b = data["bulletin"]
    out += [b["name"], b["office"], *b["publishers"]]
    out += [v for v in data["contact"].values() if isinstance(v, str)]
    out += [re.sub(r"\D", "", data["contact"]["电话"])]  # the telephone number's digits
    return out


def betrayals(text: str) -> list[str]:
    return [s for s in sample_strings() if s and s in text]


def build(root: Path, issue: str, *extra: str):
    result = run("build", issue, "--root", str(root), "--format", "docx,pdf,html", *extra)
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture(scope="module")
def henan(tmp_path_factory):
    """A workspace made by qcbrief init for an invented Henan office, built once."""
    root = tmp_path_factory.mktemp("init") / "henan"
    made = run("init", str(root), *HENAN)
    assert made.exit_code == 0, made.output
    issue = next(p.name for p in (root / "articles").iterdir())
    built = build(root, issue)
    return root, issue, made.output + built.output


def pdf_text(path: Path) -> str:
    with pdfplumber.open(path) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def docx_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        return "\n".join(z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith((".xml", ".rels")))


# --------------------------------------------------------------------------- init
def test_init_makes_every_part(henan):
    root, issue, _ = henan
    assert re.fullmatch(r"\d{4}Q[1-4]", issue)
    for rel in ("config.yaml", "centers.yaml", ".gitignore", ".pre-commit-config.yaml", ".github/workflows/drafts.yml",
                "templates/masthead.j2", "templates/colophon.j2", "templates/labels.yaml", f"articles/{issue}/issue.yaml"):
        assert (root / rel).is_file(), rel
    cfg = load_config(root).data
    assert cfg["bulletin"]["name"] == "河南省医疗质量控制\n工作简报"
    assert cfg["contact"] == {"投稿地址": "郑州市示例区示例路1号", "电话": "0371-60000000", "邮箱": "zkbgs@example.cn"}
    assert cfg["distribution"] == {"报": ["河南省卫生健康委员会"], "分送": ["各市卫生健康委员会", "各省级医疗质量控制中心"]}
    # the example issue: one article with 点评 and one brief, centers of the new province
    articles = sorted((root / "articles" / issue).glob("*.md"))
    texts = [a.read_text(encoding="utf-8") for a in articles]
    assert len(texts) == 2
    assert sum("kind: brief" in t for t in texts) == 1 and sum("\n点评：\n" in t for t in texts) == 1
    assert all(re.search(r"center: (河南省|[^\n]*市)", t) for t in texts)
    # centers.yaml: the roster format, entries of the new province
    centers = yaml.safe_load((root / "centers.yaml").read_text(encoding="utf-8"))["centers"]
    assert 2 <= len(centers) <= 3
    for c in centers:
        assert set(c) == {"name", "short", "kind", "contact", "email", "phone"}
        assert c["kind"] in ("省级", "市州", "县级")
    assert {c["kind"] for c in centers} == {"省级", "市州"}
    assert all(c["name"].startswith("河南省") or "市" in c["name"] for c in centers)
    # pre-commit runs qcbrief check; the workflow builds draft PDFs
    hooks = yaml.safe_load((root / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert hooks["repos"][0]["hooks"][0]["entry"] == "qcbrief check"
    flow = (root / ".github/workflows/drafts.yml").read_text(encoding="utf-8")
    assert "qcbrief build \"$issue\" --draft --format pdf" in flow and "qcbrief check --format github" in flow
    assert "build/" in (root / ".gitignore").read_text(encoding="utf-8").splitlines()


def test_config_every_field_commented(henan):
    root, _, _ = henan
    lines = (root / "config.yaml").read_text(encoding="utf-8").splitlines()
    keys = 0
    for i, line in enumerate(lines):
        m = re.match(r"^(\s*)([\w\"]+):", line)
        if not m:
            continue
        keys += 1
        above = lines[i - 1].strip() if i else ""
        commented = "#" in line.split(":", 1)[1] or above.startswith("#")
        # a block's entries may share the block's comment when the key is itself self-explaining
        assert commented or m.group(2).strip('"') in ("报", "分送", "投稿地址", "电话", "邮箱"), line
        if "#" in line:
            assert re.search(r"[\u4e00-\u9fff]", line.split("#", 1)[1]) or above.startswith("#"), line
    assert keys > 40
    # every key of the schema appears
    from qcbrief.config import SCHEMA

    text = "\n".join(lines)
    for block, spec in SCHEMA.items():
        assert re.search(rf"^{block}:", text, re.M), block
        for key in spec.children:
            assert re.search(rf"^  {key}:", text, re.M), f"{block}.{key}"


def test_no_sample_province_anywhere(henan):
    root, issue, messages = henan
    out = root / "build" / issue
    assert betrayals(messages) == []
    assert betrayals(pdf_text(out / f"{issue}.pdf")) == []
    assert betrayals(docx_xml(out / f"{issue}.docx")) == []
    for page in [out / f"{issue}.html", *(out / "html").glob("*.html")]:
        assert betrayals(page.read_text(encoding="utf-8")) == [], page.name
    for rel in ("config.yaml", "centers.yaml", "README.md", *(f"templates/{p.name}" for p in (root / "templates").iterdir())):
        assert betrayals((root / rel).read_text(encoding="utf-8")) == [], rel
    for fmt in ("text", "json", "github"):
        result = run("check", "--root", str(root), "--format", fmt)
        assert result.exit_code == 0, result.output
        assert betrayals(result.output) == []
    # the year's volume too (its title page sets the two-line name as the masthead does)
    vol = run("volume", issue[:4], "--root", str(root))
    assert vol.exit_code == 0, vol.output
    assert betrayals(vol.output) == []
    vdir = root / "build" / f"{issue[:4]}合订本"
    assert betrayals(pdf_text(vdir / f"{issue[:4]}合订本.pdf")) == []
    assert betrayals(docx_xml(vdir / f"{issue[:4]}合订本.docx")) == []
    assert [t for t, _ in name_lines_pdf(vdir / f"{issue[:4]}合订本.pdf")] == ["河南省医疗质量控制", "工作简报"]
    # the printed 版记 is the new province's
    text = pdf_text(out / f"{issue}.pdf")
    assert "0371-60000000" in text and "河南省卫生健康委员会" in text


def test_rules_text_names_no_province():
    listing = run("rules")
    assert listing.exit_code == 0
    codes = re.findall(r"QC\d{3}", listing.output)
    assert len(codes) > 40
    texts = [listing.output] + [run("rules", c).output for c in sorted(set(codes))]
    for text in texts:
        assert betrayals(text) == [], text[:200]


def test_messages_quote_the_workspace_province(henan, tmp_path):
    root, issue, _ = henan
    art = root / "articles" / issue / "01-护理.md"
    original = art.read_text(encoding="utf-8")
    try:
        art.write_text(re.sub(r"center: .*\n", "", original, count=1), encoding="utf-8")
        _, found = check_json(root)
        qc102 = [f for f in found if f["code"] == "QC102"]
        assert qc102 and "河南省护理质量控制中心" in qc102[0]["message"]
    finally:
        art.write_text(original, encoding="utf-8")


def test_init_refuses_an_existing_workspace(henan):
    root, _, _ = henan
    before = (root / "config.yaml").read_bytes()
    again = run("init", str(root), "--name", "另一份简报", "--province", "甘肃", "--no-input")
    assert again.exit_code == 2
    assert "--force" in again.output and "config.yaml" in again.output
    assert "Traceback" not in again.output
    assert (root / "config.yaml").read_bytes() == before


def test_init_force_and_province_defaults(tmp_path):
    root = tmp_path / "gs"
    (root / "notes").mkdir(parents=True)
    (root / "notes" / "keep.txt").write_text("x", encoding="utf-8")
    made = run("init", str(root), "--province", "甘肃", "--no-input")
    assert made.exit_code == 0, made.output
    cfg = load_config(root).data
    assert cfg["bulletin"]["name"].startswith("甘肃省") and cfg["bulletin"]["office"].startswith("甘肃省")
    assert cfg["bulletin"]["publishers"] == [cfg["bulletin"]["office"]]
    assert cfg["contact"] == {}
    # no contact given: check says so (QC131), nothing else
    code, found = check_json(root)
    assert code == 0 and [f["code"] for f in found] == ["QC131"]
    assert found[0]["path"] == "config.yaml"
    again = run("init", str(root), "--province", "甘肃", "--phone", "0931-0000000", "--force", "--no-input")
    assert again.exit_code == 0, again.output
    assert load_config(root).data["contact"] == {"电话": "0931-0000000"}
    assert (root / "notes" / "keep.txt").read_text(encoding="utf-8") == "x"  # --force touches only its own files
    # no province to be seen anywhere: a clear message
    bad = run("init", str(tmp_path / "x"), "--name", "质控简报", "--no-input")
    assert bad.exit_code == 2 and "--province" in bad.output


# --------------------------------------------------------------------------- masthead
def name_lines_pdf(pdf_path: Path) -> list[tuple[str, list]]:
    """The masthead name's lines on page 1 (the largest characters), top to bottom."""
    with pdfplumber.open(pdf_path) as pdf:
        chars = pdf.pages[0].chars
        big = max(c["size"] for c in chars)
        name = [c for c in chars if c["size"] > big - 0.5]
        rows: dict[int, list] = {}
        for c in name:
            rows.setdefault(round(c["top"]), []).append(c)
        return [("".join(c["text"] for c in sorted(r, key=lambda c: c["x0"])), r) for _, r in sorted(rows.items())]


def test_two_line_name_pdf(henan):
    root, issue, _ = henan
    lines = name_lines_pdf(root / "build" / issue / f"{issue}.pdf")
    assert [t for t, _ in lines] == ["河南省医疗质量控制", "工作简报"]
    for _, chars in lines:
        for c in chars:
            assert c["size"] == pytest.approx(42, abs=0.1)
            assert (c["x1"] - c["x0"]) >= 0.97 * c["size"], c  # not condensed
        mid = (min(c["x0"] for c in chars) + max(c["x1"] for c in chars)) / 2
        assert mid == pytest.approx(28 * MM + W / 2, abs=2)  # centred


def test_two_line_name_docx_and_html(henan):
    root, issue, _ = henan
    out = root / "build" / issue
    doc = Document(str(out / f"{issue}.docx"))
    p = doc.paragraphs[0]
    assert p.style.name == "报头名称" and p.text == "河南省医疗质量控制\n工作简报"
    xml = p._p.xml
    assert xml.count("<w:br/>") == 1 and "<w:w " not in xml  # a line break, no horizontal condensing
    assert doc.core_properties.title.startswith("河南省医疗质量控制工作简报")
    html = (out / f"{issue}.html").read_text(encoding="utf-8")
    assert re.search(r"<h1 [^>]*>河南省医疗质量控制<br>工作简报</h1>", html)


def test_long_name_wraps_without_splitting_words(tmp_path):
    name = "甘肃省卫生健康委员会医疗质量控制中心工作简报"
    root = tmp_path / "gs"
    assert run("init", str(root), "--name", name, "--office", "甘肃省医疗质量控制中心办公室",
               "--phone", "0931-0000000", "--no-input").exit_code == 0
    issue = next(p.name for p in (root / "articles").iterdir())
    build(root, issue)
    out = root / "build" / issue
    expected = list(set_name(name, 42, W).lines)
    assert len(expected) == 2 and "".join(expected) == name
    assert expected == ["甘肃省卫生健康委员会", "医疗质量控制中心工作简报"]
    lines = name_lines_pdf(out / f"{issue}.pdf")
    assert [t for t, _ in lines] == expected
    for _, chars in lines:
        assert all((c["x1"] - c["x0"]) >= 0.97 * c["size"] for c in chars)
        assert max(c["x1"] for c in chars) - min(c["x0"] for c in chars) <= W
    p = Document(str(out / f"{issue}.docx")).paragraphs[0]
    assert p.text == "\n".join(expected) and "<w:w " not in p._p.xml
    assert "<br>".join(expected) in (out / f"{issue}.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("name, lines", [
    ("质控简报", ["质控简报"]),
    ("某某医疗质控管理工作简报", ["某某医疗质控管理工作简报"]),  # 12 characters: one line, a smaller size
    ("河南省医疗质量控制工作简报", ["河南省医疗", "质量控制工作简报"]),
    ("某省质控\n简报", ["某省质控", "简报"]),
    ("某省质控\\n简报", ["某省质控", "简报"]),  # a \n typed in a plain YAML value
])
def test_set_name(name, lines):
    s = set_name(name, 42, W)
    assert list(s.lines) == lines
    assert max(len(x) for x in s.lines) * s.size <= 0.96 * W + 0.01
    assert s.size >= 0.8 * 42 or len(s.lines) == 2


def test_split_keeps_words_and_line_start_rules():
    assert split_two("省级质控简报") == ("省级质控", "简报") or split_two("省级质控简报") == ("省级", "质控简报")
    left, right = split_two("某某省医疗质量控制（试行）工作简报")
    assert not right.startswith(("）", "，")) and not left.endswith("（")


def test_masthead_font_of_its_own(tmp_path):
    """fonts.masthead sets the name in its own font; by default it is the title's."""
    from qcbrief.write.pdf.fonts import resolve_fonts

    root = tmp_path / "m"
    assert run("init", str(root), "--province", "河南", "--phone", "0371-60000000", "--no-input").exit_code == 0
    cfg = load_config(root)
    assert cfg["fonts"]["masthead"] == cfg["fonts"]["title"]
    fs = resolve_fonts(cfg, chars=set("河南省医疗质量控制工作简报"))
    assert fs.faces["masthead"] is fs.faces["title"]  # not registered a second time
    text = (root / "config.yaml").read_text(encoding="utf-8")
    (root / "config.yaml").write_text(text.replace("masthead: []", "masthead: [WenQuanYi Zen Hei]"), encoding="utf-8")
    cfg = load_config(root)
    fs = resolve_fonts(cfg, chars=set("河南省医疗质量控制工作简报"))
    if "WenQuanYi" not in fs.faces["masthead"][0].family:
        pytest.skip("WenQuanYi Zen Hei is not installed")
    issue = next(p.name for p in (root / "articles").iterdir())
    build(root, issue)
    lines = name_lines_pdf(root / "build" / issue / f"{issue}.pdf")
    fonts = {c["fontname"] for _, chars in lines for c in chars}
    assert all("WenQuanYi" in f or "Zen" in f for f in fonts), fonts
    with pdfplumber.open(root / "build" / issue / f"{issue}.pdf") as pdf:
        title_fonts = {c["fontname"] for page in pdf.pages for c in page.chars if abs(c["size"] - 22) < 0.1}
    assert title_fonts and not title_fonts & fonts
    doc = Document(str(root / "build" / issue / f"{issue}.docx"))
    assert doc.styles["报头名称"].font.name == "WenQuanYi Zen Hei"


# --------------------------------------------------------------------------- check warnings
def test_missing_colophon_and_contact_warn(tmp_path):
    root = workspace(tmp_path / "min", {"a1.md": "---\ncenter: 某省护理质量控制中心\ntitle: 标题\n---\n\n正文。\n\n点评：\n\n点评。\n"})
    (root / "config.yaml").write_text("bulletin:\n  name: 某省质控简报\n  office: 某省质控办公室\n", encoding="utf-8")
    code, found = check_json(root)
    assert code == 0  # warnings only
    got = sorted((f["code"], f["path"], f["severity"]) for f in found)
    assert got == [("QC130", "config.yaml", "warning")] * 2 + [("QC131", "config.yaml", "warning")]
    assert any("distribution" in f["message"] for f in found) and any("publishers" in f["message"] for f in found)
    # an issue that brings its own 版记 lines and contacts silences them
    issue_yaml = root / "articles" / "T" / "issue.yaml"
    issue_yaml.write_text(issue_yaml.read_text(encoding="utf-8")
                          + "distribution:\n  报: 某省卫生健康委员会\ncontact:\n  电话: 0000-12345678\n", encoding="utf-8")
    _, found = check_json(root)
    assert [f["code"] for f in found] == ["QC130"]  # publishers are config-only


def test_sample_values_left_in_another_province(tmp_path):
    root = workspace(tmp_path / "copy", {"a1.md": GOOD_ARTICLE})
    sample = load_config(REPO).data
    cfg = root / "config.yaml"
    cfg.write_text(cfg.read_text(encoding="utf-8").replace("name: " + sample["bulletin"]["name"], "name: 河南省医疗质量控制工作简报", 1),
                   encoding="utf-8")
    _, found = check_json(root)
    qc132 = [f for f in found if f["code"] == "QC132"]
    contact_values = list(sample["contact"].values())
    assert len(qc132) == 1 + len(sample["bulletin"]["publishers"]) + 2 + len(contact_values)
    lines = cfg.read_text(encoding="utf-8").splitlines()
    for value in contact_values:
        hit = [f for f in qc132 if value in f["message"]]
        assert hit and value in lines[hit[0]["line"] - 1]
    # the sample itself is not flagged, nor a lone article outside any workspace
    _, found = check_json(workspace(tmp_path / "same", {"a1.md": GOOD_ARTICLE}))
    assert not [f for f in found if f["code"].startswith("QC13")]


def test_fingerprint_matches_the_sample_config():
    shipped = (REPO / "qcbrief" / "data" / "sample_fingerprint.txt").read_text(encoding="utf-8")
    assert shipped == fingerprint_text(load_config(REPO).data)
    assert not betrayals(shipped)


# --------------------------------------------------------------------------- page count
def test_even_page_count_without_colophon(tmp_path):
    root = workspace(tmp_path / "min", {"a1.md": "---\ncenter: 某省护理质量控制中心\ntitle: 标题\n---\n\n正文一段。\n\n点评：\n\n点评一段。\n"})
    (root / "config.yaml").write_text("bulletin:\n  name: 某省质控简报\n  office: 某省质控办公室\n", encoding="utf-8")
    result = run("build", "T", "--root", str(root), "--format", "pdf")
    assert result.exit_code == 0, result.output
    # the build names what the 版记 lacks
    assert result.output.count("config.yaml:1:1 QC130") == 2 and "QC131" in result.output
    with pdfplumber.open(root / "build" / "T" / "T.pdf") as pdf:
        assert len(pdf.pages) == 2
        assert "正文一段" in pdf.pages[0].extract_text()
        assert (pdf.pages[1].extract_text() or "").strip() == ""  # a blank back page, no number
    # colophon_even_page: false keeps the natural count
    with open(root / "config.yaml", "a", encoding="utf-8") as fh:
        fh.write("layout:\n  colophon_even_page: false\n")
    assert run("build", "T", "--root", str(root), "--format", "pdf").exit_code == 0
    with pdfplumber.open(root / "build" / "T" / "T.pdf") as pdf:
        assert len(pdf.pages) == 1


def test_even_page_count_without_colophon_docx(tmp_path):
    from helpers import lo_convert

    root = workspace(tmp_path / "min", {"a1.md": "---\ncenter: 某省护理质量控制中心\ntitle: 标题\n---\n\n正文一段。\n\n点评：\n\n点评一段。\n"})
    (root / "config.yaml").write_text("bulletin:\n  name: 某省质控简报\n  office: 某省质控办公室\n", encoding="utf-8")
    assert run("build", "T", "--root", str(root), "--format", "docx").exit_code == 0
    pdf_path = lo_convert(root / "build" / "T" / "T.docx", "pdf", tmp_path / "lo")
    with pdfplumber.open(pdf_path) as pdf:
        assert len(pdf.pages) == 2
        assert (pdf.pages[1].extract_text() or "").strip() == ""


def test_init_asks_in_a_terminal(tmp_path):
    """--interactive (the default in a terminal): the essentials not given are asked for."""
    from typer.testing import CliRunner

    from qcbrief.cli import app

    answers = "\n".join([
        "甘肃省医疗质量控制工作简报",  # name
        "甘肃省医疗质量控制中心办公室",  # office
        "甘肃省医疗质量控制中心办公室；某公众号",  # publishers
        "",  # 报: the default
        "各市（州）卫生健康委员会",  # 分送
        "兰州市示例路2号", "0931-0000000", "",  # address, phone, no e-mail
    ]) + "\n"
    root = tmp_path / "ask"
    result = CliRunner().invoke(app, ["init", str(root), "--interactive"], input=answers)
    assert result.exit_code == 0, result.output
    cfg = load_config(root).data
    assert cfg["bulletin"]["name"] == "甘肃省医疗质量控制工作简报"
    assert cfg["bulletin"]["publishers"] == ["甘肃省医疗质量控制中心办公室", "某公众号"]
    assert cfg["distribution"] == {"报": ["甘肃省卫生健康委员会"], "分送": ["各市（州）卫生健康委员会"]}
    assert cfg["contact"] == {"投稿地址": "兰州市示例路2号", "电话": "0931-0000000"}
