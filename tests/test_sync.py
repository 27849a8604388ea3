"""qcbrief sync: a reviewed DOCX flows back into the article files.

Each test builds the sample issue (articles/2026Q1), edits the DOCX as reviewers do
(python-docx run edits, paragraphs inserted and deleted, tracked-change XML with
authors, comments), syncs, and asserts the exact article files and the rebuilt DOCX."""

from __future__ import annotations

import shutil
from pathlib import Path

import docx
import pytest

from conftest import REPO, make_workspace
from sync_util import (article_texts, build, delete, insert_after, para, replace_across_runs, replace_in_runs, snapshot,
                       sync, tracked)

ISSUE = "2026Q1"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The sample issue and its DOCX, built once; tests copy both."""
    base = tmp_path_factory.mktemp("sync-base")
    ws = make_workspace(base / "ws", REPO / "articles", [ISSUE])
    path = build(ws, ISSUE, base / "out")
    return ws, path


@pytest.fixture
def fresh(built, tmp_path):
    ws, path = built
    ws2 = tmp_path / "ws"
    shutil.copytree(ws, ws2)
    doc = tmp_path / "reviewed.docx"
    shutil.copy(path, doc)
    return ws2, doc


def art(ws: Path, name: str) -> str:
    return (ws / "articles" / ISSUE / name).read_text(encoding="utf-8")


def test_no_edits_reports_no_changes_and_touches_nothing(fresh):
    ws, doc = fresh
    before = snapshot(ws / "articles")
    res = sync(ws, ISSUE, doc, "--yes")
    assert res.exit_code == 0, res.output
    assert "没有变化" in res.output
    assert snapshot(ws / "articles") == before


def test_reviewer_edits_land_as_character_edits(fresh, tmp_path):
    ws, doc = fresh
    orig = {n: art(ws, n) for n in ("01-护理.md", "02-急诊.md", "a06.yaml", "b02.md")}
    d = docx.Document(str(doc))
    # inside a run (the normal text after a bold lead-in)
    replace_in_runs(para(d, "新增委员11名", "正文"), "新增委员11名", "新增委员12名")
    # across runs: the end of the bold lead-in and the start of the text after it
    replace_across_runs(para(d, "推动县级质控组织全覆盖", "正文"), "全覆盖。中心会同", "全面覆盖。省中心会同")
    # the title (a front-matter value)
    replace_in_runs(para(d, "织密质控网络", "标题"), "守护", "保障")
    # a paragraph inserted after another, one deleted
    insert_after(para(d, "规范市州中心日常运行", "正文"), "审阅人补充：各市州中心应于4月底前报送自查报告。")
    delete(para(d, "搭建经验交流平台", "正文"))
    # 点评
    replace_in_runs(para(d, "省护理质控中心本季度工作抓住了", "点评"), "抓住了", "牢牢抓住了")
    # a list item (printed "2." before the text), a YAML article's body, a brief
    replace_in_runs(para(d, "建立抢救室滞留患者"), "超过24小时", "超过12小时")
    replace_in_runs(para(d, "编制常见错误案例集"), "128个案例", "130个案例")
    replace_in_runs(para(d, "对全市22家用血医院"), "22家", "23家")
    d.save(str(doc))
    reviewed = article_texts(doc)

    res = sync(ws, ISSUE, doc)  # not a terminal, no --yes: report only
    assert res.exit_code == 0, res.output
    assert "--yes" in res.output
    assert "新增委员1[-1-]{+2+}名" in res.output  # only the changed character is marked
    assert {n: art(ws, n) for n in orig} == orig

    res = sync(ws, ISSUE, doc, "--yes")
    assert res.exit_code == 0, res.output
    exp = orig["01-护理.md"]
    exp = exp.replace("title: 织密质控网络　守护护理安全", "title: 织密质控网络　保障护理安全")
    exp = exp.replace("新增委员11名", "新增委员12名")
    exp = exp.replace("**推动县级质控组织全覆盖。**中心会同", "**推动县级质控组织全面覆盖。**省中心会同")
    exp = exp.replace("约谈提醒。\n\n### 聚焦敏感指标", "约谈提醒。\n\n审阅人补充：各市州中心应于4月底前报送自查报告。\n\n### 聚焦敏感指标")
    start = exp.index("**搭建经验交流平台。**")
    exp = exp[:start] + exp[exp.index("下一步，中心将以县域"):]
    exp = exp.replace("本季度工作抓住了", "本季度工作牢牢抓住了")
    assert art(ws, "01-护理.md") == exp
    assert art(ws, "02-急诊.md") == orig["02-急诊.md"].replace("2. 建立抢救室滞留患者“超时预警”机制，滞留超过24小时",
                                                              "2. 建立抢救室滞留患者“超时预警”机制，滞留超过12小时")
    assert art(ws, "a06.yaml") == orig["a06.yaml"].replace("128个案例", "130个案例")
    assert art(ws, "b02.md") == orig["b02.md"].replace("22家", "23家")

    # the rebuilt DOCX reads exactly like the reviewed one
    again = build(ws, ISSUE, tmp_path / "rebuilt")
    assert article_texts(again) == reviewed  # the TOC follows the new title by itself
    # and syncing the reviewed file again changes nothing
    res = sync(ws, ISSUE, doc, "--yes")
    assert "没有变化" in res.output, res.output


def test_three_way_merge_clean(fresh):
    """The source moved on after the build (another paragraph edited): both edits land."""
    ws, doc = fresh
    path = ws / "articles" / ISSUE / "01-护理.md"
    orig = path.read_text(encoding="utf-8")
    ours = orig.replace("覆盖率达到92.2%", "覆盖率达到92.3%").replace("新增委员11名", "新增委员11人")
    path.write_text(ours, encoding="utf-8")
    d = docx.Document(str(doc))
    replace_in_runs(para(d, "扩大指标监测范围", "正文"), "268家", "270家")
    replace_in_runs(para(d, "新增委员11名", "正文"), "第四届", "第五届")  # same paragraph, other words
    d.save(str(doc))
    res = sync(ws, ISSUE, doc, "--yes")
    assert res.exit_code == 0, res.output
    assert path.read_text(encoding="utf-8") == ours.replace("268家", "270家").replace("第四届", "第五届")


def test_three_way_merge_conflict_leaves_article_untouched(fresh):
    ws, doc = fresh
    path = ws / "articles" / ISSUE / "01-护理.md"
    other = ws / "articles" / ISSUE / "a03.md"
    ours = path.read_text(encoding="utf-8").replace("新增委员11名", "新增委员13名")
    path.write_text(ours, encoding="utf-8")
    other_before = other.read_text(encoding="utf-8")
    d = docx.Document(str(doc))
    replace_in_runs(para(d, "新增委员11名", "正文"), "新增委员11名", "新增委员12名")
    p = para(d, "为持续降低医院感染发生风险", "正文")
    p.runs[-1].text = p.runs[-1].text + "（审阅补充）"
    d.save(str(doc))
    res = sync(ws, ISSUE, doc, "--yes")
    assert res.exit_code == 1
    assert "冲突" in res.output and "同一处文字" in res.output
    assert path.read_text(encoding="utf-8") == ours  # untouched
    # the other article still synced
    assert other.read_text(encoding="utf-8") == other_before.replace("扎实推进各项工作。\n", "扎实推进各项工作。（审阅补充）\n", 1)


def test_tracked_changes_need_a_decision(fresh):
    ws, doc = fresh
    before = snapshot(ws / "articles")
    d = docx.Document(str(doc))
    tracked(para(d, "新增委员11名", "正文"), "11名", "12名", "张审阅")
    d.save(str(doc))

    res = sync(ws, ISSUE, doc, "--yes")
    assert res.exit_code == 1
    assert "张审阅" in res.output and "--accept-changes" in res.output
    assert snapshot(ws / "articles") == before

    res = sync(ws, ISSUE, doc, "--yes", "--reject-changes")
    assert res.exit_code == 0, res.output
    assert snapshot(ws / "articles") == before

    res = sync(ws, ISSUE, doc, "--yes", "--accept-changes")
    assert res.exit_code == 0, res.output
    path = ws / "articles" / ISSUE / "01-护理.md"
    assert path.read_bytes() == before[f"{ISSUE}/01-护理.md"].decode().replace("新增委员11名", "新增委员12名").encode()
    res = sync(ws, ISSUE, doc)  # again, without a decision: the revisions are in the file already
    assert res.exit_code == 0 and "没有变化" in res.output, res.output


def test_comments_listed_with_file_and_line_and_report(fresh, tmp_path):
    ws, doc = fresh
    d = docx.Document(str(doc))
    p = para(d, "扩大指标监测范围", "正文")
    d.add_comment(p.runs[0], text="268家是否含民营医院？", author="李主任")
    d.save(str(doc))
    report = tmp_path / "审阅意见.md"
    res = sync(ws, ISSUE, doc, "--report", str(report))
    assert res.exit_code == 0, res.output
    line = art(ws, "01-护理.md").split("\n").index(
        next(x for x in art(ws, "01-护理.md").split("\n") if x.startswith("**扩大指标监测范围")) ) + 1
    assert "李主任" in res.output and f"01-护理.md:{line}" in res.output
    text = report.read_text(encoding="utf-8")
    assert "268家是否含民营医院？" in text and "李主任" in text and f"01-护理.md:{line}" in text
    assert "扩大指标监测范围" in text  # the commented text


def test_masthead_edit_is_reported_not_synced(fresh):
    ws, doc = fresh
    before = snapshot(ws / "articles")
    d = docx.Document(str(doc))
    p = d.paragraphs[0]
    p.runs[0].text = p.runs[0].text + "（改）"
    toc = para(d, "织密质控网络", "目录")
    toc.runs[0].text = toc.runs[0].text.replace("织密", "编织")
    colophon = next(p for p in d.paragraphs if p.style.name == "版记" and p.text.strip())
    colophon.runs[-1].text += "等"
    d.save(str(doc))
    res = sync(ws, ISSUE, doc, "--yes")
    assert res.exit_code == 1
    assert "未同步：来自 config.yaml / templates/masthead.j2 的报头" in res.output
    assert "未同步：来自 issue.yaml 目录与 templates/toc_entry.j2 的目录" in res.output
    assert "未同步：来自 config.yaml / templates/colophon.j2 的版记" in res.output
    assert snapshot(ws / "articles") == before


def _article_paras(d, first: str, stop: str):
    ps = d.paragraphs
    i = next(k for k, p in enumerate(ps) if p.text.startswith(first) and p.style.name == "中心署名")
    j = next(k for k, p in enumerate(ps) if k > i and p.text.startswith(stop) and p.style.name == "中心署名")
    return ps[i:j]


def test_moved_and_deleted_articles_update_the_toc(fresh):
    ws, doc = fresh
    issue_yaml = ws / "articles" / ISSUE / "issue.yaml"
    before = issue_yaml.read_text(encoding="utf-8")
    d = docx.Document(str(doc))
    # a04 (病理?) moved before a03: cut a04's paragraphs and paste them before a03's
    a03 = _article_paras(d, art(ws, "a03.md").split("center: ")[1].split("\n")[0], art(ws, "a04.md").split("center: ")[1].split("\n")[0])
    a04 = _article_paras(d, art(ws, "a04.md").split("center: ")[1].split("\n")[0], art(ws, "05-临床检验.md").split("center: ")[1].split("\n")[0])
    for p in a04:
        a03[0]._p.addprevious(p._p)
    # b04 deleted
    b04 = _article_paras(d, art(ws, "b04.md").split("center: ")[1].split("\n")[0], art(ws, "b05-咸宁.md").split("center: ")[1].split("\n")[0])
    for p in b04:
        delete(p)
    d.save(str(doc))
    res = sync(ws, ISSUE, doc, "--yes")
    assert res.exit_code == 0, res.output
    assert "文章顺序调整" in res.output and "删除文章" in res.output
    after = issue_yaml.read_text(encoding="utf-8")
    assert after == before.replace("  - a03\n  - a04\n", "  - a04\n  - a03\n").replace("b03-恩施, b04, b05-咸宁", "b03-恩施, b05-咸宁")
    assert (ws / "articles" / ISSUE / "b04.md").is_file()  # the file is kept
    res = sync(ws, ISSUE, doc, "--yes")
    assert "没有变化" in res.output, res.output


@pytest.mark.parametrize("what", ["other-issue", "not-qcbrief", "corrupt", "password"])
def test_bad_files_one_line_nothing_touched(fresh, tmp_path, what):
    ws, doc = fresh
    before = snapshot(ws / "articles")
    bad = tmp_path / "bad.docx"
    if what == "other-issue":
        corpus = make_workspace(tmp_path / "c", REPO / "tests" / "fixtures" / "corpus" / "articles")
        bad = build(corpus, "2023Q4")
        expect = "这是第 2023Q4 期的简报"
    elif what == "not-qcbrief":
        plain = docx.Document()
        plain.add_paragraph("一份普通的 Word 文档")
        plain.save(str(bad))
        expect = "不是由 qcbrief build 生成的简报"
    elif what == "corrupt":
        bad.write_bytes(doc.read_bytes()[:3000])
        expect = "文件可能已损坏"
    else:
        from import_fixtures import encrypted_docx

        encrypted_docx(bad, doc)
        expect = "密码保护"
    res = sync(ws, ISSUE, bad, "--yes")
    assert res.exit_code == 2
    assert expect in res.output
    assert len([x for x in res.output.strip().split("\n") if x.strip()]) == 1
    assert "Traceback" not in res.output
    assert snapshot(ws / "articles") == before


def test_added_article_becomes_a_new_file_in_the_toc(fresh):
    ws, doc = fresh
    folder = ws / "articles" / ISSUE
    before = snapshot(folder)
    d = docx.Document(str(doc))
    heading = next(p for p in d.paragraphs if p.style.name == "简讯分组")
    last = heading._p.getprevious()
    from docx.text.paragraph import Paragraph
    anchor = Paragraph(last, heading._parent)
    center = insert_after(anchor, "湖北省康复医学质量控制中心——")
    center.style = d.styles["中心署名"]
    title = insert_after(center, "推进康复质控网络建设")
    title.style = d.styles["标题"]
    body = insert_after(title, "2026年3月，中心召开康复医学质控工作会议，部署全年重点任务。")
    body.style = d.styles["正文"]
    label = insert_after(body, "点评：")
    label.style = d.styles["点评标签"]
    comm = insert_after(label, "康复质控起步较晚，需加快补齐短板。")
    comm.style = d.styles["点评"]
    d.save(str(doc))
    res = sync(ws, ISSUE, doc, "--yes")
    assert res.exit_code == 0, res.output
    assert "新增文章" in res.output
    new = sorted(set(snapshot(folder)) - set(before))
    assert new == ["13-康复医学.md"], new
    text = (folder / "13-康复医学.md").read_text(encoding="utf-8")
    assert "center: 湖北省康复医学质量控制中心\ntitle: 推进康复质控网络建设\n---\n\n2026年3月，中心召开" in text
    assert text.endswith("点评：\n\n康复质控起步较晚，需加快补齐短板。\n")
    issue_yaml = (folder / "issue.yaml").read_text(encoding="utf-8")
    assert issue_yaml == before["issue.yaml"].decode().replace("  - a12\n", "  - a12\n  - 13-康复医学\n")
    # the rebuilt DOCX has the new article where the reviewer put it
    again = build(ws, ISSUE, ws / "rebuilt")
    assert article_texts(again) == article_texts(doc)
    # the same reviewed file synced again: nothing to do (the article is not added twice)
    assert "没有变化" in sync(ws, ISSUE, doc, "--yes").output
    assert sorted(set(snapshot(folder)) - set(before)) == ["13-康复医学.md"]


def test_tracked_paragraph_insertion(fresh):
    """A paragraph typed with Track Changes on: the paragraph mark and the text are w:ins."""
    from docx.oxml.ns import qn
    from lxml import etree

    ws, doc = fresh
    path = ws / "articles" / ISSUE / "01-护理.md"
    orig = path.read_text(encoding="utf-8")
    d = docx.Document(str(doc))
    p = para(d, "推动县级质控组织全覆盖", "正文")
    new = insert_after(p, "")
    attrs = {qn("w:id"): "950", qn("w:author"): "王编审", qn("w:date"): "2026-04-02T10:00:00Z"}
    rpr = new._p.get_or_add_pPr().find(qn("w:rPr"))
    if rpr is None:
        rpr = etree.SubElement(new._p.get_or_add_pPr(), qn("w:rPr"))
    etree.SubElement(rpr, qn("w:ins"), attrs)
    ins = etree.SubElement(new._p, qn("w:ins"), {**attrs, qn("w:id"): "951"})
    r = etree.SubElement(ins, qn("w:r"))
    t = etree.SubElement(r, qn("w:t"))
    t.text = "修订新增的一段。"
    d.save(str(doc))
    res = sync(ws, ISSUE, doc, "--yes")
    assert res.exit_code == 1 and "王编审" in res.output
    assert path.read_text(encoding="utf-8") == orig
    res = sync(ws, ISSUE, doc, "--yes", "--reject-changes")
    assert path.read_text(encoding="utf-8") == orig
    res = sync(ws, ISSUE, doc, "--yes", "--accept-changes")
    assert res.exit_code == 0, res.output
    assert path.read_text(encoding="utf-8") == orig.replace(
        "纳入年度考核。\n\n", "纳入年度考核。\n\n修订新增的一段。\n\n", 1)


def test_table_cells_center_heading_caption_and_preface(fresh):
    ws, doc = fresh
    folder = ws / "articles" / ISSUE
    orig = {n: (folder / n).read_text(encoding="utf-8") for n in ("a03.md", "01-护理.md", "05-临床检验.md", "issue.yaml")}
    d = docx.Document(str(doc))
    cell = next(c for t in d.tables for row in t.rows for c in row.cells if c.text == "1.41%")
    replace_in_runs(cell.paragraphs[0], "1.41%", "1.40%")
    replace_in_runs(para(d, "湖北省护理质量控制中心——", "中心署名"), "护理质量", "护理质量管理")
    replace_in_runs(para(d, "健全组织体系 延伸县域网络", "小标题1"), "延伸", "延展")
    replace_in_runs(para(d, "图1 2026年第1季度各市州质控指标达标率", "图题"), "达标率", "达标情况")
    replace_in_runs(para(d, "十五五", "按语"), "开局之年", "起步之年")
    d.save(str(doc))
    res = sync(ws, ISSUE, doc, "--yes")
    assert res.exit_code == 0, res.output
    assert (folder / "a03.md").read_text(encoding="utf-8") == orig["a03.md"].replace(
        "| 医院感染发病率 | 1.52% | 1.41% |", "| 医院感染发病率 | 1.52% | 1.40% |")
    assert (folder / "01-护理.md").read_text(encoding="utf-8") == orig["01-护理.md"].replace(
        "center: 湖北省护理质量控制中心", "center: 湖北省护理质量管理控制中心").replace(
        "### 健全组织体系 延伸县域网络", "### 健全组织体系 延展县域网络")
    assert (folder / "05-临床检验.md").read_text(encoding="utf-8") == orig["05-临床检验.md"].replace(
        "![图1 2026年第1季度各市州质控指标达标率](", "![图1 2026年第1季度各市州质控指标达标情况](")
    assert (folder / "issue.yaml").read_text(encoding="utf-8") == orig["issue.yaml"].replace("开局之年", "起步之年")
    res = sync(ws, ISSUE, doc, "--yes")
    assert "没有变化" in res.output, res.output


def expected_split_join(orig: str) -> str:
    """The split paragraph becomes two (the second plain text after a blank line); the joined
    paragraph's text is appended to the first and its own lines go."""
    last = orig[orig.index("下一步，中心将以县域"):orig.index("点评：")]
    out = orig.replace("下降15.9%；院内2期", "下降15.9%。\n\n院内2期")
    out = out.replace(last, "")
    return out.replace("护理质控联络员。\n", "护理质控联络员。" + last.strip("\n") + "\n")


