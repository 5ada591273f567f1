"""Running the tracker with uvicorn, with logs that hold no personal data.

Access log lines carry the method, path and status only: no client address (personal data
under Vietnam's personal data protection law), and paths never hold tokens (an enrollment
token lives in the URL fragment and in the Authorization header, neither of which is logged).
"""

from __future__ import annotations

import errno
import os
import socket
from typing import Any

import uvicorn

from generator.errors import UsageError
from generator.tracker.app import create_app
from generator.tracker.config import TrackerConfig, config_to_env
from generator.tracker.context import TrackerContext

LOG_CONFIG: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
        "access": {"()": "uvicorn.logging.AccessFormatter", "fmt": '%(asctime)s access: "%(request_line)s" %(status_code)s', "use_colors": False},
    },
    "handlers": {
        "default": {"class": "logging.StreamHandler", "formatter": "plain", "stream": "ext://sys.stderr"},
        "access": {"class": "logging.StreamHandler", "formatter": "access", "stream": "ext://sys.stderr"},
    },
    "loggers": {
        "uvicorn": {"handlers": ["default"], "level": "INFO", "propagate": False},
        "uvicorn.error": {"level": "INFO"},
        "uvicorn.access": {"handlers": ["access"], "level": "INFO", "propagate": False},
        "cnscd": {"handlers": ["default"], "level": "INFO", "propagate": False},
    },
}


def check_port_free(host: str, port: int) -> None:
    """Fail early, with advice, when another program holds the port."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise UsageError(f"port {port} on {host} is already in use; stop the other server or pass --port") from None
            raise UsageError(f"cannot listen on {host}:{port}: {exc.strerror}") from None


def serve(config: TrackerConfig, context: TrackerContext, host: str, port: int, workers: int = 1) -> None:
    """Migrate the database, then serve until interrupted (Ctrl+C)."""
    check_port_free(host, port)
    context.db.migrate()
    if workers > 1:
        # Each worker builds its own app from the environment (uvicorn --factory).
        os.environ.update(config_to_env(context.config.with_overrides(migrate=False)))
        uvicorn.run("generator.tracker.app:app_from_env", factory=True, host=host, port=port, workers=workers,
                    log_config=LOG_CONFIG, server_header=False, timeout_graceful_shutdown=10, **proxy_options(context.config))
        return
    app = create_app(context.config, context)
    uvicorn.run(app, host=host, port=port, log_config=LOG_CONFIG, server_header=False, timeout_graceful_shutdown=10,
                **proxy_options(context.config))


def proxy_options(config: TrackerConfig) -> dict[str, Any]:
    """`X-Forwarded-For` is believed only from the configured proxies (uvicorn trusts 127.0.0.1 by default)."""
    # Headers up to 64 KB reach the app, which answers those over 16 KB with a JSON 431.
    limits = {"h11_max_incomplete_event_size": 64 * 1024}
    if not config.trusted_proxies:
        return {"proxy_headers": False, **limits}
    return {"proxy_headers": True, "forwarded_allow_ips": config.trusted_proxies, **limits}
