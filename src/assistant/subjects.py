"""The vocabulary of subjects a conversation can carry: programmes, municipalities and sectors.

Programme names and aliases come from the programme records of the index build (drawn from the
sources and the matching rules), sector words from the matching rules, and the municipalities
from the settings.
"""

from __future__ import annotations

from assistant.followup import Vocabulary, surface_form
from assistant.index.store import LoadedIndex
from assistant.programmes.records import records_from_index
from assistant.programmes.rules import MatchingRules
from assistant.settings import Settings


def build_vocabulary(index: LoadedIndex, settings: Settings, rules: MatchingRules) -> Vocabulary:
    terms: dict[str, dict[str, str]] = {"programme": {}, "municipality": {}, "sector": {}}
    for name in settings.municipalities:
        terms["municipality"][surface_form(name)] = name
    for record in records_from_index(index):
        for form in (record.name, record.heading, *record.aliases):
            terms["programme"][surface_form(form)] = record.name
    for area in rules.area:
        for word in area.words:
            terms["sector"][surface_form(word)] = area.name
    return Vocabulary({kind: forms for kind, forms in terms.items() if forms})
