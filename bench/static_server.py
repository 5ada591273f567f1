"""A static file server on 127.0.0.1 that gzips text like a typical host, for page-weight runs.

Text types (HTML, CSS, JS, JSON, SVG, XML, TXT) are sent gzip-compressed (level 6) when the
browser asks for it; everything gets `Cache-Control: max-age=600`. Each response is logged
(path, status, raw bytes, bytes sent) so a bench can add up what a page load cost.
Method as ../shared/peer-bench/gzserve.py; code written for this project.
"""

from __future__ import annotations

import gzip
import mimetypes
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

TEXT_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml", "application/xml")


@dataclass
class ServedLog:
    """(path, status, raw bytes, bytes sent) per response, in order."""

    entries: list[tuple[str, int, int, int]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, path: str, status: int, raw: int, sent: int) -> None:
        with self.lock:
            self.entries.append((path, status, raw, sent))

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()


def _handler(root: Path, log: ServedLog) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
            return

        def do_GET(self) -> None:  # noqa: N802 - stdlib name
            rel = unquote(urlsplit(self.path).path)
            target = (root / rel.lstrip("/")).resolve()
            if target.is_dir():
                if not rel.endswith("/"):
                    self.send_response(301)
                    self.send_header("Location", rel + "/")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    log.add(rel, 301, 0, 0)
                    return
                target = target / "index.html"
            if not target.is_relative_to(root) or not target.is_file():
                body = b"not found"
                self.send_response(404)
                self.send_header("Content-Type", "text/plain")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                log.add(rel, 404, 0, len(body))
                return
            data = target.read_bytes()
            ctype = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
            raw = len(data)
            compress = ctype.startswith(TEXT_TYPES) and "gzip" in self.headers.get("Accept-Encoding", "")
            if compress:
                data = gzip.compress(data, compresslevel=6, mtime=0)
            self.send_response(200)
            self.send_header("Content-Type", ctype + ("; charset=utf-8" if ctype.startswith("text/") else ""))
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "max-age=600")
            if compress:
                self.send_header("Content-Encoding", "gzip")
                self.send_header("Vary", "Accept-Encoding")
            self.end_headers()
            self.wfile.write(data)
            log.add(rel, 200, raw, len(data))

    return Handler


@contextmanager
def serve(root: Path, port: int = 0) -> Iterator[tuple[str, ServedLog]]:
    """Serve `root` on 127.0.0.1 in a background thread; yields (base URL, log)."""
    log = ServedLog()
    server = ThreadingHTTPServer(("127.0.0.1", port), _handler(root.resolve(), log))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", log
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
