"""DOCX writer: the bulletin as an editable Word document.

Modules: fonts (font name per role), styles (the named Chinese paragraph styles
and styles.xml, all from Layout), base (the package built in code, or the
workspace's templates/reference.docx), fields (PAGE, TOC), estimate (page model
for the TOC's cached page numbers), content (paragraphs, lists, tables, images),
front (masthead, 按语, 目录), colophon (版记), writer (write_docx).
"""

from .writer import write_docx

__all__ = ["write_docx"]
