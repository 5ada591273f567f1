"""The built site as an ASGI app: precompressed files, validators, cache and security headers.

`cnscd build` writes a `.br` and a `.gz` beside every text file (:mod:`generator.site.precompress`)
and the page's Content-Security-Policy into `content-security-policy.txt`. This app serves the
smallest variant the client accepts (`Vary: Accept-Encoding`), answers `If-None-Match` and
`If-Modified-Since` with 304, marks fingerprinted assets (`main.57a0d79d.min.css`) immutable for a
year and has everything else revalidated, and sends the policy and `nosniff` with every file.
"""

from __future__ import annotations

import mimetypes
import os
import re
import stat
from email.utils import formatdate, parsedate_to_datetime
from pathlib import Path

from starlette.exceptions import HTTPException
from starlette.responses import FileResponse, PlainTextResponse, RedirectResponse, Response
from starlette.types import Receive, Scope, Send

from generator.urls import API_PREFIX, CSP_FILE

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
# A content hash in the file name (Material's `bundle.a5f9d56c.min.js`, ours `site.3f2a9c1e.css`).
_FINGERPRINTED = re.compile(r"\.[0-9a-f]{8,}\.(?:min\.)?(?:js|css)$")
# Tried in order of size: brotli beats gzip on text.
_ENCODINGS = (("br", ".br"), ("gzip", ".gz"))
FALLBACK_POLICY = ("default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; "
                   "form-action 'self'; frame-ancestors 'none'")
# Files that are not pages (scripts, styles, data, SVG opened on its own) get a short strict policy:
# the page's long list of script hashes would only add a kilobyte of headers to every response.
FILE_POLICY = "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"

mimetypes.add_type("application/manifest+json", ".webmanifest")
mimetypes.add_type("image/svg+xml", ".svg")


def cache_control(path: str) -> str:
    """Fingerprinted assets never change under their name; everything else is revalidated."""
    return IMMUTABLE if _FINGERPRINTED.search(path) else REVALIDATE


def accepted_encodings(header: str) -> set[str]:
    """Content codings the client accepts (`q=0` refuses one)."""
    accepted: set[str] = set()
    for part in header.split(","):
        name, _, params = part.strip().partition(";")
        quality = params.strip()
        if quality.startswith("q=") and quality[2:].strip() in {"0", "0.0", "0.00", "0.000"}:
            continue
        if name.strip():
            accepted.add(name.strip().lower())
    return accepted


def _etag(st: os.stat_result, encoding: str) -> str:
    return f'"{st.st_size:x}-{st.st_mtime_ns:x}{"-" + encoding if encoding else ""}"'


def _not_modified(headers: dict[str, str], etag: str, st: os.stat_result) -> bool:
    if_none_match = headers.get("if-none-match")
    if if_none_match is not None:
        tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
        return etag in tags or "*" in tags
    if_modified_since = headers.get("if-modified-since")
    if if_modified_since:
        try:
            return int(st.st_mtime) <= parsedate_to_datetime(if_modified_since).timestamp()
        except (TypeError, ValueError):
            return False
    return False


class SiteFiles:
    """Serve `directory` like a static host: `dir/` -> `dir/index.html`, unknown paths -> `404.html`."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory.resolve()
        policy_file = self.directory / CSP_FILE
        policy = policy_file.read_text(encoding="utf-8").strip() if policy_file.is_file() else ""
        self.policy = policy or FALLBACK_POLICY

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        assert scope["type"] == "http"
        response = self.respond(scope)
        await response(scope, receive, send)

    def respond(self, scope: Scope) -> Response:
        method = scope["method"]
        relative = scope["path"][len(scope.get("root_path", "")):] if scope.get("root_path") else scope["path"]
        if relative == API_PREFIX or relative.startswith(API_PREFIX + "/"):
            # Not a file: the app answers in the API's JSON error shape.
            raise HTTPException(404 if method in {"GET", "HEAD"} else 405)
        if method not in {"GET", "HEAD"}:
            return self._plain(405, "Method Not Allowed", {"Allow": "GET, HEAD"})
        found = self._lookup(relative)
        if found is None:
            missing = self.directory / "404.html"
            if missing.is_file():
                return self._file(scope, missing, "404.html", status=404)
            return self._plain(404, "Not Found")
        if found.is_dir():
            if not relative.endswith("/"):
                query = scope.get("query_string", b"").decode("latin-1")
                return RedirectResponse(relative + "/" + ("?" + query if query else ""), status_code=307,
                                        headers=self._security())
            found = found / "index.html"
            if not found.is_file():
                return self._file(scope, self.directory / "404.html", "404.html", status=404)
        return self._file(scope, found, found.relative_to(self.directory).as_posix())

    def _lookup(self, relative: str) -> Path | None:
        parts = [p for p in relative.split("/") if p]
        if any(p in {".", ".."} or p.startswith(".") or "\\" in p or "\x00" in p for p in parts):
            return None
        candidate = self.directory.joinpath(*parts)
        try:
            resolved = candidate.resolve()
        except (OSError, RuntimeError):
            return None
        if not resolved.is_relative_to(self.directory) or not resolved.exists():
            return None
        return resolved

    def _security(self, page: bool = True) -> dict[str, str]:
        return {"Content-Security-Policy": self.policy if page else FILE_POLICY, "X-Content-Type-Options": "nosniff"}

    def _plain(self, status: int, text: str, extra: dict[str, str] | None = None) -> Response:
        return PlainTextResponse(text, status_code=status, headers={**self._security(), **(extra or {})})

    def _file(self, scope: Scope, path: Path, site_path: str, *, status: int = 200) -> Response:
        request_headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        accepted = accepted_encodings(request_headers.get("accept-encoding", ""))
        st = path.stat()
        chosen, encoding = path, ""
        for name, suffix in _ENCODINGS:
            sibling = path.with_name(path.name + suffix)
            if name in accepted and sibling.is_file():
                sibling_st = sibling.stat()
                if sibling_st.st_mtime_ns >= st.st_mtime_ns:  # a stale sibling is never served
                    chosen, encoding = sibling, name
                    break
        served_st = chosen.stat()
        etag = _etag(st, encoding)
        media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if media_type.startswith("text/") or media_type in {"application/javascript", "application/json", "image/svg+xml"}:
            media_type += "; charset=utf-8"
        headers = {
            **self._security(page=path.suffix == ".html"),
            "Cache-Control": cache_control(site_path) if status == 200 else REVALIDATE,
            "ETag": etag,
            "Last-Modified": formatdate(st.st_mtime, usegmt=True),
            "Vary": "Accept-Encoding",
        }
        if status == 200 and _not_modified(request_headers, etag, st):
            return Response(status_code=304, headers=headers)
        if encoding:
            headers["Content-Encoding"] = encoding
        if not stat.S_ISREG(served_st.st_mode):
            return self._plain(404, "Not Found")
        return FileResponse(chosen, status_code=status, headers=headers, media_type=media_type,
                            stat_result=served_st)
