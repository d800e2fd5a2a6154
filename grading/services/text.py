"""Educators' written responses: stored as plain text, exactly as typed.

One form everywhere: the textarea edits the stored text, and pages show it escaped with
its paragraphs and line breaks (Django's ``linebreaks``), so no markup is ever shown raw
or run.
"""

import html
import re

_BLOCK_END = re.compile(r"</(p|li|h3|h4|blockquote|ul|ol)\s*>", re.IGNORECASE)
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_ITEM = re.compile(r"<li\b[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"</?[a-zA-Z][^>]*>")


def response_text(text: str) -> str:
    """What the educator typed, with line endings normalised and outer blank space trimmed."""
    lines = (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip()


def text_from_html(value: str) -> str:
    """Plain text from the rich-text HTML responses were once stored as."""
    if not re.search(r"<[a-zA-Z/]", value or ""):
        return value or ""
    value = _ITEM.sub("- ", value)
    value = _BREAK.sub("\n", value)
    value = _BLOCK_END.sub("\n\n", value)
    value = html.unescape(_TAG.sub("", value))
    return re.sub(r"\n{3,}", "\n\n", response_text(value))
