"""Killing the tracker (SIGKILL) during a load of submissions loses no acknowledged attempt."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import httpx

from tests.tracker.kit import Tracker, attempt_body, attempt_ids, bearer, seed


def test_sigkill_under_load_loses_no_acknowledged_attempt(db_url: str, tmp_path: Path) -> None:
    seeded = seed(db_url)
    tokens = list(seeded.tokens.values())
    tracker = Tracker(db_url, tmp_path / "server.log", env={"CNSCD_SUBMIT_RATE": "100000/60"}).start()
    acknowledged: dict[str, dict[str, object]] = {}  # attempt id -> (body, token) of each 201
    sent: set[str] = set()
    lock = threading.Lock()
    enough = threading.Event()
    stop = threading.Event()

    def client(number: int) -> None:
        token = tokens[number % len(tokens)]
        with httpx.Client(timeout=10) as http:
            while not stop.is_set():
                body = attempt_body()
                with lock:
                    sent.add(body["id"])
                try:
                    response = http.post(tracker.url + "api/attempts", content=json.dumps(body),
                                         headers={"Content-Type": "application/json", **bearer(token)})
                except httpx.HTTPError:
                    return  # the server is gone
                if response.status_code == 201:
                    with lock:
                        acknowledged[body["id"]] = {"body": body, "token": token}
                        if len(acknowledged) >= 150:
                            enough.set()

    threads = [threading.Thread(target=client, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    assert enough.wait(timeout=120), "the load did not reach 150 acknowledged attempts"
    tracker.kill()  # mid-load: requests are in flight right now
    stop.set()
    for thread in threads:
        thread.join(timeout=30)

    stored = attempt_ids(db_url)
    assert acknowledged, "nothing was acknowledged"
    assert set(acknowledged) <= stored, f"{len(set(acknowledged) - stored)} acknowledged attempt(s) are missing"
    assert stored <= sent  # and nothing appeared that no one sent

    # The tracker comes back on the same database, and a retry of an acknowledged attempt
    # (the device never saw its answer) is recognised, not stored twice.
    tracker = Tracker(db_url, tmp_path / "server2.log", port=tracker.port).start()
    try:
        last = list(acknowledged.values())[-1]  # the newest acknowledgement, just before the kill
        retry = httpx.post(tracker.url + "api/attempts", json=last["body"], headers=bearer(str(last["token"])), timeout=10)
        assert (retry.status_code, retry.json()["duplicate"]) == (200, True)
        assert attempt_ids(db_url) == stored
    finally:
        tracker.stop()
