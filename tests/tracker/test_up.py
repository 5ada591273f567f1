"""`cnscd up`, the README's main command: build, migrate, serve site + tracker + dashboard in one process."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time
from pathlib import Path

import httpx

from tests.kit import CNSCD, PROJECT_ROOT, dashboard_login, free_port
from tests.sitekit import copy_project
from tests.tracker.kit import LIBRARY


def start_up(project: Path, port: int, *extra: str) -> tuple[subprocess.Popen[str], str]:
    process = subprocess.Popen([*CNSCD, "up", "--root", str(project), "--port", str(port), *extra], cwd=PROJECT_ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=os.environ.copy())
    assert process.stdout is not None
    output = ""
    deadline = time.monotonic() + 300
    while "Press Ctrl+C to stop." not in output:
        line = process.stdout.readline()
        assert line or process.poll() is None, output
        output += line
        assert time.monotonic() < deadline, output
    while True:  # the banner comes just before uvicorn binds the port
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=2).status_code == 200:
                return process, output
        except httpx.HTTPError:
            time.sleep(0.1)
        assert time.monotonic() < deadline and process.poll() is None, output


def stop(process: subprocess.Popen[str]) -> int:
    process.send_signal(signal.SIGINT)
    try:
        return process.wait(timeout=30)
    finally:
        if process.stdout:
            process.stdout.close()


def test_up_demo_shows_the_whole_loop(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project", LIBRARY)
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    process, banner = start_up(project, port, "--demo")
    try:
        assert f"  Site (Trang học):          {base}" in banner
        assert f"  Dashboard (Quản lý):       {base}quan-ly/" in banner
        username, password = re.search(r"trainer login:   (\S+) / (\S+)", banner).groups()  # type: ignore[union-attr]
        link = re.search(rf"({re.escape(base)}ghi-danh/#t=\S+)", banner)[1]  # type: ignore[index]
        # The site, its quiz assets and data, the enrollment page: all from the one process.
        assert httpx.get(base, timeout=10).status_code == 200
        assert httpx.get(base + "ghi-danh/", timeout=10).status_code == 200
        assert httpx.get(base + "assets/cnscd/quiz.js", timeout=10).status_code == 200
        assert httpx.get(base + "assets/quizzes/khoa-man-hinh.json", timeout=10).json()["lesson"] == "khoa-man-hinh"
        assert (project / "dist" / "site" / "tai-ve").is_dir()  # the printables were built too
        me = httpx.get(base + "api/me", headers={"Authorization": "Bearer " + link.split("#t=")[1]}, timeout=10)
        assert me.json()["member"]["name"] == "Nguyễn Thị Mai (demo)"
        client, _ = dashboard_login(base, username, password)
        try:
            assert "Xã Mẫu (demo)" in client.get("quan-ly/").text
        finally:
            client.close()
    finally:
        assert stop(process) == 0
    assert (project / "var" / "tracker.db").is_file()

    # Again, without rebuilding: the demo login changes (shown once), the old link is replaced.
    process, banner = start_up(project, port, "--demo", "--no-build")
    try:
        assert "building the site" not in banner
        assert re.search(r"trainer login:   demo / (\S+)", banner)[1] != password  # type: ignore[index]
        old = httpx.get(base + "api/me", headers={"Authorization": "Bearer " + link.split("#t=")[1]}, timeout=10)
        assert old.json()["error"]["code"] == "token_revoked"
    finally:
        stop(process)


def test_up_without_demo_says_how_to_start(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project", LIBRARY)
    (project / "dist" / "site").mkdir(parents=True)
    (project / "dist" / "site" / "index.html").write_text("<p>site</p>", encoding="utf-8")
    port = free_port()
    process, banner = start_up(project, port, "--no-build")
    try:
        assert "No trainer account yet. To try the whole loop with demo data:  cnscd up --demo" in banner
        assert "trainer login" not in banner
    finally:
        stop(process)
    result = subprocess.run([*CNSCD, "up", "--root", str(tmp_path / "nowhere"), "--no-build"], capture_output=True, text=True, cwd=PROJECT_ROOT)
    assert result.returncode == 2 and "no lessons/ folder here" in result.stderr
