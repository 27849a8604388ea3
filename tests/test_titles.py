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
    title = "建网络 强指标 抓督查 促整改 重培训 推动全省护理质量管理工作迈上新台阶"
    assert title_lines(title, w, 19) == ["建网络 强指标 抓督查 促整改 重培训", "推动全省护理质量管理工作迈上新台阶"]
    assert title_lines("畅通生命通道　提升救治效率", w, 10) == ["畅通生命通道", "提升救治效率"]


def test_phrase_too_wide_falls_back_to_whole():
    assert title_lines("短 一个特别特别特别长的短语", w, 6) == ["短 一个特别特别特别长的短语"]


def test_writers_break_long_title_at_the_space(tmp_path):
    title = "建网络 强指标 抓督查 促整改 重培训 推动全省护理质量管理工作迈上新台阶"
    root = workspace(tmp_path / "ws", {"a01.md": GOOD_ARTICLE.replace("织密基层网络 筑牢安全底线", title)})
    assert run("build", "T", "--root", str(root)).exit_code == 0
    with pdfplumber.open(root / "build" / "T" / "T.pdf") as pdf:
        lines = (pdf.pages[0].extract_text() or "").splitlines()
    assert "建网络 强指标 抓督查 促整改 重培训" in lines and "推动全省护理质量管理工作迈上新台阶" in lines
    doc = Document(str(root / "build" / "T" / "T.docx"))
    titles = [p.text for p in doc.paragraphs if p.style.name == "标题"]
    assert titles == ["建网络 强指标 抓督查 促整改 重培训\n推动全省护理质量管理工作迈上新台阶"]
