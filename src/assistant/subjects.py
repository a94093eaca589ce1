"""The vocabulary of subjects a conversation can carry: programmes, municipalities and sectors.

Programme names and aliases come from the programme records of the index build (drawn from the
sources and the matching rules), sector words from the matching rules, and the municipalities
from the settings.
"""

from __future__ import annotations

from assistant.followup import Vocabulary, surface_form
from assistant.index.store import LoadedIndex
from assistant.settings import Settings


def build_vocabulary(index: LoadedIndex, settings: Settings) -> Vocabulary:
    terms: dict[str, dict[str, str]] = {"programme": {}, "municipality": {}, "sector": {}}
    for name in settings.municipalities:
        terms["municipality"][surface_form(name)] = name
    for record in index.extra("programmes.json") or []:
        for form in [record["name"], *record.get("aliases", [])]:
            terms["programme"][surface_form(form)] = record["name"]
    try:
        from assistant.programmes.rules import load_rules

        rules = load_rules(settings.corpus_dir)
        for area, words in rules.sector_words().items():
            for word in words:
                terms["sector"][surface_form(word)] = area
    except (ImportError, FileNotFoundError):
        pass
    return Vocabulary({kind: forms for kind, forms in terms.items() if forms})
