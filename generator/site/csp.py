"""The site's Content-Security-Policy, computed from the pages as built.

Material puts small scripts inside every page (theme and palette bootstrap) and so do we (lazy
search); rather than allow every inline script ('unsafe-inline'), the policy lists the SHA-256 of
each one found in the built pages. Inline event handlers and `style` attributes cannot be
allowed by hash, so the build refuses them.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import urlsplit

from generator.errors import SiteBuildError

_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.S | re.I)
_STYLE = re.compile(r"<style\b[^>]*>(.*?)</style>", re.S | re.I)
_SRC_OR_DATA = re.compile(r"\bsrc\s*=|\btype\s*=\s*[\"']?(?!text/javascript|module)[\w/+-]+", re.I)
_INLINE_ATTR = re.compile(r"<[a-zA-Z][^>]*?\s(on[a-z]+|style)\s*=", re.S)


def _digest(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def inline_hashes(html: str) -> tuple[set[str], set[str]]:
    """Hashes of the executable inline scripts and of the `<style>` elements of one page."""
    scripts = {_digest(body) for attrs, body in _SCRIPT.findall(html) if body and not _SRC_OR_DATA.search(attrs)}
    styles = {_digest(body) for body in _STYLE.findall(html)}
    return scripts, styles


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in {"http", "https"} and parts.netloc else ""


def site_policy(site_dir: Path, *, connect_to: Iterable[str] = ()) -> str:
    """The policy for every file of the built site in `site_dir`.

    `connect_to` lists URLs the pages send data to (the tracker when it lives on another host).
    """
    scripts: set[str] = set()
    styles: set[str] = set()
    for page in sorted(site_dir.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        attribute = _INLINE_ATTR.search(html)
        if attribute:
            line = html.count("\n", 0, attribute.start()) + 1
            raise SiteBuildError(f"{page.relative_to(site_dir)}:{line}: inline `{attribute.group(1)}=` attribute; "
                                 "the Content-Security-Policy forbids it (move it to a script or stylesheet)")
        page_scripts, page_styles = inline_hashes(html)
        scripts |= page_scripts
        styles |= page_styles
    connect = " ".join(["'self'", *sorted({o for o in map(_origin, connect_to) if o})])
    return "; ".join([
        "default-src 'self'",
        " ".join(["script-src 'self'", *sorted(scripts)]),
        " ".join(["style-src 'self'", *sorted(styles)]),
        "img-src 'self' data:",
        "font-src 'self'",
        f"connect-src {connect}",
        "worker-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ])
