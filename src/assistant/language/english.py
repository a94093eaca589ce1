"""Is a question written in English? The sources and the checks that guard the answers are
Norwegian, so an English question gets a Norwegian notice instead of an answer.

Counted by function words, which a question cannot do without: English ones that Norwegian
does not use ("the", "what", "does"), against Norwegian ones that English does not use ("hva",
"og", "ikke"). Programme names ("Digital Europe", "Creative Europe") are content words and do
not count, so a Norwegian question naming one is not taken for English.
"""

from __future__ import annotations

import re

ENGLISH_NOTICE = (
    "Spørsmålet ser ut til å være skrevet på engelsk. Kildene er på norsk, og svarene kontrolleres "
    "mot norske ord: still gjerne spørsmålet på bokmål eller nynorsk."
)

_WORD = re.compile(r"[^\W\d_]+(?:'[a-z]+)?")

ENGLISH = frozenset(
    "the a an what which who whom whose how why when where does do did is are was were can could "
    "should would will shall may might must of and with about from our we us my your you they their "
    "this that these those there any some have has had been be not it its".split()
)
NORWEGIAN = frozenset(
    "hva hvem hvilke hvilken hvilket hvordan hvorfor når hvor kva kven kor korleis kvifor og er var "
    "kan skal vil må ikke ikkje det den de dei som på å til med om av fra frå vi oss vår våre jeg eg "
    "meg en ei et eit noen nokon har hatt blir bli være vere seg sin sitt sine".split()
)


def looks_english(text: str) -> bool:
    """True when the text's function words are English: at least two of them, and more than the
    Norwegian ones. ("What is Interreg?" yes; "Hva er Interreg?" and "Hva dekker Creative Europe?" no.)"""
    words = [w.casefold() for w in _WORD.findall(text)]
    english = sum(w in ENGLISH for w in words)
    norwegian = sum(w in NORWEGIAN for w in words)
    return english >= 2 and english > norwegian
