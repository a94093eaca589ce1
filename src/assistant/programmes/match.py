"""The programme matcher: a staff need read with the rules' vocabulary, scored against the records.

    need text -> parse_need -> Need -> match(need, records, rules) -> ranked ProgrammeMatch list

Every point a programme gets or loses comes from a named weight in the rules file and is
explained by a Norwegian sentence citing the report passage it rests on:

* name      the question names the programme (or an alias)
* sector    a kommunalområde of the question is in "Mest relevant for kommunalområde"
* partners  the question's partner countries fall in a partner group the programme's text names
* funding   the programme's "Finansieringsgrad" covers what the question needs
* activity  the programme's text names the question's activity (studietur, forprosjekt, ...)
* topic     other words of the question occur in the programme's text, weighted by rarity
* guidance  the report names a guidance body
* status    an uncertainty found in the text ("ikke formelt vedtatt norsk deltakelse")

Ranking is by score, best first; equal scores (to 3 decimals) keep the report's order.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from assistant.abstain import asked_sentence
from assistant.index.tokenize import folded_tokens
from assistant.programmes.records import (
    Citation,
    Funding,
    FundingRate,
    Passage,
    ProgrammeRecord,
    fold_text,
    to_plain,
)
from assistant.programmes.rules import MatchingRules, Weights

# Endings a Norwegian word takes without becoming another word (skole, skolen, skolene, skoles).
_INFLECTIONS = ("", "e", "en", "er", "et", "ene", "a", "n", "r", "s", "ar", "ane", "ne", "ens", "ets", "enes", "es", "ers")
_INFLECTION_SET = frozenset(_INFLECTIONS)
_TOKEN = re.compile(r"[^\W_]+|%", re.UNICODE)


# ---------------------------------------------------------------------------------------------
# Reading a need
# ---------------------------------------------------------------------------------------------


def question_tokens(text: str) -> list[str]:
    """Folded words of a question, with "%" kept as a word ("100 %" -> "100", "%")."""
    return [fold_text(m.group(0)) for m in _TOKEN.finditer(text)]


def _token_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _TOKEN.finditer(text)]


def _within_one_edit(a: str, b: str) -> bool:
    """True when a and b differ by at most one insertion, deletion, substitution or swap."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
    short, long = (a, b) if len(a) < len(b) else (b, a)
    i = 0
    while i < len(short) and short[i] == long[i]:
        i += 1
    return short[i:] == long[i + 1 :]


@dataclass(frozen=True)
class _Entry:
    """A vocabulary item: its folded words, what it stands for, and how it was written."""

    words: tuple[str, ...]
    target: str
    written: str
    capitals_only: bool


def _entry(written: str, target: str, *, capitals_rule: bool) -> _Entry | None:
    words = tuple(question_tokens(written))
    if not words:
        return None
    letters = "".join(ch for ch in written if ch.isalpha())
    capitals = capitals_rule and letters.isupper()
    return _Entry(words, target, written, capitals)


def _word_matches(token: str, word: str, weights: Weights, *, compounds: bool) -> bool:
    """A typed token against a vocabulary word: inflected, as a compound's head or tail, or with one typo."""
    if token.startswith(word):
        rest = token[len(word) :]
        if rest in _INFLECTION_SET:
            return True
        return compounds and len(word) >= weights.prefix_min_length and len(rest) >= 3
    if not compounds or len(word) < weights.prefix_min_length:
        return False
    at = token.find(word, 3)
    if at >= 0 and token[at + len(word) :] in _INFLECTION_SET:
        return True
    if len(word) < weights.fuzzy_min_length:
        return False
    # One typo, in the word itself or before an ending ("barnhagen" for "barnehagen"), never in
    # the first letter: "ganske" is not a typo for "danske", nor "sektor" for "rektor".
    if token[:1] != word[:1]:
        return False
    for ending in _INFLECTIONS:
        if token.endswith(ending):
            stem = token[: len(token) - len(ending)]
            if len(stem) >= weights.fuzzy_min_length and abs(len(stem) - len(word)) <= 1 and _within_one_edit(stem, word):
                return True
    return False


