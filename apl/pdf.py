"""WeasyPrint without the network: every PDF the project renders loads only its own files."""

from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings

STATIC_DIR = (Path(settings.BASE_DIR) / "static").resolve()
FONT_DIR = STATIC_DIR / "fonts"


def local_fetcher(root: Path, *, allow_data: bool = False):
    """A URL fetcher that serves files under ``root`` (and data: URIs if allowed) only."""
    from weasyprint.urls import URLFetcher

    class LocalOnly(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("file:"):
                path = Path(unquote(urlsplit(url).path)).resolve()
                if not (path.is_relative_to(root) and path.is_file()):
                    raise ValueError(
                        f"refused to fetch {url[:80]!r}: outside the {root.name} folder"
                    )
            elif not (allow_data and url.startswith("data:")):
                raise ValueError(f"refused to fetch {url[:80]!r}: only local files are allowed")
            return super().fetch(url, headers)

    protocols = ("file", "data") if allow_data else ("file",)
    return LocalOnly(allowed_protocols=protocols, allow_redirects=False, fail_on_errors=True)
