"""Optional login for the chat: users in a TOML file, passwords hashed with scrypt and a salt.

The users file (path given to `serve`, e.g. from a `--users-file` option):

    # One [[user]] per person. role is "user" (the chat) or "admin" (the chat and the corpus page).
    [[user]]
    name = "kari"
    role = "admin"
    password = "scrypt$16384$8$1$<salt, base64>$<hash, base64>"

Make a password line with `hash_password("...")` (or `user_entry(...)` for a whole entry).
No plain-text password is ever stored or compared.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from assistant.errors import SettingsError

Role = Literal["user", "admin"]
ROLES: tuple[str, ...] = ("user", "admin")
SCHEME = "scrypt"
# Interactive-login strength (about 50 ms and 16 MB per check); the parameters travel with each hash.
SCRYPT_N = 2**14
SCRYPT_R = 8
SCRYPT_P = 1
SALT_BYTES = 16
KEY_BYTES = 32
MIN_PASSWORD_CHARS = 8
_NAME_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789._-@")


@dataclass(frozen=True)
class User:
    """A person who may log in: name (lower case), role and the stored password hash."""

    name: str
    role: Role
    password_hash: str

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int, length: int) -> bytes:
    # maxmem must cover 128 * n * r bytes plus slack, or OpenSSL refuses the default n.
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=length, maxmem=256 * n * r + 1024 * 1024)


def hash_password(password: str) -> str:
    """A salted scrypt hash of `password`, as one string to store: scrypt$N$r$p$salt$hash.

    >>> hash_password("lang nok passord").startswith("scrypt$16384$8$1$")
    True
    """
    if len(password) < MIN_PASSWORD_CHARS:
        raise ValueError(f"password must have at least {MIN_PASSWORD_CHARS} characters")
    salt = secrets.token_bytes(SALT_BYTES)
    key = _scrypt(password, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P, KEY_BYTES)
    return f"{SCHEME}${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(key)}"


def _parse_hash(stored: str) -> tuple[int, int, int, bytes, bytes]:
    parts = stored.split("$")
    if len(parts) != 6 or parts[0] != SCHEME:
        raise ValueError("not a scrypt$N$r$p$salt$hash string")
    n, r, p = (int(x) for x in parts[1:4])
    if n < 2 or n & (n - 1) or not (1 <= r <= 64) or not (1 <= p <= 16) or n > 2**20:
        raise ValueError("scrypt parameters out of range")
    salt = base64.b64decode(parts[4], validate=True)
    key = base64.b64decode(parts[5], validate=True)
    if len(salt) < 8 or len(key) < 16:
        raise ValueError("salt or hash too short")
    return n, r, p, salt, key


def verify_password(password: str, stored: str) -> bool:
    """True when `password` matches the `stored` hash; False for a wrong password or a malformed hash."""
    try:
        n, r, p, salt, key = _parse_hash(stored)
    except ValueError:
        return False
    return hmac.compare_digest(_scrypt(password, salt, n, r, p, len(key)), key)


def user_entry(name: str, role: str, password: str) -> str:
    """A `[[user]]` block for the users file, with the password hashed (for a CLI command)."""
    name = _check_name(name)
    if role not in ROLES:
        raise ValueError(f"role must be one of: {', '.join(ROLES)}")
    return f'[[user]]\nname = "{name}"\nrole = "{role}"\npassword = "{hash_password(password)}"\n'


def _check_name(name: str) -> str:
    folded = name.strip().lower()
    if not folded or not set(folded) <= _NAME_CHARS:
        raise ValueError("user name may only hold letters a-z, digits and . _ - @")
    return folded


def load_users(path: Path) -> dict[str, User]:
    """The users of a users file, by lower-case name. A bad file is a SettingsError naming the problem."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SettingsError(f"users file not found: {path}") from None
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"{path}: not valid TOML: {exc}") from None
    unknown = set(data) - {"user"}
    if unknown:
        raise SettingsError(f"{path}: unknown key {sorted(unknown)[0]!r} (expected [[user]] entries)")
    entries = data.get("user", [])
    if not isinstance(entries, list) or not entries:
        raise SettingsError(f"{path}: no [[user]] entries")
    users: dict[str, User] = {}
    for i, entry in enumerate(entries, start=1):
        where = f"{path}: user {i}"
        if not isinstance(entry, dict):
            raise SettingsError(f"{where}: must be a table")
        extra = set(entry) - {"name", "role", "password"}
        if extra:
            raise SettingsError(f"{where}: unknown key {sorted(extra)[0]!r} (valid: name, role, password)")
        try:
            name = _check_name(str(entry["name"]))
            role = str(entry.get("role", "user"))
            stored = str(entry["password"])
        except KeyError as exc:
            raise SettingsError(f"{where}: missing {exc.args[0]!r}") from None
        except ValueError as exc:
            raise SettingsError(f"{where}: {exc}") from None
        if role not in ROLES:
            raise SettingsError(f"{where}: role {role!r} is not valid (valid: {', '.join(ROLES)})")
        try:
            _parse_hash(stored)
        except ValueError as exc:
            raise SettingsError(f"{where}: password is not a hash from hash_password ({exc})") from None
        if name in users:
            raise SettingsError(f"{where}: user {name!r} is listed twice")
        users[name] = User(name=name, role=role, password_hash=stored)  # type: ignore[arg-type]
    return users


# A hash checked for unknown names, so a login takes as long for them as for real users.
_DUMMY_HASH = f"{SCHEME}${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64(bytes(SALT_BYTES))}${_b64(bytes(KEY_BYTES))}"


def authenticate(users: Mapping[str, User], name: str, password: str) -> User | None:
    """The user when `name` and `password` match, else None."""
    user = users.get(name.strip().lower())
    ok = verify_password(password, user.password_hash if user else _DUMMY_HASH)
    return user if ok and user is not None else None


def make_auth(users: Mapping[str, User]) -> Callable[[str, str], bool]:
    """The `auth` callable Gradio's launch takes."""

    def check(name: str, password: str) -> bool:
        return authenticate(users, name, password) is not None

    return check


def role_of(users: Mapping[str, User] | None, name: str | None) -> Role | None:
    """The role of a logged-in user; "admin" for everyone when no login is configured."""
    if users is None:
        return "admin"
    user = users.get((name or "").strip().lower())
    return user.role if user else None


def is_admin(users: Mapping[str, User] | None, name: str | None) -> bool:
    """True when the user may see the corpus page (everyone when no login is configured)."""
    return role_of(users, name) == "admin"