@dataclass(frozen=True)
class _Found:
    target: str
    written: str
    typed: str
    start: int
    end: int


def _find(
    tokens: list[str],
    original: str,
    entries: Iterable[_Entry],
    weights: Weights,
    taken: set[int] | None = None,
) -> list[_Found]:
    """Entries found in the tokens, longest first. A token read by one entry is not read by
    another, except by entries of the same word (NAV under two kommunalområder). Tokens in
    `taken` are skipped, and the tokens found are added to it."""
    taken = set() if taken is None else taken
    before = set(taken)
    claimed: dict[int, tuple[str, ...]] = {}
    found: list[_Found] = []
    known = {
        i
        for i, t in enumerate(tokens)
        for e in entries
        if len(e.words) == 1 and _word_matches(t, e.words[0], weights, compounds=False)
    }
    for entry in sorted(entries, key=lambda e: (-len(e.words), -len(e.written))):
        if entry.capitals_only and not re.search(rf"(?<!\w){re.escape(entry.written)}(?!\w)", original):
            continue
        n = len(entry.words)
        for i in range(len(tokens) - n + 1):
            span = range(i, i + n)
            if any(k in before or claimed.get(k, entry.words) != entry.words for k in span):
                continue
            if any(tokens[i + k] != entry.words[k] for k in range(n - 1)):
                continue
            # A token that is itself a known word is not read as a compound of another.
            compounds = n > 1 or i not in known
            if _word_matches(tokens[i + n - 1], entry.words[-1], weights, compounds=compounds):
                claimed.update((k, entry.words) for k in span)
                found.append(_Found(entry.target, entry.written, " ".join(tokens[i : i + n]), i, i + n))
    taken.update(claimed)
    return sorted(found, key=lambda f: (f.start, f.target))


# Vocabularies built per rules object; the rules are kept so their id is not reused.
_VOCABULARIES: dict[int, tuple[MatchingRules, dict[str, tuple[_Entry, ...]]]] = {}


def _vocabulary(rules: MatchingRules) -> dict[str, tuple[_Entry, ...]]:
    cached = _VOCABULARIES.get(id(rules))
    if cached is not None and cached[0] is rules:
        return cached[1]
    if len(_VOCABULARIES) > 8:
        _VOCABULARIES.clear()
    vocab = _build_vocabulary(rules)
    _VOCABULARIES[id(rules)] = (rules, vocab)
    return vocab


def _build_vocabulary(rules: MatchingRules) -> dict[str, tuple[_Entry, ...]]:
    def build(pairs: Iterable[tuple[str, str]], *, names: bool = False) -> tuple[_Entry, ...]:
        # A name in capitals (DIGITAL, ØKS) must be typed so; of ordinary words only two-letter
        # abbreviations (VA, KI) are, since staff type "sfo" and "nav" in lower case.
        return tuple(
            e for w, t in pairs if (e := _entry(w, t, capitals_rule=names or len(w) <= 2)) is not None
        )

    return {
        "programmes": build(((a, p.name) for p in rules.programme for a in (p.name, *p.aliases)), names=True),
        "areas": build((w, a.name) for a in rules.area for w in a.words),
        "countries": build(
            [(c, c) for g in rules.partner_group for c in g.countries] + list(rules.country_words.items())
        ),
        "group_words": build((w, g.key) for g in rules.partner_group for w in g.words),
        "funding": build((w, str(f.min_rate)) for f in rules.funding_need for w in f.words),
        "activities": build((w, a.key) for a in rules.activity for w in a.words),
    }


