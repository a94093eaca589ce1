"""Login: scrypt password hashes, the users file, roles."""

from __future__ import annotations

import pytest

from assistant.auth import (
    authenticate,
    hash_password,
    is_admin,
    load_users,
    make_auth,
    role_of,
    user_entry,
    verify_password,
)
from assistant.errors import SettingsError

pytestmark = pytest.mark.unit


def test_hash_verifies_the_password_and_nothing_else():
    stored = hash_password("riktig hest batteri")
    assert stored.startswith("scrypt$16384$8$1$")
    assert verify_password("riktig hest batteri", stored)
    assert not verify_password("riktig hest batteri ", stored)
    assert not verify_password("", stored)


def test_same_password_gets_a_new_salt_each_time():
    assert hash_password("samme passord") != hash_password("samme passord")


def test_short_password_is_refused():
    with pytest.raises(ValueError, match="at least 8"):
        hash_password("kort")


@pytest.mark.parametrize("stored", ["", "plain-text", "scrypt$16384$8$1$!!$!!", "scrypt$3$8$1$AAAAAAAAAAA=$AAAA", "pbkdf2$1$2$3$4$5"])
def test_malformed_hash_never_verifies(stored):
    assert not verify_password("hva som helst", stored)


def _users_file(tmp_path, text):
    path = tmp_path / "users.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_users_file_round_trip_with_roles(tmp_path):
    path = _users_file(tmp_path, user_entry("Kari", "admin", "admin-passord") + "\n" + user_entry("ola", "user", "bruker-passord"))
    users = load_users(path)
    assert sorted(users) == ["kari", "ola"]
    assert users["kari"].is_admin and not users["ola"].is_admin
    assert authenticate(users, "KARI", "admin-passord") == users["kari"]
    assert authenticate(users, "kari", "bruker-passord") is None
    assert authenticate(users, "nobody", "admin-passord") is None
    check = make_auth(users)
    assert check("ola", "bruker-passord") and not check("ola", "admin-passord")
    assert role_of(users, "ola") == "user" and role_of(users, "kari") == "admin" and role_of(users, "x") is None
    assert is_admin(users, "kari") and not is_admin(users, "ola") and not is_admin(users, None)


def test_without_login_everyone_is_admin():
    assert is_admin(None, None)
    assert role_of(None, "anyone") == "admin"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[[user]]\nname = "a"\nrole = "root"\npassword = "{h}"\n', "role 'root' is not valid"),
        ('[[user]]\nname = "a"\npassword = "hemmelig123"\n', "not a hash"),
        ('[[user]]\nname = "a"\nrole = "user"\n', "missing 'password'"),
        ('[[user]]\nname = "a b"\npassword = "{h}"\n', "user name may only"),
        ('[[user]]\nname = "a"\npassword = "{h}"\nemail = "x"\n', "unknown key 'email'"),
        ('[[user]]\nname = "a"\npassword = "{h}"\n[[user]]\nname = "A"\npassword = "{h}"\n', "listed twice"),
        ("admins = 1\n", "unknown key 'admins'"),
        ("", "no [[user]] entries"),
        ("[[user]\n", "not valid TOML"),
    ],
)
def test_bad_users_file_names_the_problem(tmp_path, text, message):
    path = _users_file(tmp_path, text.replace("{h}", hash_password("hemmelig123")))
    with pytest.raises(SettingsError, match=message.replace("[", r"\[").replace("]", r"\]")):
        load_users(path)


def test_missing_users_file_is_a_settings_error(tmp_path):
    with pytest.raises(SettingsError, match="users file not found"):
        load_users(tmp_path / "nope.toml")


def test_user_entry_refuses_an_unknown_role():
    with pytest.raises(ValueError, match="role must be one of"):
        user_entry("kari", "superuser", "hemmelig123")
