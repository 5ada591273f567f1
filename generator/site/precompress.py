"""Compressed siblings of a built site's text files, so any static host can serve them as they are.

Each `page.html` gets `page.html.br` (brotli) and `page.html.gz` (gzip) when that saves bytes.
Fingerprinted assets, the same in every build, get the strongest (slow) brotli level once and
are then taken from a cache keyed by their content; pages use a fast level that compresses a
whole site in well under a second.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import re
from pathlib import Path

import brotli

from generator.outputs import write_atomic

COMPRESSIBLE = frozenset({".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".webmanifest", ".map"})
MIN_BYTES = 256
_FINGERPRINTED = re.compile(r"\.[0-9a-f]{8,}\.(?:min\.)?(?:js|css)$")
_FAST_BROTLI = 5
_BEST_BROTLI = 11


def _brotli(data: bytes, quality: int, cache_dir: Path | None) -> bytes:
    if cache_dir is None or quality < _BEST_BROTLI:
        return bytes(brotli.compress(data, quality=quality))
    cached = cache_dir / f"{hashlib.sha256(data).hexdigest()}.br"
    if cached.is_file():
        return cached.read_bytes()
    packed = bytes(brotli.compress(data, quality=quality))
    write_atomic(cached, packed)
    return packed


def precompress(site_dir: Path, *, cache_dir: Path | None = None) -> int:
    """Write `.br` and `.gz` beside every text file of `site_dir`; returns how many files got them.

    Siblings carry the mtime of their file, so a server can tell a stale sibling from a fresh one.
    """
    count = 0
    for path in sorted(site_dir.rglob("*")):
        if path.suffix not in COMPRESSIBLE or not path.is_file():
            continue
        data = path.read_bytes()
        if len(data) < MIN_BYTES:
            continue
        best = _FINGERPRINTED.search(path.name) is not None
        variants = {
            ".br": _brotli(data, _BEST_BROTLI if best else _FAST_BROTLI, cache_dir),
            ".gz": gzip.compress(data, compresslevel=9, mtime=0),
        }
        stamp = path.stat()
        wrote = False
        for suffix, packed in variants.items():
            if len(packed) < len(data):
                sibling = path.with_name(path.name + suffix)
                sibling.write_bytes(packed)
                os.utime(sibling, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
                wrote = True
        count += wrote
    return count