@dataclass(frozen=True)
class Need:
    """What a question asks for, in the rules' terms. Pairs are (what it means, word as typed)."""

    text: str
    programmes: tuple[str, ...]
    areas: tuple[tuple[str, str], ...]
    countries: tuple[str, ...]
    partner_groups: tuple[str, ...]
    group_words: tuple[tuple[str, str], ...]
    min_rate: int | None
    funding_words: tuple[str, ...]
    activities: tuple[tuple[str, str], ...]
    topics: tuple[str, ...]

    @property
    def area_names(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(a for a, _ in self.areas))

    @property
    def activity_keys(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(a for a, _ in self.activities))

    def to_dict(self) -> dict[str, Any]:
        return to_plain(self)


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


def parse_need(text: str, rules: MatchingRules) -> Need:
    """Read a question: named programmes, kommunalområder, partner countries and groups, the
    funding it needs, activities and the remaining topic words (folded stems).

    Tolerant of typing: case, missing æøå ("barnehage"/"barnehaage"/"barnehåge"), inflection,
    compounds and one typo in longer words are all read through the rules' vocabulary.
    """
    vocab = _vocabulary(rules)
    tokens = question_tokens(text)
    taken: set[int] = set()
    programmes = _find(tokens, text, vocab["programmes"], rules.weights, taken)
    funding = _find(tokens, text, vocab["funding"], rules.weights, taken)
    countries = _find(tokens, text, vocab["countries"], rules.weights, taken)
    group_words = _find(tokens, text, vocab["group_words"], rules.weights, taken)
    # Activity and kommunalområde words stay topic words too: those rules score the kind of
    # activity and the sectors field, while a programme text naming the very word
    # ("kulturskole", "cybersikkerhet") is further evidence.
    activities = _find(tokens, text, vocab["activities"], rules.weights, set(taken))
    areas = _find(tokens, text, vocab["areas"], rules.weights, set(taken))
    country_names = _unique(f.target for f in countries)
    groups = [g.key for g in rules.partner_group if set(g.countries) & set(country_names)]
    groups += [f.target for f in group_words]
    ordered_groups = tuple(g.key for g in rules.partner_group if g.key in set(groups))
    # Topic words: what the name, funding and partner rules have not read.
    spans = _token_spans(text)
    rest = "".join(" " if any(a <= i < b for k, (a, b) in enumerate(spans) if k in taken) else ch for i, ch in enumerate(text))
    ignored = set(folded_tokens(" ".join(rules.question.ignore_words)))
    topics = _unique(t for t in folded_tokens(rest) if t not in ignored and not t.isdigit())
    rates = [int(f.target) for f in funding]
    return Need(
        text=text,
        programmes=_unique(f.target for f in programmes),
        areas=tuple(dict.fromkeys((f.target, f.typed) for f in areas)),
        countries=country_names,
        partner_groups=ordered_groups,
        group_words=tuple(dict.fromkeys((f.target, f.typed) for f in group_words)),
        min_rate=max(rates) if rates else None,
        funding_words=_unique(f.typed for f in funding),
        activities=tuple(dict.fromkeys((f.target, f.typed) for f in activities)),
        topics=topics,
    )


def is_programme_question(text: str, rules: MatchingRules) -> bool:
    """True when the text asks which programme or funding scheme fits (the rules' markers).

    A question naming exactly one programme asks about that programme, so it is not one; nor is
    one about what has been ("Hvilken ordning har vært den viktigste pengekilden?") that names no
    need (the rules' `past_patterns` and `need_patterns`).
    """
    named = _unique(f.target for f in _find(question_tokens(text), text, _vocabulary(rules)["programmes"], rules.weights))
    asked = asked_sentence(text)
    if len(named) == 1 and asked != text.strip():
        # "... Vi har òg ein vennskapskommune i Sverige. Kva passar?": a programme named in the
        # context the question follows is part of the need; the asked sentence decides.
        named = _unique(f.target for f in _find(question_tokens(asked), asked, _vocabulary(rules)["programmes"], rules.weights))
    if len(named) == 1:
        return False
    lowered = " ".join(text.casefold().split())
    if any(re.search(p, lowered) for p in rules.question.past_patterns) and not any(
        re.search(p, lowered) for p in rules.question.need_patterns
    ):
        return False
    # "Hvilket av dem er ...?" with the earlier turn carried after it: the turn itself decides.
    own = lowered.split("?", 1)[0]
    if any(re.search(p, own) for p in rules.question.which_of_patterns) and not any(re.search(p, own) for p in rules.question.need_patterns):
        return False
    folded = " " + " ".join(question_tokens(text)) + " "
    if any(f" {' '.join(question_tokens(m))} " in folded for m in rules.question.markers):
        return True
    return any(re.search(p, lowered) for p in rules.question.marker_patterns)


