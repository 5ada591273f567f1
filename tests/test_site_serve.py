"""`cnscd serve`: an author saves a lesson and the open page shows the change by itself."""

from __future__ import annotations

import datetime as dt
import subprocess
import time
from pathlib import Path
from typing import Any

from tests.kit import CNSCD, free_port
from tests.sitekit import MINI_PROJECT, copy_project


def test_saving_a_lesson_refreshes_the_preview(tmp_path: Path, chromium: Any) -> None:
    project = copy_project(tmp_path / "project", MINI_PROJECT)
    lesson = project / "lessons" / "thu-nghiem.yaml"
    text = lesson.read_text(encoding="utf-8").replace("2026-11-01", dt.date.today().isoformat())
    lesson.write_text(text, encoding="utf-8")
    port = free_port()
    server = subprocess.Popen([*CNSCD, "serve", "--root", str(project), "--port", str(port)],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    context = chromium.new_context(viewport={"width": 360, "height": 740})
    try:
        assert server.stdout is not None
        for line in server.stdout:
            if "Serving the preview" in line:
                break
        page = context.new_page()
        url = f"http://127.0.0.1:{port}/bai-hoc/thu-nghiem/"
        for _ in range(50):  # the server thread may need a moment after printing
            try:
                page.goto(url)
                break
            except Exception:  # noqa: BLE001 - connection refused until it listens
                time.sleep(0.1)
        old_title = page.locator("h1").inner_text()
        assert "Bài mới đã sửa" not in old_title
        # The author saves the lesson with a new Vietnamese title (the first `vi:` of the title field).
        head, _, tail = text.partition("title:")
        tail = tail.replace('vi: "', 'vi: "Bài mới đã sửa: ', 1)
        lesson.write_text(head + "title:" + tail, encoding="utf-8")
        page.locator("h1", has_text="Bài mới đã sửa").wait_for(timeout=60_000)
    finally:
        context.close()
        server.terminate()
        server.wait(timeout=30)
        if server.stdout is not None:
            server.stdout.close()
