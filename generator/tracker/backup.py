"""A consistent copy of a live SQLite tracker database.

Copying `tracker.db` with `cp` while the tracker runs misses what still sits in its write-ahead
log (`tracker.db-wal`) and may catch a half-written page. SQLite's online backup copies every
committed page through the database itself, so the copy is whole even under writes. The copy
is written beside the target and moved into place (never half a backup), with the mode the
user's umask gives (it holds personal data).
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from pathlib import Path

from generator.outputs import umask_mode


def backup_sqlite(url: str, out: Path) -> int:
    """Back up the SQLite database at `url` (sqlite:///PATH) into `out`; returns the page count."""
    source_path = url.split("///", 1)[1]
    out = out.absolute()
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp")
    os.close(fd)
    try:
        source = sqlite3.connect(f"file:{source_path}?mode=ro", uri=True, timeout=30)
        target = sqlite3.connect(tmp_name)
        try:
            source.backup(target)
            target.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
            pages = int(target.execute("PRAGMA page_count").fetchone()[0])
            ok = target.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            target.close()
            source.close()
        if ok != "ok":
            raise RuntimeError(f"the backup failed its integrity check: {ok}")
        with open(tmp_name, "rb") as handle:
            os.fsync(handle.fileno())
        os.chmod(tmp_name, umask_mode())
        os.replace(tmp_name, out)
        return pages
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