def test_split_and_joined_paragraphs(fresh):
    """Enter pressed inside a paragraph (split); the break between two paragraphs deleted (join)."""
    ws, doc = fresh
    path = ws / "articles" / ISSUE / "01-护理.md"
    orig = path.read_text(encoding="utf-8")
    d = docx.Document(str(doc))
    p = para(d, "实行季度分析反馈制度", "正文")
    replace_across_runs(p, "下降15.9%；院内2期", "下降15.9%。")
    tail = p.text.split("下降15.9%。", 1)[1]
    replace_across_runs(p, tail, "")
    insert_after(p, "院内2期" + tail)
    a = para(d, "分层分类开展培训", "正文")
    b = para(d, "下一步，中心将以县域", "正文")
    a.runs[-1].text = a.runs[-1].text + b.text
    delete(b)
    d.save(str(doc))
    res = sync(ws, ISSUE, doc, "--yes")
    assert res.exit_code == 0, res.output
    assert path.read_text(encoding="utf-8") == expected_split_join(orig)
    rebuilt = build(ws, ISSUE, ws / "rebuilt")
    assert article_texts(rebuilt) == article_texts(doc)


def test_anchors_removed_articles_found_by_center_and_title(fresh):
    """A reviewer's copy without the hidden bookmarks (pasted into a new document, say)."""
    from docx.oxml.ns import qn

    ws, doc = fresh
    before = snapshot(ws / "articles")
    d = docx.Document(str(doc))
    body = d.element.body
    ids = set()
    for b in list(body.iter(qn("w:bookmarkStart"))):
        if b.get(qn("w:name")).startswith("_qcbs_"):
            ids.add(b.get(qn("w:id")))
            b.getparent().remove(b)
    for e in list(body.iter(qn("w:bookmarkEnd"))):
        if e.get(qn("w:id")) in ids:
            e.getparent().remove(e)
    d.save(str(doc))
    res = sync(ws, ISSUE, doc, "--yes")
    assert "没有变化" in res.output, res.output
    d = docx.Document(str(doc))
    replace_in_runs(para(d, "新增委员11名", "正文"), "新增委员11名", "新增委员12名")
    d.save(str(doc))
    res = sync(ws, ISSUE, doc, "--yes")
    assert res.exit_code == 0, res.output
    after = snapshot(ws / "articles")
    changed = [k for k in after if after[k] != before[k]]
    assert changed == [f"{ISSUE}/01-护理.md"]


