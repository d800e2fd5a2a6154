"""Educator rich text, cleaned to a small set of tags."""

import re

import nh3
from django.utils.html import escape

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "b",
    "i",
    "u",
    "ul",
    "ol",
    "li",
    "blockquote",
    "h3",
    "h4",
}
ALLOWED_TAGS.add("a")


def sanitise_html(text: str) -> str:
    """Educator rich text, cleaned; plain text keeps its paragraphs."""
    text = (text or "").strip()
    if text and not re.search(r"<[a-zA-Z/]", text):
        paragraphs = [p for p in re.split(r"\r?\n\s*\r?\n", text) if p.strip()]
        text = "".join(
            "<p>" + escape(p.strip()).replace("\r\n", "<br>").replace("\n", "<br>") + "</p>"
            for p in paragraphs
        )
    return nh3.clean(
        text,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    ).strip()
