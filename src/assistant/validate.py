"""Strict checks on a question before any work is done. Messages are Norwegian: users see them."""

from __future__ import annotations

import unicodedata

from assistant.errors import QueryError

MAX_QUESTION_CHARS = 2000


def clean_question(text: object) -> str:
    """The question with surrounding space removed, or QueryError saying what is wrong with it."""
    if not isinstance(text, str):
        raise QueryError("Spørsmålet må være tekst.")
    stripped = text.strip()
    if not stripped:
        raise QueryError("Spørsmålet er tomt. Skriv hva du lurer på.")
    if len(stripped) > MAX_QUESTION_CHARS:
        raise QueryError(f"Spørsmålet er for langt ({len(stripped)} tegn; høyst {MAX_QUESTION_CHARS}). Del det opp i kortere spørsmål.")
    if any(unicodedata.category(ch) == "Cc" and ch not in "\n\t\r" for ch in stripped):
        raise QueryError("Spørsmålet inneholder kontrolltegn. Skriv det på nytt som vanlig tekst.")
    if not any(ch.isalnum() for ch in stripped):
        raise QueryError("Spørsmålet inneholder ingen ord. Skriv hva du lurer på.")
    return " ".join(stripped.split())