def test_interactive_confirmation(fresh, monkeypatch):
    from rich.console import Console

    from qcbrief.commands.sync import run_sync

    ws, doc = fresh
    path = ws / "articles" / ISSUE / "01-护理.md"
    orig = path.read_text(encoding="utf-8")
    d = docx.Document(str(doc))
    replace_in_runs(para(d, "新增委员11名", "正文"), "新增委员11名", "新增委员12名")
    d.save(str(doc))
    console = Console(file=open("/dev/null", "w"), width=200)
    monkeypatch.setattr("builtins.input", lambda: "n")
    assert run_sync(doc, ISSUE, ws, False, False, False, None, console, console, interactive=True) == 0
    assert path.read_text(encoding="utf-8") == orig
    monkeypatch.setattr("builtins.input", lambda: "y")
    assert run_sync(doc, ISSUE, ws, False, False, False, None, console, console, interactive=True) == 0
    assert path.read_text(encoding="utf-8") == orig.replace("新增委员11名", "新增委员12名")


def test_tracked_deletion_of_a_whole_brief(fresh):
    """A brief deleted with Track Changes on (text and paragraph marks in w:del)."""
    from docx.oxml.ns import qn
    from lxml import etree

    ws, doc = fresh
    issue_yaml = ws / "articles" / ISSUE / "issue.yaml"
    before = issue_yaml.read_text(encoding="utf-8")
    d = docx.Document(str(doc))
    ps = d.paragraphs
    i = next(k for k, p in enumerate(ps) if p.text.startswith("荆州市临床用血质量控制中心") and p.style.name == "中心署名")
    j = next(k for k, p in enumerate(ps) if k > i and p.style.name == "中心署名")
    for n, p in enumerate(ps[i:j]):
        attrs = {qn("w:id"): str(960 + 2 * n), qn("w:author"): "赵审核", qn("w:date"): "2026-04-03T08:00:00Z"}
        ppr = p._p.get_or_add_pPr()
        rpr = ppr.find(qn("w:rPr"))
        if rpr is None:
            rpr = etree.SubElement(ppr, qn("w:rPr"))
        etree.SubElement(rpr, qn("w:del"), attrs)
        wrap = etree.Element(qn("w:del"), {**attrs, qn("w:id"): str(961 + 2 * n)})
        for r in p._p.findall(qn("w:r")):
            for t in r.findall(qn("w:t")):
                t.tag = qn("w:delText")
            r.addprevious(wrap) if wrap.getparent() is None else None
            wrap.append(r)
    d.save(str(doc))
    res = sync(ws, ISSUE, doc, "--yes")
    assert res.exit_code == 1 and "赵审核" in res.output
    assert issue_yaml.read_text(encoding="utf-8") == before
    res = sync(ws, ISSUE, doc, "--yes", "--reject-changes")
    assert issue_yaml.read_text(encoding="utf-8") == before
    res = sync(ws, ISSUE, doc, "--yes", "--accept-changes")
    assert res.exit_code == 0, res.output
    assert "删除文章" in res.output and "b02" in res.output
    assert issue_yaml.read_text(encoding="utf-8") == before.replace("[b01, b02, b03-恩施", "[b01, b03-恩施")