# ---------------------------------------------------------------------------------------------
# Scoring
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reason:
    """A Norwegian sentence explaining part of a score, with the passage it rests on."""

    text: str
    citation: Citation | None

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "citation": self.citation.to_dict() if self.citation else None}


@dataclass(frozen=True)
class ProgrammeMatch:
    """A programme scored for a need: its score parts, reasons, warnings and citations."""

    name: str
    score: float
    funding: Funding | None
    guidance: tuple[str, ...]
    reasons: tuple[Reason, ...]
    warnings: tuple[Reason, ...]
    citations: tuple[Citation, ...]
    parts: tuple[tuple[str, float], ...]

    def to_dict(self) -> dict[str, Any]:
        """Plain data: name, score, funding (text, min, max, kind, citation), guidance, reasons,
        warnings (both lists of {"text", "citation"}), citations and the score parts."""
        funding = None
        if self.funding is not None:
            funding = {
                "text": self.funding.text,
                "min": self.funding.rate.min,
                "max": self.funding.rate.max,
                "kind": self.funding.rate.kind,
                "citation": self.funding.citation.to_dict(),
            }
        return {
            "name": self.name,
            "score": self.score,
            "funding": funding,
            "guidance": list(self.guidance),
            "reasons": [r.to_dict() for r in self.reasons],
            "warnings": [w.to_dict() for w in self.warnings],
            "citations": [c.to_dict() for c in self.citations],
            "parts": {name: value for name, value in self.parts},
        }


def _join(items: Sequence[str]) -> str:
    """Norwegian list: "a", "a og b", "a, b og c"."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " og " + items[-1]


def _short(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + " …"


@dataclass
class _Score:
    parts: list[tuple[str, float]]
    reasons: list[Reason]
    warnings: list[Reason]

    def add(self, part: str, value: float) -> None:
        if value:
            self.parts.append((part, value))


def _score_name(record: ProgrammeRecord, need: Need, w: Weights, out: _Score) -> None:
    if record.name in need.programmes:
        out.add("name", w.name_mentioned)
        out.reasons.append(Reason(f"Spørsmålet nevner {record.name}.", record.heading_citation))


def _text_areas(record: ProgrammeRecord, rules: MatchingRules) -> dict[str, tuple[str, Passage]]:
    """Kommunalområder whose words the programme's own text uses: area -> (word, first passage)."""
    key = (id(record), id(rules))
    cached = _TEXT_AREAS.get(key)
    if cached is not None and cached[0] is record and cached[1] is rules:
        return cached[2]
    if len(_TEXT_AREAS) > 256:
        _TEXT_AREAS.clear()
    vocab = _vocabulary(rules)["areas"]
    found: dict[str, tuple[str, Passage]] = {}
    for passage in record.passages:
        for hit in _find(question_tokens(passage.text), passage.text, vocab, rules.weights):
            found.setdefault(hit.target, (hit.typed, passage))
    _TEXT_AREAS[key] = (record, rules, found)
    return found


# Per record and rules object; both are kept so their ids are not reused.
_TEXT_AREAS: dict[tuple[int, int], tuple[ProgrammeRecord, MatchingRules, dict[str, tuple[str, Passage]]]] = {}


def _area_name(area: str) -> str:
    return area[0].lower() + area[1:]


