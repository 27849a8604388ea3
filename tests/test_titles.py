"""Long titles break between phrases, in the PDF and the DOCX."""

from __future__ import annotations

import pdfplumber
from docx import Document

from helpers import GOOD_ARTICLE, run, workspace

from qcbrief.text.titles import title_lines


def w(s: str) -> float:
    return float(len(s))


def test_fits_whole_or_single_phrase():
    assert title_lines("织密基层网络 筑牢安全底线", w, 20) == ["织密基层网络 筑牢安全底线"]
    assert title_lines("一个没有空格的很长很长的标题", w, 5) == ["一个没有空格的很长很长的标题"]


def test_breaks_between_phrases_evenly():
    title = "找问题 拿措施 补短板 优环境 提质量 共谋我省医疗质量管理事业发展大计"
    assert title_lines(title, w, 19) == ["找问题 拿措施 补短板 优环境 提质量", "共谋我省医疗质量管理事业发展大计"]
    assert title_lines("质控强基惠基层　急诊护航保民生", w, 10) == ["质控强基惠基层", "急诊护航保民生"]


def test_phrase_too_wide_falls_back_to_whole():
    assert title_lines("短 一个特别特别特别长的短语", w, 6) == ["短 一个特别特别特别长的短语"]


def test_writers_break_long_title_at_the_space(tmp_path):
    title = "找问题 拿措施 补短板 优环境 提质量 共谋我省医疗质量管理事业发展大计"
    root = workspace(tmp_path / "ws", {"a01.md": GOOD_ARTICLE.replace("织密基层网络 筑牢安全底线", title)})
    assert run("build", "T", "--root", str(root)).exit_code == 0
    with pdfplumber.open(root / "build" / "T" / "T.pdf") as pdf:
        lines = (pdf.pages[0].extract_text() or "").splitlines()
    assert "找问题 拿措施 补短板 优环境 提质量" in lines and "共谋我省医疗质量管理事业发展大计" in lines
    doc = Document(str(root / "build" / "T" / "T.docx"))
    titles = [p.text for p in doc.paragraphs if p.style.name == "标题"]
    assert titles == ["找问题 拿措施 补短板 优环境 提质量\n共谋我省医疗质量管理事业发展大计"]