def test_damaged_manifest_is_refused(fresh, tmp_path):
    """A manifest that does not decode, or has the wrong shape: one line, nothing touched."""
    import base64
    import json
    import zipfile
    import zlib

    ws, doc = fresh
    before = snapshot(ws / "articles")
    for n, payload in enumerate([b"not zlib", zlib.compress(json.dumps({"v": 1, "issue": ISSUE, "articles": [{"stem": 3}]}).encode())]):
        bad = tmp_path / f"bad{n}.docx"
        with zipfile.ZipFile(doc) as src, zipfile.ZipFile(bad, "w") as dst:
            for info in src.infolist():
                data = src.read(info.filename)
                if info.filename == "docProps/custom.xml":
                    text = data.decode()
                    start = text.index('name="qcbrief.sync.count"')
                    text = text[:start] + text[start:].replace(
                        text[start:].split("<vt:lpwstr>")[1].split("</vt:lpwstr>")[0], "1", 1)
                    first = text.index('name="qcbrief.sync.0000"')
                    old = text[first:].split("<vt:lpwstr>")[1].split("</vt:lpwstr>")[0]
                    text = text[:first] + text[first:].replace(old, base64.b64encode(payload).decode(), 1)
                    data = text.encode()
                dst.writestr(info, data)
        res = sync(ws, ISSUE, bad, "--yes")
        assert res.exit_code == 2, res.output
        assert "同步信息已损坏" in res.output and len(res.output.strip().split("\n")) == 1
    assert snapshot(ws / "articles") == before


