"""Evidence file checks: the type comes from the content (magic bytes), never from the name.

A small signature table rather than libmagic: it accepts only the few kinds educators need
(PDF, Office documents, images, short video) and refuses everything else, HTML and SVG
included, whatever the file is called. Office Open XML files are ZIP containers; their
central directory is read to tell a .docx from any other archive, and nothing is unpacked.
"""

import re
import unicodedata
import zipfile
from dataclasses import dataclass

HEAD_BYTES = 4096


@dataclass(frozen=True)
class Detected:
    kind: str  # one of grading.models.FILE_KINDS
    content_type: str
    extension: str


_OOXML_TYPE = "application/vnd.openxmlformats-officedocument."
_OOXML = (
    ("word/", Detected("office", _OOXML_TYPE + "wordprocessingml.document", ".docx")),
    ("xl/", Detected("office", _OOXML_TYPE + "spreadsheetml.sheet", ".xlsx")),
    ("ppt/", Detected("office", _OOXML_TYPE + "presentationml.presentation", ".pptx")),
)

_VIDEO_BRANDS = {
    b"isom": Detected("video", "video/mp4", ".mp4"),
    b"iso2": Detected("video", "video/mp4", ".mp4"),
    b"mp41": Detected("video", "video/mp4", ".mp4"),
    b"mp42": Detected("video", "video/mp4", ".mp4"),
    b"avc1": Detected("video", "video/mp4", ".mp4"),
    b"M4V ": Detected("video", "video/mp4", ".m4v"),
    b"qt  ": Detected("video", "video/quicktime", ".mov"),
}


def _ooxml(fileobj) -> Detected | None:
    fileobj.seek(0)
    try:
        with zipfile.ZipFile(fileobj) as archive:
            names = archive.namelist()  # the central directory only; nothing is extracted
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    for prefix, detected in _OOXML:
        if any(name.startswith(prefix) for name in names):
            return detected
    return None


def detect(fileobj) -> Detected | None:
    """What the file is, by its first bytes; None for anything not accepted."""
    fileobj.seek(0)
    head = fileobj.read(HEAD_BYTES)
    fileobj.seek(0)
    if head.startswith(b"%PDF-"):
        return Detected("pdf", "application/pdf", ".pdf")
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return Detected("image", "image/png", ".png")
    if head.startswith(b"\xff\xd8\xff"):
        return Detected("image", "image/jpeg", ".jpg")
    if head.startswith((b"GIF87a", b"GIF89a")):
        return Detected("image", "image/gif", ".gif")
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return Detected("image", "image/webp", ".webp")
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        # Legacy Word/Excel/PowerPoint (OLE2 compound file).
        return Detected("office", "application/msword", ".doc")
    if head.startswith(b"PK\x03\x04"):
        return _ooxml(fileobj)
    if head[4:8] == b"ftyp":
        return _VIDEO_BRANDS.get(head[8:12])
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return Detected("video", "video/webm", ".webm")
    return None


_UNSAFE = re.compile(r"[^\w.\- ()]+", re.UNICODE)


def clean_name(name: str, extension: str) -> str:
    """A display/download name: no path, no control characters, the detected extension."""
    name = unicodedata.normalize("NFKC", name or "")
    name = re.split(r"[\\/]", name)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = _UNSAFE.sub("_", name).strip(" ._")
    stem = name.rsplit(".", 1)[0] if "." in name else name
    stem = stem.strip(" ._")[:100] or "evidence"
    return f"{stem}{extension}"
