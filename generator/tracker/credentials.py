"""Secrets: member tokens, session ids and CSRF tokens (random, stored as SHA-256) and
trainer passwords (argon2).

Tokens carry 128 random bits, so a fast hash is enough to store them and lets the tracker
find a token by its hash; passwords are chosen by people, so they get a slow argon2 hash.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from functools import lru_cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{22,64}$")
MIN_PASSWORD_LENGTH = 10
_hasher = PasswordHasher()


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    # Verifying against this when a user name is unknown keeps login time the same either way.
    return _hasher.hash(secrets.token_urlsafe(16))


def new_token() -> str:
    """A URL-safe random token (128 bits, 22 characters): fits a small QR code."""
    return secrets.token_urlsafe(16)


def hash_token(token: str) -> str:
    """SHA-256 hex of a token, the only form in which tokens are stored."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def looks_like_token(token: str) -> bool:
    return bool(TOKEN_PATTERN.fullmatch(token))


def same_secret(a: str, b: str) -> bool:
    """Compare two secrets in constant time."""
    return hmac.compare_digest(a.encode("utf-8"), b.encode("utf-8"))


def hash_password(password: str) -> str:
    """argon2id hash of a trainer password."""
    return _hasher.hash(password)


def check_password(password_hash: str | None, password: str) -> bool:
    """True if `password` matches; takes about as long when there is no such user."""
    try:
        return _hasher.verify(password_hash or _dummy_hash(), password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    text = (Path(__file__).parent / "common_passwords.txt").read_text(encoding="utf-8")
    return frozenset(line.strip().casefold() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def _repeats_a_short_part(password: str) -> bool:
    """`aaaaaaaaaa`, `abababababab`, `abcabcabcabc`: a part of at most 3 characters over and over."""
    return any(len(password) % n == 0 and password[:n] * (len(password) // n) == password for n in range(1, 4))


def password_problem(password: str) -> str | None:
    """Why a new password is not acceptable, or None (length first, then the obvious guesses)."""
    if len(password.strip()) < MIN_PASSWORD_LENGTH:
        return f"the password must have at least {MIN_PASSWORD_LENGTH} characters (spaces at the ends do not count)"
    if len(set(password)) < 4 or _repeats_a_short_part(password):
        return "the password repeats a few characters; use several words, e.g. ca-phe-sua-da-buoi-sang"
    if password.strip().casefold() in common_passwords():
        return "this password is on the list of the most common ones; choose another, e.g. several words"
    return None


def new_password() -> str:
    """A password to print once for a new account (about 96 bits, easy to type)."""
    return "-".join(secrets.token_hex(3) for _ in range(4))