def test_three_way_merge_with_paragraphs_added_and_removed_on_both_sides(fresh):
    ws, doc = fresh
    path = ws / "articles" / ISSUE / "01-护理.md"
    orig = path.read_text(encoding="utf-8")
    # ours, after the build: a YAML comment, a new paragraph, a paragraph removed
    ours = orig.replace("title: 织密质控网络　守护护理安全\n", "title: 织密质控网络　守护护理安全  # 标题已与中心核对\n")
    ours = ours.replace("### 开展专项督查 以查促改提质\n\n", "### 开展专项督查 以查促改提质\n\n编辑补充的一段。\n\n")
    start = ours.index("**严把数据质量关。**")
    ours = ours[:start] + ours[ours.index("### 开展专项督查"):]
    path.write_text(ours, encoding="utf-8")
    d = docx.Document(str(doc))
    replace_in_runs(para(d, "分层分类开展培训", "正文"), "1260余人次", "1270余人次")
    insert_after(para(d, "对排名靠后的医院开展一对一辅导", "正文"), "审阅补充的一段。")
    d.save(str(doc))
    res = sync(ws, ISSUE, doc, "--yes")
    assert res.exit_code == 0, res.output
    assert path.read_text(encoding="utf-8") == ours.replace("1260余人次", "1270余人次").replace(
        "每月报送改进进展。\n\n", "每月报送改进进展。\n\n审阅补充的一段。\n\n")


