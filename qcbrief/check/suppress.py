"""Placeholder: inline suppression comments (to be replaced)."""


def is_suppressed(finding, sources) -> bool:
    return False
