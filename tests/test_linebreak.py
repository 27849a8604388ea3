"""Chinese line breaking (qcbrief.write.pdf.linebreak): pure functions."""

from __future__ import annotations

import pytest

from qcbrief.text.cjk import NO_LINE_END, NO_LINE_START, is_cjk
from qcbrief.write.pdf.linebreak import break_lines, can_break, clusters, line_texts

CELL = 156 / 28 * 72 / 25.4  # 15.79 pt
LINE = 28 * CELL


def widths(text: str) -> list[float]:
    return [CELL if is_cjk(ch) else CELL / 2 for ch in text]


def brk(text: str, avail=LINE, **kw):
    lines = break_lines(text, widths(text), avail, CELL, **kw)
    return lines, line_texts(text, lines)


def cells(text: str) -> float:
    return sum(widths(text)) / CELL


def test_can_break_rules():
    assert not can_break("字", "，")
    assert not can_break("（", "字")
    assert not can_break("…", "…")
    assert not can_break("—", "—")
    assert not can_break("6", "%")
    assert not can_break("8", "℃")
    assert not can_break("a", "b")
    assert can_break("字", "字")
    assert can_break("，", "字")
    assert can_break("A", "字")
    assert can_break(" ", "a")
    assert not can_break("a", " ")


def test_clusters_keep_numbers_words_and_pairs():
    text = "达到96.8%，访问HBYLZGB@163.com……完成——好"
    units = [text[s:e] for s, e in clusters(text)]
    assert "96.8%，" in units
    assert "HBYLZGB@163.com……" in units
    assert "成——" in units


def test_full_line_of_chinese_holds_28():
    text = "质" * 60
    lines, texts = brk(text)
    assert [len(t) for t in texts] == [28, 28, 4]
    assert lines[0].xs[-1] == pytest.approx(27 * CELL)


@pytest.mark.parametrize("punct", sorted(NO_LINE_START & set("，。、；：？！）》”’%")))
def test_no_forbidden_line_start(punct):
    text = "质" * 28 + punct + "控" * 10
    _, texts = brk(text)
    assert all(t[0] not in NO_LINE_START for t in texts)
    assert 27 - 1e-6 <= cells(texts[0]) <= 28 + 1e-6


@pytest.mark.parametrize("opening", sorted(NO_LINE_END & set("（《“")))
def test_no_forbidden_line_end(opening):
    text = "质" * 27 + opening + "控" * 10
    _, texts = brk(text)
    assert all(t[-1] not in NO_LINE_END for t in texts)
    assert len(texts[0]) == 27


def test_comma_after_28th_squeezes_when_punctuation_can_absorb():
    # two marks on the line: the comma and "、" give a cell of room
    text = "质" * 10 + "、" + "质" * 17 + "，" + "控" * 10
    lines, texts = brk(text)
    assert texts[0].endswith("质，")
    assert lines[0].squeezed == 2
    assert lines[0].natural == pytest.approx(LINE)
    # squeezed punctuation counts half a cell: 28 cells on the line
    assert cells(texts[0]) - 0.5 * lines[0].squeezed == pytest.approx(28)


def test_comma_after_28th_pushes_one_char_otherwise():
    text = "质" * 28 + "，" + "控" * 10
    lines, texts = brk(text)
    assert len(texts[0]) == 27 and texts[1].startswith("质，")
    # the shorter line is justified to the full width
    assert lines[0].xs[-1] + CELL == pytest.approx(LINE)


def test_ellipsis_and_dash_stay_together():
    for pair in ("……", "——"):
        text = "质" * 27 + pair + "控" * 10
        _, texts = brk(text)
        for t in texts:
            assert not t.startswith(pair[0])
        joined = "".join(texts)
        assert pair in joined
        assert all(not (a.endswith(pair[0]) and b.startswith(pair[0])) for a, b in zip(texts, texts[1:]))


def test_numbers_and_words_not_split():
    text = "质" * 26 + "96.8%" + "控" * 10 + "PDCA循环" + "质" * 30
    _, texts = brk(text)
    joined = "\n".join(texts)
    assert "96.8%" in joined.replace("\n", "|").split("|")[0] + "|" or "96.8%" in texts[1]
    assert not any(t.endswith(("9", "96", "96.", "96.8")) for t in texts)
    assert any("PDCA" in t for t in texts)


def test_long_url_is_cut_at_slash():
    url = "https://example.org/" + "a" * 30 + "/" + "b" * 40
    _, texts = brk(url, avail=20 * CELL)
    assert "".join(texts) == url
    assert texts[0].endswith("/")


def test_last_line_left_aligned_and_spaces_dropped():
    text = "质量 控制  "
    lines, texts = brk(text)
    assert texts == ["质量 控制"]
    assert lines[0].last and lines[0].xs[0] == 0


def test_first_line_indent_widths():
    text = "质" * 80
    _, texts = brk(text, avail=lambda n: LINE - 2 * CELL if n == 0 else LINE)
    assert [len(t) for t in texts[:2]] == [26, 28]


def test_nobreak_flags_agree_with_can_break_on_random_text():
    """The one-regex break opportunities used by break_lines equal can_break pair by pair."""
    import random

    from qcbrief.write.pdf.linebreak import can_break, nobreak_flags

    alphabet = "质控中心组织专家" + "，。、；：？！）》”’（《“‘…—％·" + "abcXYZ0129.-/@% \t\u3000\xa0\x1c" + "([{)]}"
    rnd = random.Random(18)
    for _ in range(400):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 120)))
        flags = nobreak_flags(text)
        assert [flags[i] == 1 for i in range(1, len(text))] == [
            not can_break(text[i - 1], text[i]) for i in range(1, len(text))], text