def test_edit_of_a_paragraph_deleted_in_the_file_is_a_conflict(fresh):
    ws, doc = fresh
    path = ws / "articles" / ISSUE / "01-护理.md"
    orig = path.read_text(encoding="utf-8")
    start = orig.index("**严把数据质量关。**")
    ours = orig[:start] + orig[orig.index("### 开展专项督查"):]
    path.write_text(ours, encoding="utf-8")
    d = docx.Document(str(doc))
    replace_in_runs(para(d, "严把数据质量关", "正文"), "312条", "313条")
    d.save(str(doc))
    res = sync(ws, ISSUE, doc, "--yes")
    assert res.exit_code == 1 and "冲突" in res.output
    assert path.read_text(encoding="utf-8") == ours


def test_unsyncable_paragraph_reported_the_rest_synced(fresh):
    """An edit of template text (the center line's dash, a list number) is reported; the
    other edits of the article still land."""
    ws, doc = fresh
    path = ws / "articles" / ISSUE / "02-急诊.md"
    orig = path.read_text(encoding="utf-8")
    d = docx.Document(str(doc))
    replace_in_runs(para(d, "湖北省急诊医学质量控制中心——", "中心署名"), "——", "：")
    replace_in_runs(para(d, "回收有效问卷176份"), "176份", "177份")
    d.save(str(doc))
    res = sync(ws, ISSUE, doc, "--yes")
    assert res.exit_code == 1
    assert "未同步" in res.output and "模板生成的文字" in res.output
    assert path.read_text(encoding="utf-8") == orig.replace("176份", "177份")