def _score_sectors(record: ProgrammeRecord, need: Need, rules: MatchingRules, out: _Score) -> None:
    w = rules.weights
    areas = need.area_names
    if not areas:
        return
    sectors = record.sectors
    if sectors is None:
        # No "Mest relevant" field (Grensekomiteen): the services its text names stand in for it.
        in_text = _text_areas(record, rules)
        shared = [a for a in areas if a in in_text]
        if shared:
            out.add("sector", w.sector_in_text * len(shared) / len(areas))
            word, passage = in_text[shared[0]]
            out.reasons.append(
                Reason(
                    f"Omtalen av {record.name} nevner {word} ({_join([_area_name(a) for a in shared])}): «{_short(passage.text)}»",
                    passage.citation,
                )
            )
        return
    shared = [a for a in areas if a in sectors.areas]
    if shared:
        out.add("sector", w.sector_match * len(shared) / len(areas))
        # A programme aimed at the question's areas alone fits better than one that lists many.
        out.add("sector", w.sector_focus * len(shared) / max(len(sectors.areas), 1))
        typed = _join([f"«{word}»" for word in _unique(word for area, word in need.areas if area in shared)])
        out.reasons.append(
            Reason(
                f"{record.name} er mest relevant for {_join([_area_name(a) for a in shared])}, som {typed} hører til.",
                sectors.citation,
            )
        )
    elif sectors.all:
        out.add("sector", w.sector_all)
        out.reasons.append(Reason(f"{record.name} er relevant for samtlige kommunalområder.", sectors.citation))
    else:
        out.add("sector", w.sector_mismatch)
        out.warnings.append(
            Reason(
                f"{record.name} er mest relevant for {_join([_area_name(v) for v in sectors.values])}, "
                f"ikke for {_join([_area_name(a) for a in areas])}.",
                sectors.citation,
            )
        )


def _score_partners(record: ProgrammeRecord, need: Need, rules: MatchingRules, out: _Score) -> None:
    if not need.partner_groups:
        return
    mine = record.partner_groups
    conditions = record.conditions_of("partners")
    shared = [g for g in need.partner_groups if g in mine]
    if shared:
        # The group covering most of the question's countries, then the most specific one.
        def covered(g: str) -> float:
            named = [c for c in need.countries if c in rules.group(g).countries]
            return len(named) / len(need.countries) if need.countries and named else 1.0

        best = max(shared, key=lambda g: (covered(g), rules.group(g).weight, -need.partner_groups.index(g)))
        group = rules.group(best)
        out.add("partners", rules.weights.partner_match * group.weight * covered(best))
        cited = next(c for c in conditions if best in c.groups)
        who = [c for c in need.countries if c in group.countries]
        tail = f", som {_join(who)} hører til." if who else "."
        out.reasons.append(Reason(f"{record.name} gjelder partnere i {group.label}{tail}", cited.citation))
        return
    if not mine:
        return
    # The programme's partner region lies inside the broader one asked for ("europeiske" and
    # the EØS recipient countries): it fits as far as the broader group does, unless the question
    # names countries and none of them is in the region (Danmark for the border with Sverige).
    inside = [
        (wide, narrow)
        for wide in need.partner_groups
        for narrow in mine
        if rules.group(narrow).countries
        and set(rules.group(narrow).countries) <= set(rules.group(wide).countries)
        and (not need.countries or set(need.countries) & set(rules.group(narrow).countries))
    ]
    if inside:
        wide, narrow = inside[0]
        out.add("partners", rules.weights.partner_match * rules.group(wide).weight)
        cited = next(c for c in conditions if narrow in c.groups)
        out.reasons.append(
            Reason(
                f"{record.name} gjelder partnere i {rules.group(narrow).label}, en del av {rules.group(wide).label}.",
                cited.citation,
            )
        )
        return
    out.add("partners", rules.weights.partner_mismatch)
    labels = [rules.group(g).label for g in mine]
    wanted = _join(list(need.countries) or [rules.group(g).label for g in need.partner_groups])
    out.warnings.append(Reason(f"{record.name} gjelder partnere i {_join(labels)}, ikke {wanted}.", conditions[0].citation))


