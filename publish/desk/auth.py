"""Who may do what: passwords, the session secret, CSRF tokens, and one
explicit permission check for each action.

Passwords are stored as argon2 hashes (argon2-cffi). Sessions live in a
signed cookie (Starlette's SessionMiddleware: itsdangerous, HttpOnly,
SameSite=Lax) holding only the account id, the CSRF token and the chosen
language. Every form carries the session's CSRF token; a POST without it is
refused before anything happens.
"""

from __future__ import annotations

import hmac
import os
import secrets
from pathlib import Path

from publish.desk.store import Account

# Actions a page or a form performs. An office asks for editions and sees
# its own requests; an organizer sees and handles everyone's.
ACTIONS = ("catalogue", "request", "upload", "requests.all", "request.view", "request.handle", "file.read")


def can(account: Account | None, action: str, owner_id: int | None = None) -> bool:
    """The one permission check: may ``account`` do ``action`` (on a thing
    belonging to ``owner_id``)?"""
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    if account is None:
        return False
    if action in ("catalogue", "upload"):
        return True
    if action == "request":
        return account.role == "office"
    if action in ("requests.all", "request.handle"):
        return account.is_organizer
    # request.view, file.read: one's own, or anything for an organizer
    return account.is_organizer or owner_id == account.id


def _hasher():
    from argon2 import PasswordHasher

    return PasswordHasher()


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return _hasher().verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


# Verifying against this when the account does not exist takes as long as a
# real check, so the login's timing does not tell which names exist.
_DUMMY_HASH = None


def dummy_hash() -> str:
    global _DUMMY_HASH
    if _DUMMY_HASH is None:
        _DUMMY_HASH = hash_password(secrets.token_hex(8))
    return _DUMMY_HASH


def new_password() -> str:
    """A one-time password to read out or send: 4 groups of 4 characters
    without look-alikes (0/O, 1/l/I)."""
    alphabet = "abcdefghijkmnpqrstuvwxyz23456789"
    return "-".join("".join(secrets.choice(alphabet) for _ in range(4)) for _ in range(4))


def session_secret(folder: Path) -> str:
    """The key that signs session cookies, made once and kept (mode 0600)
    beside the database, so sessions outlive a restart."""
    path = folder / "desk-secret"
    try:
        return path.read_text("ascii").strip()
    except FileNotFoundError:
        pass
    folder.mkdir(parents=True, exist_ok=True)
    # Written whole to a private temporary file, then linked into place: a
    # second server starting at the same moment reads the first one's key.
    tmp = folder / f".desk-secret.{os.getpid()}"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(secrets.token_urlsafe(32))
    try:
        os.link(tmp, path)
    except FileExistsError:
        pass
    finally:
        tmp.unlink()
    return path.read_text("ascii").strip()


def csrf_token(session: dict) -> str:
    token = session.get("csrf")
    if not token:
        token = session["csrf"] = secrets.token_urlsafe(24)
    return token


def csrf_ok(session: dict, sent: object) -> bool:
    token = session.get("csrf")
    return bool(token) and isinstance(sent, str) and hmac.compare_digest(token, sent)
