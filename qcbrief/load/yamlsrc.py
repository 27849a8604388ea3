"""Safe YAML loading that remembers where every key and value stands.

PyYAML's safe loader gives plain Python values but forgets positions; its
composer keeps them.  We compose the node tree once, construct the values
with the safe constructor, and walk the nodes to record the 1-based line and
column of every key path, so every message can name file and line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..errors import QcbriefError

KeyPath = tuple  # tuple of str/int


@dataclass
class YamlDoc:
    data: Any
    path: Path
    line_offset: int = 0  # added to every line (front matter starts after '---')
    positions: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)  # path -> (line, col) of the key
    value_positions: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)
    scalars: dict[KeyPath, str] = field(default_factory=dict)  # raw text of scalar values
    block_scalars: set = field(default_factory=set)  # paths whose value is a | or > block

    def line_of(self, *keys: Any) -> int:
        """Line of a key (or list item); falls back to the nearest parent."""
        keys_t = tuple(keys)
        while keys_t:
            if keys_t in self.positions:
                return self.positions[keys_t][0] + self.line_offset
            keys_t = keys_t[:-1]
        return 1 + self.line_offset

    def value_line(self, *keys: Any) -> int:
        pos = self.value_positions.get(tuple(keys))
        return pos[0] + self.line_offset if pos else self.line_of(*keys)

    def column_of(self, *keys: Any) -> int:
        pos = self.positions.get(tuple(keys))
        return pos[1] if pos else 1


ALIAS_MESSAGE = ("YAML 别名（*名称）不受支持：请把内容直接写出来。"
                 "别名可以层层展开成极大的数据（“YAML 炸弹”），所以一律拒绝")
MAX_DEPTH = 50  # nesting deeper than this is never a real article, issue or config
# Sizes past which YAML is refused before it is parsed (PyYAML is pure Python: a 10 MB flow
# list in front matter took 87 s and 3.3 GB).  Real ones are a few KB: front matter is a few
# keys, issue.yaml a TOC of at most a hundred or so entries, config.yaml about 150 lines; a
# .yaml article holds its body too.  MAX_NODES bounds the parse of what fits (every node costs
# Python objects): an issue.yaml of 100 articles has about 300.
MAX_FRONT_MATTER = 64 * 1024
MAX_YAML_FILE = 1024 * 1024
MAX_YAML_ARTICLE = 2 * 1024 * 1024
MAX_NODES = 20000


class _Loader(yaml.SafeLoader):
    """The safe loader, refusing aliases (no expansion at all, so no alias bomb)
    and nesting deeper than MAX_DEPTH (no RecursionError on hostile input)."""

    _depth = 0
    _nodes = 0

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(None, None, ALIAS_MESSAGE, event.start_mark)
        self._nodes += 1
        if self._nodes > MAX_NODES:
            raise yaml.composer.ComposerError(None, None, f"条目超过 {MAX_NODES} 个，请简化结构", self.peek_event().start_mark)
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                event = self.peek_event()
                raise yaml.composer.ComposerError(
                    None, None, f"嵌套超过 {MAX_DEPTH} 层，请简化结构", event.start_mark)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


# YAML 1.1 reads "on"/"no"/"yes" as booleans; article text never means that.
# Keep timestamps (dates) as the safe loader does.  Copy the table first so
# PyYAML's own SafeLoader is left untouched.
_Loader.yaml_implicit_resolvers = {k: list(v) for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()}
for _first in list("yYnNoO"):
    _Loader.yaml_implicit_resolvers[_first] = [
        (tag, rx)
        for tag, rx in _Loader.yaml_implicit_resolvers.get(_first, [])
        if tag != "tag:yaml.org,2002:bool"
    ]


def _walk(node: yaml.Node, prefix: KeyPath, doc: YamlDoc) -> None:
    if isinstance(node, yaml.ScalarNode):
        doc.scalars[prefix] = node.value
        if node.style in ("|", ">"):
            doc.block_scalars.add(prefix)
    elif isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node.value)
            path = prefix + (key,)
            doc.positions[path] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            doc.value_positions[path] = (value_node.start_mark.line + 1, value_node.start_mark.column + 1)
            _walk(value_node, path, doc)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            path = prefix + (i,)
            doc.positions[path] = (item.start_mark.line + 1, item.start_mark.column + 1)
            doc.value_positions[path] = doc.positions[path]
            _walk(item, path, doc)


def _size(n: int) -> str:
    return f"{n / 1048576:.1f} MB" if n >= 1048576 else f"{n / 1024:.0f} KB"


def load_yaml(text: str, path: Path, line_offset: int = 0, error_cls: type[QcbriefError] = QcbriefError,
              max_bytes: int = MAX_YAML_FILE, what: str = "YAML 内容") -> YamlDoc:
    """Parse YAML text safely; syntax errors become QcbriefError with the line.
    Text over max_bytes (UTF-8) is refused unparsed, naming `what` it is."""
    if len(text) * 3 > max_bytes and len(text.encode("utf-8", "surrogatepass")) > max_bytes:
        size = len(text.encode("utf-8", "surrogatepass"))
        raise error_cls(f"{what}有 {_size(size)}，超过上限 {_size(max_bytes)}，未作为 YAML 解析"
                        + ("：文章信息只需 center、title 等几行，正文写在第二个“---”之后" if max_bytes == MAX_FRONT_MATTER else
                           "：请检查是否误粘贴了大段内容"), path, line_offset + 1, 1)
    doc = YamlDoc(data=None, path=path, line_offset=line_offset)
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            if node is None:
                return doc
            doc.data = loader.construct_document(node)
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 + line_offset) if mark else line_offset + 1
        col = (mark.column + 1) if mark else 0
        problem = exc.problem or exc.context or "格式错误"
        if problem == ALIAS_MESSAGE or problem.startswith(("嵌套超过", "条目超过")):
            raise error_cls(f"{'' if problem.startswith('YAML') else 'YAML '}{problem}。", path, line, col) from None
        raise error_cls(
            f"YAML 语法错误：{problem}。请检查缩进、冒号后的空格和引号是否成对。", path, line, col
        ) from None
    except yaml.YAMLError as exc:  # pragma: no cover - non-marked errors are rare
        raise error_cls(f"YAML 语法错误：{exc}", path, line_offset + 1) from None
    _walk(node, (), doc)
    return doc