def _score_funding(record: ProgrammeRecord, need: Need, rules: MatchingRules, out: _Score) -> None:
    w = rules.weights
    if need.min_rate is None:
        return
    funding = record.funding
    if funding is None:
        out.add("funding", w.funding_missing)
        out.warnings.append(Reason(f"Rapporten oppgir ingen finansieringsgrad for {record.name}.", record.heading_citation))
        return
    rate = funding.rate
    if rate.kind == "unclear" or rate.max is None or rate.min is None:
        out.add("funding", w.funding_unclear)
        out.warnings.append(Reason(f"Finansieringsgraden for {record.name} er uklar: «{funding.text}»", funding.citation))
    elif rate.min >= need.min_rate:
        out.add("funding", w.funding_fit)
        out.reasons.append(Reason(f"{record.name} dekker {rate.describe()} av kostnadene: «{funding.text}»", funding.citation))
        own = [p for p in rules.funding.own_costs_patterns if re.search(p, funding.text, re.IGNORECASE)]
        if own and need.min_rate >= 100:
            out.add("funding:own_costs", w.funding_own_costs)
            out.reasons.append(Reason(f"{record.name} dekker også kommunens egne timer.", funding.citation))
    elif rate.max >= need.min_rate:
        # Reaching the need only at the top of its range: half the fit.
        out.add("funding", w.funding_fit / 2)
        out.reasons.append(
            Reason(
                f"{record.name} dekker {rate.describe()} av kostnadene, avhengig av prosjektet: «{funding.text}»",
                funding.citation,
            )
        )
    else:
        out.add("funding", w.funding_short)
        own = record.conditions_of("cofinancing")
        out.warnings.append(
            Reason(
                f"{record.name} krever minst {100 - rate.max} % egenfinansiering (dekker {rate.describe()}).",
                own[0].citation if own else funding.citation,
            )
        )


def _score_activities(record: ProgrammeRecord, need: Need, rules: MatchingRules, out: _Score) -> None:
    w = rules.weights
    for key in need.activity_keys:
        evidence = [a for a in record.activities if a.key == key]
        if not evidence:
            continue
        factor = min(1 + 0.5 * (len(evidence) - 1), w.activity_cap)
        out.add(f"activity:{key}", w.activity_match * factor)
        label = next(a.label for a in rules.activity if a.key == key)
        out.reasons.append(Reason(f"Omtalen av {record.name} tar opp {label}: «{_short(evidence[0].text)}»", evidence[0].citation))


@dataclass(frozen=True)
class _TopicIndex:
    stems: dict[str, tuple[frozenset[str], ...]]  # per programme: the stems of each passage
    idf: dict[str, float]


def _topic_index(records: Sequence[ProgrammeRecord]) -> _TopicIndex:
    stems = {r.name: tuple(frozenset(folded_tokens(p.text)) for p in r.passages) for r in records}
    df: dict[str, int] = {}
    for per_passage in stems.values():
        for stem in frozenset().union(*per_passage) if per_passage else ():
            df[stem] = df.get(stem, 0) + 1
    n = max(len(records), 1)
    return _TopicIndex(stems, {s: math.log(n / d) for s, d in df.items()})


def _score_topic(record: ProgrammeRecord, need: Need, index: _TopicIndex, w: Weights, out: _Score) -> None:
    per_passage = index.stems.get(record.name, ())
    mine = frozenset().union(*per_passage) if per_passage else frozenset()
    hits = [t for t in need.topics if t in mine and index.idf.get(t, 0) > 0]
    if not hits:
        return
    value = min(sum(index.idf[t] for t in hits) * w.topic, w.topic_cap)
    out.add("topic", value)
    best = max(range(len(per_passage)), key=lambda i: (sum(index.idf[t] for t in hits if t in per_passage[i]), -i))
    passage: Passage = record.passages[best]
    words = _words_for_stems(need.text, [t for t in hits if t in per_passage[best]] or hits)
    out.reasons.append(
        Reason(f"Omtalen av {record.name} nevner {_join([f'«{x}»' for x in words])}: «{_short(passage.text)}»", passage.citation)
    )


