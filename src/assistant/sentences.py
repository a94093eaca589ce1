"""Norwegian sentence splitting with character offsets, for quoting exact spans of a passage.

Besides sentence-final punctuation, a new sentence starts at a bullet and at a line that begins
with a label ("Finansieringsgrad:"), because the report's field lines carry no full stop; a label
and its value on the next line stay one sentence ("Veiledende instans: Viken fylkeskommune").
A link line and the end of a bullet item followed by a capitalised line end a sentence too.
Callers pass `hard_breaks` where a heading line ends. Abbreviations such as "bl.a.", "p.t." and "f.eks." do not end a sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ABBREVIATIONS = frozenset(
    "bl.a f.eks p.t dvs ca nr mill kr m.m jf jfr ev evt inkl osv mht vs adm.dir siv.ing t.o.m o.l pga bl iht st".split()
)

_END = re.compile(r"[.!?]+[»”\")]*(?=\s)")
_LINE_START = re.compile(r"\n[ \t]*(?=\S)")
_BULLET = re.compile(r"[-•–*]\s")
_LABEL = re.compile(r"[A-ZÆØÅ][\wæøåÆØÅ /()-]{2,45}:(\s|$)")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str  # whitespace-collapsed


def _is_abbreviation(text: str, dot: int) -> bool:
    word = re.search(r"([\w.]+)$", text[:dot])
    if not word:
        return False
    token = word.group(1).lower().rstrip(".")
    return token in ABBREVIATIONS or (len(token) == 1 and token.isalpha())


def _breaks(text: str, hard_breaks: tuple[int, ...]) -> list[int]:
    cuts: set[int] = {b for b in hard_breaks if 0 < b < len(text)}
    for match in _END.finditer(text):
        dot = match.start()
        if text[dot] == "." and _is_abbreviation(text, dot):
            continue
        nxt = re.match(r"\s+(\S)", text[match.end() :])
        if nxt and (nxt.group(1).isupper() or nxt.group(1).isdigit() or nxt.group(1) in "«\"-•–("):
            cuts.add(match.end())
    for match in _LINE_START.finditer(text):
        pos = match.end()
        before = text[: match.start()].rstrip()
        previous_line = before[before.rfind("\n") + 1 :].strip()
        if (
            _BULLET.match(text, pos)
            or _LABEL.match(text, pos)
            # A link line ends its sentence ("Les mer her: ... https://interreg.no").
            or re.search(r"https?://\S+$", previous_line)
            # After a bullet item, a capitalised line starts anew.
            or (_BULLET.match(previous_line) and text[pos].isupper())
        ):
            cuts.add(pos)
    return sorted(cuts)


def split_sentences(text: str, hard_breaks: tuple[int, ...] = ()) -> list[Sentence]:
    """Sentences of `text` with offsets into it; `text[start:end]` is the sentence as written."""
    out = []
    last = 0
    for cut in _breaks(text, hard_breaks) + [len(text)]:
        piece = text[last:cut]
        stripped = piece.strip()
        if stripped:
            start = last + (len(piece) - len(piece.lstrip()))
            end = start + len(stripped)
            out.append(Sentence(start, end, " ".join(stripped.split())))
        last = cut
    return out


def normalise(text: str) -> str:
    """Case-folded, whitespace-collapsed: how quotes are compared with their sources."""
    return " ".join(text.casefold().split())