def test_interactive_tracked_changes_rejected_then_written(fresh, monkeypatch):
    """In a terminal: "accept the revisions?" no -> the original text is kept; the other
    (untracked) edit is still offered and written on "y"."""
    from rich.console import Console

    from qcbrief.commands.sync import run_sync

    ws, doc = fresh
    path = ws / "articles" / ISSUE / "01-护理.md"
    orig = path.read_text(encoding="utf-8")
    d = docx.Document(str(doc))
    tracked(para(d, "新增委员11名", "正文"), "11名", "12名", "张审阅")
    replace_in_runs(para(d, "扩大指标监测范围", "正文"), "268家", "270家")
    d.save(str(doc))
    answers = iter(["n", "y"])
    monkeypatch.setattr("builtins.input", lambda: next(answers))
    console = Console(file=open("/dev/null", "w"), width=200)
    assert run_sync(doc, ISSUE, ws, False, False, False, None, console, console, interactive=True) == 0
    assert path.read_text(encoding="utf-8") == orig.replace("268家", "270家")


def test_added_paragraph_keeps_its_bold_lead_in(fresh):
    """A paragraph typed in Word with a bold lead-in, as the articles write them."""
    ws, doc = fresh
    path = ws / "articles" / ISSUE / "01-护理.md"
    orig = path.read_text(encoding="utf-8")
    d = docx.Document(str(doc))
    new = insert_after(para(d, "严把数据质量关", "正文"), "")
    new.add_run("开展数据质量培训。").bold = True
    new.add_run("3月，中心举办数据填报培训班1期。")
    d.save(str(doc))
    res = sync(ws, ISSUE, doc, "--yes")
    assert res.exit_code == 0, res.output
    assert path.read_text(encoding="utf-8") == orig.replace(
        "一致率为96.8%。\n\n", "一致率为96.8%。\n\n**开展数据质量培训。**3月，中心举办数据填报培训班1期。\n\n", 1)