def _words_for_stems(text: str, stems: Sequence[str]) -> list[str]:
    """The question's own words behind the given stems, in the question's order."""
    out: list[str] = []
    for match in re.finditer(r"[^\W_]+(?:-[^\W_]+)*", text):
        word = match.group(0)
        if any(s in folded_tokens(word) for s in stems) and word.lower() not in (o.lower() for o in out):
            out.append(word)
    return out or list(stems)


def _body_names(body: str) -> list[str]:
    """How a question may name a guidance body: "Innovasjon Norge (mentorordninger)" as "Innovasjon
    Norge", "Direktoratet for ... (DIKU)" by its name or as "DIKU"."""
    core = re.sub(r"\s*\([^)]*\)", "", body).strip()
    inside = [a for a in re.findall(r"\(([^)]*)\)", body) if re.fullmatch(r"[A-ZÆØÅ][A-Za-zæøå]{1,9}", a.strip())]
    return [n for n in [core, *inside] if n]


def _score_named_guidance(record: ProgrammeRecord, need: Need, w: Weights, out: _Score) -> None:
    if not (record.guidance and record.guidance.bodies):
        return
    for body in record.guidance.bodies:
        for name in _body_names(body):
            # An acronym ("KS", "DIKU") as written; a name in any case.
            flags = 0 if name.isupper() or len(name) <= 6 else re.IGNORECASE
            if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", need.text, flags):
                out.add("guidance named", w.guidance_named)
                out.reasons.append(Reason(f"{name} er veiledende instans for {record.name}.", record.guidance.citation))
                return


def _score_guidance(record: ProgrammeRecord, w: Weights, out: _Score) -> None:
    if record.guidance and record.guidance.bodies:
        out.add("guidance", w.guidance_available)
        out.reasons.append(Reason(f"Veiledning: {_join(list(record.guidance.bodies))}.", record.guidance.citation))


def _score_conditions(record: ProgrammeRecord, need: Need, rules: MatchingRules, out: _Score) -> None:
    seen: set[str] = set()
    for cond in record.conditions:
        if cond.key in seen or cond.shared:
            continue
        rule = next((c for c in rules.condition if c.key == cond.key), None)
        if rule is None or rule.warning is None:
            continue
        seen.add(cond.key)
        if cond.kind == "status":
            out.add(f"status:{cond.key}", rules.weights.status_penalty)
        text = rule.warning.format(name=record.name)
        out.warnings.append(Reason(text if text.endswith((".", "!", "?")) else text + ".", cond.citation))
    if record.extra_support and ("forprosjekt" in need.activity_keys or need.min_rate is not None):
        for extra in record.extra_support:
            out.reasons.append(Reason(f"I tillegg: «{extra.text}»", extra.citation))


def _match_one(record: ProgrammeRecord, need: Need, rules: MatchingRules, index: _TopicIndex) -> ProgrammeMatch:
    w = rules.weights
    out = _Score([], [], [])
    _score_name(record, need, w, out)
    _score_named_guidance(record, need, w, out)
    _score_sectors(record, need, rules, out)
    _score_partners(record, need, rules, out)
    _score_funding(record, need, rules, out)
    _score_activities(record, need, rules, out)
    _score_topic(record, need, index, w, out)
    _score_conditions(record, need, rules, out)
    _score_guidance(record, w, out)
    citations: dict[tuple[str, int, int], Citation] = {}
    for item in (*out.reasons, *out.warnings):
        if item.citation is not None:
            citations.setdefault((item.citation.chunk_id, item.citation.start, item.citation.end), item.citation)
    return ProgrammeMatch(
        name=record.name,
        score=round(sum(v for _, v in out.parts), 3),
        funding=record.funding,
        guidance=record.guidance.bodies if record.guidance else (),
        reasons=tuple(out.reasons),
        warnings=tuple(out.warnings),
        citations=tuple(citations.values()),
        parts=tuple((name, round(v, 3)) for name, v in out.parts),
    )


