import io
import zipfile

import pytest

from grading.files import clean_name, detect


def _zip(names):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "x")
    return buffer.getvalue()


DOCX = _zip(["[Content_Types].xml", "word/document.xml"])


@pytest.mark.parametrize(
    ("content", "kind", "extension"),
    [
        (b"%PDF-1.7\n...", "pdf", ".pdf"),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 20, "image", ".png"),
        (b"\xff\xd8\xff\xe0" + b"\0" * 20, "image", ".jpg"),
        (DOCX, "office", ".docx"),
        (b"\0\0\0\x18ftypmp42" + b"\0" * 20, "video", ".mp4"),
        (b"\0\0\0\x14ftypqt  " + b"\0" * 20, "video", ".mov"),
    ],
)
def test_accepted_kinds_are_detected_by_content(content, kind, extension):
    detected = detect(io.BytesIO(content))
    assert detected is not None
    assert (detected.kind, detected.extension) == (kind, extension)


@pytest.mark.parametrize(
    "content",
    [
        b"<!DOCTYPE html><html><script>alert(1)</script></html>",
        b"<html>%PDF-1.4",
        b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"></svg>',
        b"MZ\x90\x00" + b"\0" * 60,  # Windows executable
        b"\x7fELF\x02\x01\x01",  # Linux executable
        _zip(["evil.exe", "readme.txt"]),  # a plain archive is not unpacked, just refused
        b"",
    ],
)
def test_other_content_is_refused_whatever_the_name(content):
    assert detect(io.BytesIO(content)) is None


def test_clean_name_drops_paths_and_line_breaks():
    assert clean_name("../../etc/passwd.pdf", ".pdf") == "passwd.pdf"
    assert clean_name("..\\..\\boot.ini", ".pdf") == "boot.pdf"
    assert clean_name("report\r\nSet-Cookie: x=1.pdf", ".pdf") == "reportSet-Cookie_ x_1.pdf"
    assert clean_name("", ".png") == "evidence.png"
    assert clean_name("photo.exe", ".jpg") == "photo.jpg"
