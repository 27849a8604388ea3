"""Placeholder: the source-text view for typography rules (to be replaced)."""


def text_docs(loaded):
    return []