def test_crlf_and_bom_kept(tmp_path):
    """An article saved on Windows (BOM, CRLF line ends) keeps both; only the edit changes."""
    ws = make_workspace(tmp_path / "ws", REPO / "articles", [ISSUE])
    path = ws / "articles" / ISSUE / "a04.md"
    text = path.read_text(encoding="utf-8")
    raw = ("\ufeff" + text.replace("\n", "\r\n")).encode("utf-8")
    path.write_bytes(raw)
    doc = build(ws, ISSUE)
    d = docx.Document(str(doc))
    body = [p for p in d.paragraphs if p.style.name == "正文" and p.text and p.text[:12] in text]
    target = next(p for p in body if len(p.runs[-1].text) > 3)
    last = target.runs[-1].text
    target.runs[-1].text = last + "（补）"
    d.save(str(doc))
    res = sync(ws, ISSUE, doc, "--yes")
    assert res.exit_code == 0, res.output
    assert path.read_bytes() == raw.replace((last + "\r\n").encode(), (last + "（补）\r\n").encode(), 1)


def test_yaml_article_paragraphs_added_and_deleted(fresh):
    """The body of a06.yaml is a YAML block scalar: a new paragraph takes its indentation."""
    ws, doc = fresh
    path = ws / "articles" / ISSUE / "a06.yaml"
    orig = path.read_text(encoding="utf-8")
    d = docx.Document(str(doc))
    insert_after(para(d, "编制常见错误案例集", "正文"), "审阅补充：案例集将每年更新一次。")
    delete(para(d, "推进编码人员能力提升", "正文"))
    replace_in_runs(para(d, "病案首页数据“失之毫厘”", "点评"), "系统治理", "综合治理")
    d.save(str(doc))
    res = sync(ws, ISSUE, doc, "--yes")
    assert res.exit_code == 0, res.output
    start = orig.index("  **推进编码人员能力提升。**")
    end = orig.index("  **建立质控结果通报机制。**")
    exp = orig[:start] + orig[end:]
    exp = exp.replace("病案科室。\n\n", "病案科室。\n\n  审阅补充：案例集将每年更新一次。\n\n", 1).replace("系统治理", "综合治理")
    assert path.read_text(encoding="utf-8") == exp
    rebuilt = build(ws, ISSUE, ws / "rebuilt")
    assert article_texts(rebuilt) == article_texts(doc)


def test_center_and_title_deleted_body_stays_with_its_article(fresh):
    """The paragraphs holding the anchor (center line, title) deleted: the body is still found
    as this article's, the deletion of center and title is reported, the body edit lands."""
    ws, doc = fresh
    folder = ws / "articles" / ISSUE
    before = snapshot(folder)
    a04 = (folder / "a04.md").read_text(encoding="utf-8")
    center = a04.split("center: ")[1].split("\n")[0]
    title = a04.split("title: ")[1].split("\n")[0]
    d = docx.Document(str(doc))
    delete(para(d, center + "——", "中心署名"))
    delete(para(d, title.split(" ")[0], "标题"))
    body = next(p for p in d.paragraphs if p.style.name == "正文" and p.text[:15] in a04 and len(p.runs[-1].text) > 3)
    last = body.runs[-1].text
    body.runs[-1].text = last + "（补）"
    d.save(str(doc))
    res = sync(ws, ISSUE, doc, "--yes")
    assert res.exit_code == 1
    assert "删除了中心署名行" in res.output and "删除了标题" in res.output
    after = snapshot(folder)
    assert [k for k in after if after[k] != before[k]] == ["a04.md"]
    assert (folder / "a04.md").read_text(encoding="utf-8") == a04.replace(last + "\n", last + "（补）\n", 1)
