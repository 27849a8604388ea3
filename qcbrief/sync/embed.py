"""Called by the DOCX writer at the end of a build: place the anchors and embed
the manifest (what the DOCX was built from) in its custom properties."""

from __future__ import annotations

from ..write.docx.anchors import SyncAnchors, add_custom_properties
from .manifest import build_manifest, encode
from .regions import split_regions
from .reviewed import read_body, style_names


def embed_manifest(document, bulletin, wording, layout, anchors: SyncAnchors) -> None:
    anchors.apply()
    paras = read_body(document.element.body, style_names(document.styles.element))
    fixed = {name: [paras[i].accept for i in idx if paras[i].accept.strip()]
             for name, idx in split_regions(paras) if name[:1] in ("m", "t", "c", "s")}
    add_custom_properties(document, encode(build_manifest(bulletin, wording, layout, fixed)))
