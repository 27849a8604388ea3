"""PDF writer (reportlab): see document.write_pdf."""

from .document import write_pdf

__all__ = ["write_pdf"]
