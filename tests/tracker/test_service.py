"""The service around the API: settings, rate limits, CORS, migrations, serving the site."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.kit import run_cnscd
from tests.tracker.kit import Tracker, add_trainer, attempt_body, bearer, count_attempts, seed

PASSWORD = "mat-khau-du-dai-1"


def test_settings_from_the_environment_name_the_bad_variable(tmp_path: Path) -> None:
    from generator.errors import UsageError
    from generator.tracker.config import Rate, config_from_env

    config = config_from_env({"CNSCD_MAX_BODY_BYTES": "1024", "CNSCD_SUBMIT_RATE": "5/10", "CNSCD_MIGRATE": "no"})
    assert (config.max_body_bytes, config.submit_rate, config.migrate) == (1024, Rate(5, 10), False)
    cases = {
        "CNSCD_MAX_BODY_BYTES": ("64k", "CNSCD_MAX_BODY_BYTES='64k': expected a whole number, e.g. 65536"),
        "CNSCD_SUBMIT_RATE": ("often", "CNSCD_SUBMIT_RATE='often': expected COUNT/SECONDS, e.g. 30/60 for 30 per minute"),
        "CNSCD_MIGRATE": ("maybe", "CNSCD_MIGRATE='maybe': expected true or false"),
        "CNSCD_SITE_ORIGIN": ("example.vn", "CNSCD_SITE_ORIGIN='example.vn': expected a URL starting with http:// or https://"),
    }
    for name, (value, message) in cases.items():
        with pytest.raises(UsageError) as raised:
            config_from_env({name: value})
        assert str(raised.value) == message


def test_serve_reports_a_bad_setting_with_exit_code_2(tmp_path: Path) -> None:
    result = run_cnscd("tracker", "serve", "--root", "tests/tracker/library", "--db", str(tmp_path / "t.db"),
                       env={"CNSCD_LOGIN_RATE": "ten"})
    assert result.returncode == 2
    assert result.stderr == "Error: CNSCD_LOGIN_RATE='ten': expected COUNT/SECONDS, e.g. 30/60 for 30 per minute\n"


def test_serve_reports_a_busy_port_and_an_unreachable_database(tmp_path: Path) -> None:
    assert run_cnscd("tracker", "migrate", "--root", "tests/tracker/library", "--db", str(tmp_path / "t.db")).returncode == 0
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = run_cnscd("tracker", "serve", "--root", "tests/tracker/library", "--db", str(tmp_path / "t.db"), "--port", str(port))
    assert result.returncode == 2
    assert f"Error: port {port} on 127.0.0.1 is already in use; stop the other server or pass --port" in result.stderr
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        nowhere = closed.getsockname()[1]
    result = run_cnscd("tracker", "migrate", "--root", "tests/tracker/library", "--db", f"postgresql://u:secret@127.0.0.1:{nowhere}/x")
    assert result.returncode == 2
    assert result.stderr.startswith(f"Error: cannot open the database postgresql+psycopg://u:***@127.0.0.1:{nowhere}/x: ")
    assert "secret" not in result.stderr


def test_migrations_build_exactly_the_models_schema(db_url: str) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from generator.tracker.config import normalize_db_url
    from generator.tracker.db import Database
    from generator.tracker.tables import Base

    db = Database(normalize_db_url(db_url, Path(".")))
    db.migrate()
    db.migrate()  # a second run is a no-op
    with db.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    db.dispose()
    assert differences == []


@pytest.fixture(scope="module")
def limited(tmp_path_factory: pytest.TempPathFactory) -> tuple[Tracker, dict[str, str], str]:
    folder = tmp_path_factory.mktemp("limited")
    db = str(folder / "t.db")
    seeded = seed(db)
    env = {"CNSCD_SUBMIT_RATE": "3/600", "CNSCD_LOGIN_RATE": "3/600", "CNSCD_SITE_ORIGIN": "https://cnscd.example.vn"}
    tracker = Tracker(db, folder / "server.log", env=env).start()
    yield tracker, seeded.tokens, db  # type: ignore[misc]
    tracker.stop()


def test_submissions_are_rate_limited_per_member(limited: tuple[Tracker, dict[str, str], str]) -> None:
    tracker, tokens, db = limited
    token, other = tokens["Nguyễn Văn An"], tokens["Trần Thị Bình"]
    statuses = [httpx.post(tracker.url + "api/attempts", json=attempt_body(), headers=bearer(token), timeout=10).status_code for _ in range(4)]
    assert statuses == [201, 201, 201, 429]
    refused = httpx.post(tracker.url + "api/attempts", json=attempt_body(), headers=bearer(token), timeout=10)
    assert refused.json()["error"]["code"] == "rate_limited"
    assert 0 < int(refused.headers["retry-after"]) <= 600
    assert count_attempts(db) == 3
    # Another member is not affected.
    assert httpx.post(tracker.url + "api/attempts", json=attempt_body(), headers=bearer(other), timeout=10).status_code == 201


def test_failed_logins_are_slowed_down(limited: tuple[Tracker, dict[str, str], str]) -> None:
    tracker, _, _ = limited
    with httpx.Client(base_url=tracker.url, timeout=10) as http:
        statuses = []
        for _ in range(4):
            form = http.get("quan-ly/dang-nhap")
            login_csrf = form.text.split('name="login_csrf" value="', 1)[1].split('"', 1)[0]
            statuses.append(http.post("quan-ly/dang-nhap", data={"username": "ai-do", "password": "sai-mat-khau", "login_csrf": login_csrf}).status_code)
    assert statuses == [401, 401, 401, 429]


def try_login(http: httpx.Client, username: str, password: str, address: str | None = None) -> int:
    form = http.get("quan-ly/dang-nhap")
    login_csrf = form.text.split('name="login_csrf" value="', 1)[1].split('"', 1)[0]
    headers = {"X-Forwarded-For": address} if address else {}
    data = {"username": username, "password": password, "login_csrf": login_csrf}
    return http.post("quan-ly/dang-nhap", data=data, headers=headers).status_code


@pytest.fixture(scope="module")
def behind_proxy(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Tracker]:
    """A tracker behind a reverse proxy on 127.0.0.1 (so X-Forwarded-For names the client)."""
    folder = tmp_path_factory.mktemp("proxy")
    db = str(folder / "t.db")
    seed(db)
    for name in ("ba-dinh", "ngoc-ha", "tay-ho"):
        add_trainer(db, name, PASSWORD, ["00004"])
    tracker = Tracker(db, folder / "server.log", env={"CNSCD_LOGIN_RATE": "3/600", "CNSCD_TRUSTED_PROXIES": "127.0.0.1"}).start()
    yield tracker
    tracker.stop()


def test_a_stranger_guessing_does_not_lock_the_owner_or_their_neighbours_out(behind_proxy: Tracker) -> None:
    with httpx.Client(base_url=behind_proxy.url, timeout=10) as stranger:
        statuses = [try_login(stranger, "ba-dinh", "doan-mo-mat-khau", "203.0.113.9") for _ in range(4)]
    assert statuses == [401, 401, 401, 429]  # the guesser is slowed down...
    with httpx.Client(base_url=behind_proxy.url, timeout=10) as owner:
        assert try_login(owner, "ba-dinh", PASSWORD, "198.51.100.7") == 303  # ...the owner elsewhere is not
    with httpx.Client(base_url=behind_proxy.url, timeout=10) as neighbour:  # nor a trainer behind the same address
        assert try_login(neighbour, "ngoc-ha", PASSWORD, "203.0.113.9") == 303


def test_a_known_device_logs_in_while_someone_guesses_from_the_same_address(behind_proxy: Tracker) -> None:
    with httpx.Client(base_url=behind_proxy.url, timeout=10) as owner:
        assert try_login(owner, "tay-ho", PASSWORD, "192.0.2.1") == 303
        with httpx.Client(base_url=behind_proxy.url, timeout=10) as stranger:
            assert [try_login(stranger, "tay-ho", "sai-mat-khau-1", "192.0.2.1") for _ in range(4)][-1] == 429
        owner.cookies.delete("cnscd_session", path="/quan-ly")
        assert try_login(owner, "tay-ho", PASSWORD, "192.0.2.1") == 303


def test_x_forwarded_for_is_ignored_from_an_unconfigured_proxy(limited: tuple[Tracker, dict[str, str], str]) -> None:
    tracker, _, _ = limited
    with httpx.Client(base_url=tracker.url, timeout=10) as http:
        statuses = [try_login(http, "ai-khac", "sai-mat-khau", f"198.51.100.{n}") for n in range(4)]
    assert statuses == [401, 401, 401, 429]  # a new forged address each time does not buy new tries


def test_cors_allows_only_the_configured_site_origin(limited: tuple[Tracker, dict[str, str], str]) -> None:
    tracker, _, _ = limited
    preflight = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "authorization,content-type"}
    allowed = httpx.options(tracker.url + "api/attempts", headers={"Origin": "https://cnscd.example.vn", **preflight}, timeout=10)
    other = httpx.options(tracker.url + "api/attempts", headers={"Origin": "https://evil.example", **preflight}, timeout=10)
    assert allowed.status_code == 200
    assert allowed.headers["access-control-allow-origin"] == "https://cnscd.example.vn"
    assert "access-control-allow-origin" not in other.headers
    simple = httpx.get(tracker.url + "api/health", headers={"Origin": "https://evil.example"}, timeout=10)
    assert "access-control-allow-origin" not in simple.headers


def test_the_tracker_serves_a_site_folder_beside_the_api(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "bai-hoc" / "x").mkdir(parents=True)
    (site / "index.html").write_text("<h1>Trang chủ</h1>", encoding="utf-8")
    (site / "bai-hoc" / "x" / "index.html").write_text("<h1>Bài</h1>", encoding="utf-8")
    tracker = Tracker(str(tmp_path / "t.db"), tmp_path / "server.log", site_dir=site).start()
    try:
        assert "Trang chủ" in httpx.get(tracker.url, timeout=10).text
        assert "Bài" in httpx.get(tracker.url + "bai-hoc/x/", timeout=10).text
        assert httpx.get(tracker.url + "khong-co/", timeout=10).status_code == 404
        api_missing = httpx.get(tracker.url + "api/khong-co", timeout=10)
        assert api_missing.json()["error"]["code"] == "not_found"
        assert httpx.get(tracker.url + "quan-ly/", timeout=10, follow_redirects=False).headers["location"] == "/quan-ly/dang-nhap"
    finally:
        tracker.stop()


def test_settings_pass_to_worker_processes_unchanged() -> None:
    from generator.tracker.config import TrackerConfig, config_from_env, config_to_env

    config = TrackerConfig(root=Path("/srv/cnscd"), db_url="postgresql://u@h/db", site_dir=None, migrate=False)
    assert config_from_env(config_to_env(config)) == config


def test_a_lost_database_answers_503_with_retry_after_and_logs_one_traceback(postgres: object, tmp_path: Path) -> None:
    import psycopg

    url = postgres.new_database()  # type: ignore[attr-defined]
    token = seed(url).tokens["Nguyễn Văn An"]
    tracker = Tracker(url, tmp_path / "server.log").start()
    try:
        name = url.rsplit("/", 1)[1]
        admin = url.rsplit("/", 1)[0].replace("postgresql://", "").split("@")
        with psycopg.connect(f"host=127.0.0.1 port={admin[1].split(':')[1]} user={admin[0]} dbname=postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        answers = [httpx.post(tracker.url + "api/attempts", json=attempt_body(), headers=bearer(token), timeout=20) for _ in range(3)]
        for response in answers:
            assert response.status_code == 503
            assert response.json()["error"]["code"] == "unavailable"
            assert response.headers["retry-after"] == "10"
        assert httpx.get(tracker.url + "api/health", timeout=10).status_code == 200  # the process still answers
    finally:
        tracker.stop()
    log = tracker.log()
    assert log.count("-> 503 database unavailable") == 3
    assert log.count("first traceback of this cause") == 1
    assert "Traceback" not in log.split("-> 503 database unavailable", 2)[2]  # none after the first failure's


def test_backup_copies_a_live_database_with_what_waits_in_its_log(tmp_path: Path) -> None:
    import shutil
    import sqlite3

    db = str(tmp_path / "t.db")
    token = seed(db).tokens["Nguyễn Văn An"]
    tracker = Tracker(db, tmp_path / "server.log").start()
    try:
        for _ in range(3):
            assert httpx.post(tracker.url + "api/attempts", json=attempt_body(), headers=bearer(token), timeout=10).status_code == 201
        shutil.copy(db, tmp_path / "copied.db")  # what `cp` gives while the tracker runs: the log is not in it
        result = run_cnscd("tracker", "backup", "--root", "tests/tracker/library", "--db", db, "--out", str(tmp_path / "backup.db"))
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith(f"wrote {tmp_path / 'backup.db'}: a consistent copy (")
    finally:
        tracker.stop()
    with sqlite3.connect(tmp_path / "backup.db") as backup:
        assert backup.execute("SELECT count(*) FROM attempts").fetchone()[0] == 3
    assert not (tmp_path / "backup.db-wal").exists()
    with sqlite3.connect(tmp_path / "copied.db") as copied:
        assert copied.execute("SELECT count(*) FROM attempts").fetchone()[0] < 3  # why `cp` is not a backup
    restored = run_cnscd("tracker", "member", "list", "--root", "tests/tracker/library", "--db", str(tmp_path / "backup.db"))
    assert restored.returncode == 0 and "Nguyễn Văn An" in restored.stdout
    pg = run_cnscd("tracker", "backup", "--root", "tests/tracker/library", "--db", "postgresql://u@127.0.0.1:1/x", "--out", str(tmp_path / "x"))
    assert pg.returncode == 2 and "pg_dump --format=custom" in pg.stderr