def match(need: Need | str, records: Sequence[ProgrammeRecord], rules: MatchingRules) -> list[ProgrammeMatch]:
    """Every programme scored for the need, best first; equal scores keep the report's order."""
    if isinstance(need, str):
        need = parse_need(need, rules)
    index = _topic_index(records)
    scored = [(_match_one(r, need, rules, index), i) for i, r in enumerate(records)]
    return [m for m, _ in sorted(scored, key=lambda pair: (-pair[0].score, pair[1]))]


# ---------------------------------------------------------------------------------------------
# Text for the CLI
# ---------------------------------------------------------------------------------------------


def _where(citation: Citation | None) -> str:
    return f" [s. {citation.page}]" if citation is not None else ""


def _rate_text(rate: FundingRate) -> str:
    if rate.kind == "full":
        return "full dekning"
    return rate.describe() if rate.kind != "unclear" else "uklar"


def format_matches(matches: Sequence[ProgrammeMatch], top: int = 3) -> str:
    """The best matches with reasons and warnings, then the near misses, in Norwegian."""
    if not matches:
        return "Fant ingen programmer i indeksen. Kjør `assistant ingest`."
    lines: list[str] = []
    for rank, m in enumerate(matches[:top], start=1):
        lines.append(f"{rank}. {m.name} (poeng {m.score:.1f})")
        if m.funding is not None:
            lines.append(f"   Finansieringsgrad: {m.funding.text} ({_rate_text(m.funding.rate)}){_where(m.funding.citation)}")
        if m.guidance:
            lines.append(f"   Veiledende instans: {', '.join(m.guidance)}")
        for reason in m.reasons:
            lines.append(f"   + {reason.text}{_where(reason.citation)}")
        for warning in m.warnings:
            lines.append(f"   ! {warning.text}{_where(warning.citation)}")
    rest = [m for m in matches[top:] if m.warnings]
    if rest:
        lines.append("")
        lines.append("Rangert lavere:")
        for m in rest:
            lines.append(f"- {m.name} (poeng {m.score:.1f}): {m.warnings[0].text}{_where(m.warnings[0].citation)}")
    return "\n".join(lines)


def format_records(records: Sequence[ProgrammeRecord]) -> str:
    """Every programme record as the report gives it, in Norwegian, with page numbers."""
    if not records:
        return "Fant ingen programmer i indeksen. Kjør `assistant ingest`."
    lines: list[str] = []
    for record in records:
        group = f" ({record.group})" if record.group else ""
        lines.append(f"{record.name}{group}{_where(record.heading_citation)}")
        for passage in record.summary:
            lines.append(f"   {passage.text}")
        if record.sectors:
            lines.append(f"   Mest relevant for kommunalområde: {', '.join(record.sectors.values)}{_where(record.sectors.citation)}")
        if record.guidance:
            lines.append(f"   Veiledende instans: {', '.join(record.guidance.bodies)}{_where(record.guidance.citation)}")
        if record.funding:
            lines.append(
                f"   Finansieringsgrad: {record.funding.text} ({_rate_text(record.funding.rate)}){_where(record.funding.citation)}"
            )
        shown: set[str] = set()
        for cond in record.conditions:
            if cond.kind == "eligibility" or cond.shared or cond.key in shown:
                continue
            shown.add(cond.key)
            lines.append(f"   {cond.label}: {_short(cond.text)}{_where(cond.citation)}")
        for extra in record.extra_support:
            lines.append(f"   Annen støtte: {extra.text}{_where(extra.citation)}")
        for part in record.parts:
            lines.append(f"   Del: {part.name}{_where(part.citation)}")
        if record.aliases:
            lines.append(f"   Også kalt: {', '.join(a for a in record.aliases if a != record.name)}")
        lines.append("")
    return "\n".join(lines).rstrip()
