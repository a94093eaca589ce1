"""Programme records drawn from the report at ingest, every field with the passage it came from.

The programmes are the sections under the report's programme overview ("ULIKE ORDNINGER OG
PROGRAMMER"), found from its section structure: each sub-heading under a group heading
("EU-baserte programmer") is a programme. The rules file maps a heading to its canonical name and
aliases, names the field labels ("Finansieringsgrad:") and the patterns that find conditions. Each
value keeps a citation into a chunk of the build (`chunk.text[start:end] == citation.text`), so
an answer can quote what a record says. Sections of other sources whose heading names a programme
(an appendix, a saved programme page) may add conditions and fill fields the report leaves out.

Stored as plain JSON (`to_json`/`from_json`), as programmes.json in the index build.
"""

from __future__ import annotations

import re
import types
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields, is_dataclass, replace
from typing import Any, Literal, Union, get_args, get_origin, get_type_hints

from assistant.errors import IndexNotReady
from assistant.index.store import LoadedIndex, PageRecord
from assistant.index.tokenize import fold
from assistant.ingest.structure import section_spans
from assistant.programmes.rules import ConditionKind, MatchingRules, ProgrammeRule
from assistant.records import Chunk, Page
from assistant.sentences import split_sentences

PROGRAMMES_FILE = "programmes.json"
RECORDS_FORMAT_VERSION = 1

# ---------------------------------------------------------------------------------------------
# Text helpers
# ---------------------------------------------------------------------------------------------

# A word broken with a hyphen at the very end of a line ("EU-\n\nområdet"); a hyphen followed by a
# space is a suspended compound ("helse- og sosial") and stays as written.
_HYPHEN_BREAK = re.compile(r"(?<=\w)-\r?\n\s*(?=\S)")
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def flatten(text: str) -> str:
    """Whitespace collapsed to single spaces, words hyphenated over a line break joined."""
    return " ".join(_HYPHEN_BREAK.sub("-", text).split())


def fold_text(text: str) -> str:
    """Case-folded, with æ ø å (and ä ö é) written as people type them without a Norwegian keyboard."""
    return fold(text.casefold())


def word_list(text: str) -> list[str]:
    """Folded words; hyphens and punctuation separate words ("Sør-Afrika" -> "sor", "afrika")."""
    return _WORD.findall(fold_text(text))


def split_items(value: str, *, split_og: Literal["always", "before_capital"]) -> list[str]:
    """Split a listed value at commas and "og"/"samt", never inside parentheses or after a hyphen.

    "helse- og sosial" and "Barne-, ungdoms- og familiedirektoratet" stay whole (suspended
    compounds). With `split_og="before_capital"` an "og" splits only before a capital letter, so
    "Direktoratet for internasjonalisering og kvalitetsutvikling" stays one name while
    "Norsk forskningsråd og Innovasjon Norge" gives two.
    """
    items: list[str] = []
    depth = 0
    current = ""
    i = 0
    while i < len(value):
        ch = value[i]
        depth += ch == "("
        depth -= ch == ")" and depth > 0
        suspended = current.rstrip().endswith("-")
        if depth == 0 and ch == "," and not suspended:
            items.append(current)
            current, i = "", i + 1
            continue
        joiner = re.match(r" (og|samt)( for)? (?=\S)", value[i:]) if depth == 0 and not suspended else None
        if joiner and current.strip():
            following = value[i + joiner.end()]
            if joiner.group(1) == "samt" or split_og == "always" or following.isupper():
                items.append(current)
                current, i = "", i + joiner.end()
                continue
        current += ch
        i += 1
    items.append(current)
    cleaned = []
    for item in items:
        item = re.sub(r"^(samt( for)?|og)\s+", "", item.strip())
        item = re.sub(r"\s*/\s*", "/", item).strip(" .;")
        if item:
            cleaned.append(item)
    return cleaned


_DOMAIN = re.compile(r"\b[\w-]+\.(no|org|com|eu|net|se|dk|fi)\b")


def drop_link_parentheses(text: str) -> str:
    """Parenthesised link texts removed ("EU-nettverk Sørøst-Norge (... (usn.no))" -> "EU-nettverk Sørøst-Norge")."""
    out, depth, start = [], 0, 0
    kept_from = 0
    for i, ch in enumerate(text):
        if ch == "(":
            if depth == 0:
                start = i
            depth += 1
        elif ch == ")" and depth:
            depth -= 1
            if depth == 0 and _DOMAIN.search(text[start : i + 1]):
                out.append(text[kept_from:start])
                kept_from = i + 1
    out.append(text[kept_from:])
    return " ".join("".join(out).split())


# Norwegian number words, for rates written out ("Seksti-hundre prosent").
_UNITS = {"en": 1, "ett": 1, "to": 2, "tre": 3, "fire": 4, "fem": 5, "seks": 6, "sju": 7, "syv": 7, "åtte": 8, "ni": 9}
_TEENS = {
    "null": 0, "ti": 10, "elleve": 11, "tolv": 12, "tretten": 13, "fjorten": 14, "femten": 15,
    "seksten": 16, "sytten": 17, "atten": 18, "nitten": 19,
}
_TENS = {
    "tjue": 20, "tyve": 20, "tretti": 30, "tredve": 30, "førti": 40, "femti": 50, "seksti": 60,
    "sytti": 70, "åtti": 80, "nitti": 90,
}


def number_word(word: str) -> int | None:
    """The value of a Norwegian number word up to a hundred ("seksti", "førtifem", "hundre"), else None."""
    word = word.casefold()
    if word in ("hundre", "hundrede", "etthundre"):
        return 100
    if word in _TEENS:
        return _TEENS[word]
    if word in _UNITS:
        return _UNITS[word]
    for tens, value in _TENS.items():
        rest = word[len(tens) :]
        if word.startswith(tens) and (rest == "" or rest in _UNITS and rest != "ett"):
            return value + (_UNITS[rest] if rest else 0)
    return None


def numbers_written_out(text: str) -> str:
    """Number words as digits ("Seksti-hundre prosent" -> "60-100 prosent", "halvparten" -> "50 %")."""
    text = re.sub(r"\bett hundre\b", "100", text, flags=re.IGNORECASE)
    text = re.sub(r"\bhalvparten\b", "50 %", text, flags=re.IGNORECASE)

    def replace(match: re.Match[str]) -> str:
        value = number_word(match.group(0))
        return match.group(0) if value is None else str(value)

    return re.sub(r"[^\W\d_]+", replace, text)


RateKind = Literal["full", "range", "fixed", "unclear"]
_RANGE = re.compile(r"(\d{1,3})\s*(?:%|prosent)?\s*(?:[-–]|til|og)\s*(\d{1,3})\s*(?:%|prosent)")
_PERCENT = re.compile(r"(\d{1,3})\s*(?:%|prosent)")


@dataclass(frozen=True)
class FundingRate:
    """Per cent of the project cost a programme covers; None where the report gives no rate."""

    min: int | None
    max: int | None
    kind: RateKind

    def describe(self) -> str:
        """The rate in Norwegian: "100 %", "60-100 %", "uklar"."""
        if self.kind == "unclear" or self.min is None or self.max is None:
            return "uklar"
        return f"{self.min} %" if self.min == self.max else f"{self.min}-{self.max} %"


def parse_rate(text: str, full_patterns: Iterable[str] = ()) -> FundingRate:
    """A funding text as the range of per cent it covers.

    Percentages, also written out, give their range: "Seksti-hundre prosent" -> 60-100 "range",
    "50 %" -> 50-50 "fixed", "Opptil 60 % ..., 50 % ved store" -> 50-60 "range". Without one, a
    full-funding wording ("Fullfinansiering") gives 100-100 "full"; anything else ("P.t. uklart",
    "ikke oppgitt") is "unclear" with no numbers.
    """
    plain = numbers_written_out(flatten(text))
    values: list[int] = []
    for match in _RANGE.finditer(plain):
        values += [int(match.group(1)), int(match.group(2))]
    for match in _PERCENT.finditer(_RANGE.sub(" ", plain)):
        values.append(int(match.group(1)))
    values = [v for v in values if 0 <= v <= 100]
    if values:
        low, high = min(values), max(values)
        if low == high == 100:
            return FundingRate(100, 100, "full")
        return FundingRate(low, high, "fixed" if low == high else "range")
    if any(re.search(p, plain, re.IGNORECASE) for p in full_patterns):
        return FundingRate(100, 100, "full")
    return FundingRate(None, None, "unclear")


# ---------------------------------------------------------------------------------------------
# Records
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Citation:
    """Where a value came from: `text == chunk.text[start:end]` of chunk `chunk_id`."""

    chunk_id: str
    source_id: str
    page: int
    section: tuple[str, ...]
    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return to_plain(self)


@dataclass(frozen=True)
class Passage:
    """A sentence or a field's line(s): its words (whitespace collapsed) and its citation."""

    text: str
    citation: Citation


@dataclass(frozen=True)
class Sectors:
    """'Mest relevant for kommunalområde': the values as written and the rules' kommunalområder."""

    values: tuple[str, ...]
    areas: tuple[str, ...]
    all: bool
    text: str
    citation: Citation


@dataclass(frozen=True)
class Guidance:
    """'Veiledende instans': the bodies that give guidance."""

    bodies: tuple[str, ...]
    text: str
    citation: Citation


@dataclass(frozen=True)
class Funding:
    """'Finansieringsgrad': the first sentence of the value and the rate read from it."""

    text: str
    rate: FundingRate
    citation: Citation


@dataclass(frozen=True)
class Condition:
    """A sentence found by a condition rule; `groups` are partner groups for kind "partners".

    `shared` marks a condition from a section common to the programme's group (the EU/EØS summary).
    """

    key: str
    kind: ConditionKind
    label: str
    text: str
    groups: tuple[str, ...]
    shared: bool
    citation: Citation


@dataclass(frozen=True)
class ActivityEvidence:
    """A sentence of the programme's text that names an activity type of the rules."""

    key: str
    label: str
    text: str
    citation: Citation


@dataclass(frozen=True)
class Part:
    """A named part of a programme (Interreg A, Urbact) and the sentence that introduces it."""

    name: str
    text: str
    citation: Citation


@dataclass(frozen=True)
class ProgrammeRecord:
    """One programme of the report's overview, every field cited."""

    name: str
    aliases: tuple[str, ...]
    heading: str
    heading_citation: Citation
    source_id: str
    section: tuple[str, ...]
    group: str | None
    summary: tuple[Passage, ...]
    sectors: Sectors | None
    guidance: Guidance | None
    funding: Funding | None
    conditions: tuple[Condition, ...]
    extra_support: tuple[Passage, ...]
    activities: tuple[ActivityEvidence, ...]
    parts: tuple[Part, ...]
    # Every sentence of the section besides the field lines: what topic words are matched against.
    passages: tuple[Passage, ...] = field(repr=False, default=())

    @property
    def partner_groups(self) -> tuple[str, ...]:
        """Partner groups named by the programme's own partner conditions, in rules order of finding."""
        seen: dict[str, None] = {}
        for cond in self.conditions:
            if cond.kind == "partners" and not cond.shared:
                for group in cond.groups:
                    seen.setdefault(group, None)
        return tuple(seen)

    def conditions_of(self, kind: str, *, shared: bool = False) -> tuple[Condition, ...]:
        return tuple(c for c in self.conditions if c.kind == kind and (shared or not c.shared))

    def to_dict(self) -> dict[str, Any]:
        return to_plain(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ProgrammeRecord:
        return from_plain(cls, data)


def to_plain(obj: Any) -> Any:
    """Dataclasses as dicts and tuples as lists, all the way down: what json.dumps takes."""
    if is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_plain(getattr(obj, f.name)) for f in fields(obj)}
    if isinstance(obj, (tuple, list)):
        return [to_plain(x) for x in obj]
    return obj


def from_plain(tp: Any, data: Any) -> Any:
    """The inverse of `to_plain` for the record types, guided by their annotations."""
    if data is None:
        return None
    origin = get_origin(tp)
    if origin in (Union, types.UnionType):
        inner = [a for a in get_args(tp) if a is not type(None)]
        return from_plain(inner[0], data)
    if origin is tuple:
        return tuple(from_plain(get_args(tp)[0], x) for x in data)
    if isinstance(tp, type) and is_dataclass(tp):
        hints = get_type_hints(tp)
        unknown = set(data) - {f.name for f in fields(tp)}
        if unknown:
            raise ValueError(f"{tp.__name__}: unknown field(s) {', '.join(sorted(unknown))}")
        return tp(**{f.name: from_plain(hints[f.name], data[f.name]) for f in fields(tp) if f.name in data})
    return data


def to_json(records: list[ProgrammeRecord]) -> dict[str, Any]:
    """Records as plain JSON data (programmes.json in the build)."""
    return {"format_version": RECORDS_FORMAT_VERSION, "programmes": [r.to_dict() for r in records]}


def from_json(data: dict[str, Any]) -> list[ProgrammeRecord]:
    """Records from `to_json` data; another format version or a broken record is IndexNotReady."""
    if not isinstance(data, dict) or data.get("format_version") != RECORDS_FORMAT_VERSION:
        raise IndexNotReady(f"{PROGRAMMES_FILE} har et format denne versjonen ikke kjenner; kjør `assistant ingest`")
    try:
        return [ProgrammeRecord.from_dict(item) for item in data["programmes"]]
    except (KeyError, TypeError, ValueError) as exc:
        raise IndexNotReady(f"{PROGRAMMES_FILE} kan ikke leses ({exc}); kjør `assistant ingest`") from None


# ---------------------------------------------------------------------------------------------
# Extraction
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Segment:
    """A stretch of one page inside a section; `breaks` are sentence breaks in `text`."""

    source_id: str
    page: int
    start: int
    text: str
    breaks: tuple[int, ...]


@dataclass
class _Section:
    source_id: str
    path: tuple[str, ...]
    group: str | None
    heading: str
    segments: list[_Segment]


@dataclass(frozen=True)
class _Sentence:
    segment: _Segment
    start: int  # in segment.text
    end: int
    text: str  # flattened

    @property
    def page_span(self) -> tuple[str, int, int, int]:
        return (self.segment.source_id, self.segment.page, self.segment.start + self.start, self.segment.start + self.end)


@dataclass(frozen=True)
class _Block:
    """A field's line(s) in one segment: label start, value start and end (offsets in segment.text)."""

    kind: str
    segment: _Segment
    start: int
    value_start: int
    end: int

    @property
    def value(self) -> str:
        return self.segment.text[self.value_start : self.end]


class _Citer:
    """Finds the chunk that holds a page span and gives the span's offsets in that chunk."""

    def __init__(self, chunks: list[Chunk]) -> None:
        self._by_page: dict[tuple[str, int], list[Chunk]] = {}
        for chunk in chunks:
            self._by_page.setdefault((chunk.source_id, chunk.page), []).append(chunk)
        for group in self._by_page.values():
            group.sort(key=lambda c: (c.start, c.end))

    def cite(self, source_id: str, page: int, start: int, end: int) -> Citation | None:
        """A citation of page text [start, end): the first chunk holding it whole, else the one
        overlapping it most, with the span trimmed to that chunk."""
        candidates = self._by_page.get((source_id, page), [])
        whole = [c for c in candidates if c.start <= start and end <= c.end]
        if whole:
            chunk = whole[0]
        else:
            overlaps = [(min(end, c.end) - max(start, c.start), -i, c) for i, c in enumerate(candidates)]
            overlaps = [o for o in overlaps if o[0] > 0]
            if not overlaps:
                return None
            chunk = max(overlaps, key=lambda o: (o[0], o[1]))[2]
            start, end = max(start, chunk.start), min(end, chunk.end)
        local_start, local_end = start - chunk.start, end - chunk.start
        piece = chunk.text[local_start:local_end]
        local_start += len(piece) - len(piece.lstrip())
        local_end -= len(piece) - len(piece.rstrip())
        if local_end <= local_start:
            return None
        return Citation(
            chunk.id, chunk.source_id, chunk.page, chunk.section, local_start, local_end, chunk.text[local_start:local_end]
        )


def _pages_by_source(pages: list[PageRecord]) -> dict[str, tuple[Page, ...]]:
    grouped: dict[str, list[Page]] = {}
    for record in pages:
        grouped.setdefault(record.source_id, []).append(Page(record.page, record.text, record.links, record.headings))
    return {sid: tuple(sorted(group, key=lambda p: p.number)) for sid, group in grouped.items()}


def _line_end(text: str, offset: int) -> int:
    end = text.find("\n", offset)
    return len(text) if end < 0 else end


def _segment(source_id: str, page: Page, start: int, end: int) -> _Segment:
    text = page.text[start:end]
    breaks: set[int] = set()
    for heading in page.headings:
        if start <= heading.offset < end:
            breaks.add(_line_end(page.text, heading.offset) - start)
    # A line of links (page-end URLs) never joins a sentence.
    for match in re.finditer(r"(?m)^[ \t]*https?://\S*", text):
        breaks.update((match.start(), match.end()))
    return _Segment(source_id, page.number, start, text, tuple(sorted(b for b in breaks if 0 < b < len(text))))


def _find_sections(
    by_source: dict[str, tuple[Page, ...]], rules: MatchingRules
) -> tuple[list[_Section], list[_Section], list[_Section]]:
    """The programme sections under the overview, the shared ones, and every other section."""
    overview = re.compile(rules.extraction.overview_heading, re.IGNORECASE)
    shared_res = [re.compile(p, re.IGNORECASE) for p in rules.extraction.shared_headings]
    programmes: dict[tuple[str, tuple[str, ...]], _Section] = {}
    shared: dict[tuple[str, tuple[str, ...]], _Section] = {}
    others: dict[tuple[str, tuple[str, ...]], _Section] = {}
    for source_id, pages in by_source.items():
        numbered = {p.number: p for p in pages}
        spans = section_spans(pages)
        under = [next((k for k, title in enumerate(s.section) if overview.search(title)), None) for s in spans]
        # A heading directly under the overview with headings below it is a group, not a programme.
        groups = {s.section[: k + 2] for s, k in zip(spans, under) if k is not None and len(s.section) > k + 2}
        for span, k in zip(spans, under):
            segment = _segment(source_id, numbered[span.page], span.start, span.end)
            if k is None:
                if span.section:
                    key = (source_id, span.section)
                    others.setdefault(key, _Section(source_id, span.section, None, span.section[-1], [])).segments.append(segment)
                continue
            rel = span.section[k + 1 :]
            if len(rel) >= 2:
                path, group, heading = span.section[: k + 3], rel[0], rel[1]
            elif len(rel) == 1 and span.section[: k + 2] not in groups:
                path, group, heading = span.section[: k + 2], None, rel[0]
            else:
                continue
            target = shared if any(r.search(heading) for r in shared_res) else programmes
            target.setdefault((source_id, path), _Section(source_id, path, group, heading, [])).segments.append(segment)
    return list(programmes.values()), list(shared.values()), list(others.values())


_BULLET = re.compile(r"^[-•–*]\s")


def _sentences(section: _Section, rules: MatchingRules) -> list[_Sentence]:
    """The section's sentences, without lines that only point to further reading."""
    references = _compile(rules.extraction.reference_lines)
    out = []
    for segment in section.segments:
        for sentence in split_sentences(segment.text, hard_breaks=segment.breaks):
            text = flatten(segment.text[sentence.start : sentence.end])
            if text and not any(rx.search(text) for rx in references):
                out.append(_Sentence(segment, sentence.start, sentence.end, text))
    return out


def _label_res(rules: MatchingRules) -> list[tuple[str, re.Pattern[str]]]:
    ex = rules.extraction
    return [
        (kind, re.compile(rf"^(?:{label})\s*:", re.IGNORECASE))
        for kind, labels in (("sectors", ex.sectors_labels), ("guidance", ex.guidance_labels), ("funding", ex.funding_labels))
        for label in labels
    ]


def _field_blocks(section: _Section, rules: MatchingRules) -> dict[str, _Block]:
    """The first block of each field in the section. A label whose value is still empty at a
    page's end takes its value from the next page's first lines (cited there)."""
    labels = _label_res(rules)
    stops = _compile([*rules.extraction.reference_lines, *rules.extraction.value_stops])
    found: dict[str, _Block] = {}
    current: _Block | None = None

    def close(block: _Block | None) -> None:
        if block is not None and block.end > block.value_start and block.kind not in found:
            found[block.kind] = block

    for segment in section.segments:
        if current is not None and current.end > current.value_start:
            close(current)
            current = None
        offset = 0
        for line in segment.text.splitlines(keepends=True):
            line_start, offset = offset, offset + len(line)
            content = line.strip()
            if not content:
                continue
            begin = line_start + len(line) - len(line.lstrip())
            finish = begin + len(content)
            label = next(((kind, m) for kind, rx in labels if (m := rx.match(content))), None)
            if label is not None:
                close(current)
                kind, match = label
                value_start = begin + match.end()
                rest = content[match.end() :].strip()
                current = _Block(kind, segment, begin, value_start, finish if rest else value_start)
            elif current is not None:
                if any(rx.search(content) for rx in stops):
                    close(current)
                    current = None
                elif current.segment is not segment:
                    current = _Block(current.kind, segment, begin, begin, finish)
                else:
                    current = _Block(current.kind, segment, current.start, current.value_start, finish)
    close(current)
    return found


def _cite_block(citer: _Citer, block: _Block, end: int | None = None) -> Citation | None:
    seg = block.segment
    return citer.cite(seg.source_id, seg.page, seg.start + block.start, seg.start + (block.end if end is None else end))


def _sectors(block: _Block, citer: _Citer, rules: MatchingRules) -> Sectors | None:
    citation = _cite_block(citer, block)
    if citation is None:
        return None
    text = flatten(block.value)
    values = split_items(text, split_og="always")
    all_words = [fold_text(w) for w in rules.extraction.all_sectors_words]
    every = any(w in fold_text(v) for v in values for w in all_words)
    areas = tuple(
        area.name
        for area in rules.area
        if any(fold_text(term) in fold_text(v) for v in values for term in area.report_terms)
    )
    return Sectors(tuple(values), areas, every, text, citation)


def _guidance(block: _Block, citer: _Citer) -> Guidance | None:
    citation = _cite_block(citer, block)
    if citation is None:
        return None
    text = flatten(block.value)
    bodies = split_items(drop_link_parentheses(text), split_og="before_capital")
    return Guidance(tuple(bodies), text, citation)


def _funding(block: _Block, citer: _Citer, rules: MatchingRules) -> Funding | None:
    # The rate is the value's first sentence; what follows (course places, start-up money) is extra.
    sentences = split_sentences(block.value)
    if not sentences:
        return None
    first = sentences[0]
    citation = _cite_block(citer, block, end=block.value_start + first.end)
    if citation is None:
        return None
    text = flatten(block.value[first.start : first.end])
    return Funding(text, parse_rate(text, rules.extraction.full_funding_patterns), citation)


def _compile(patterns: Iterable[str]) -> list[re.Pattern[str]]:
    return [re.compile(p, re.IGNORECASE) for p in patterns]


def _conditions(sentences: list[_Sentence], citer: _Citer, rules: MatchingRules, *, shared: bool) -> list[Condition]:
    out = []
    for rule in rules.condition:
        regexes = _compile(rule.patterns)
        for sentence in sentences:
            if any(rx.search(sentence.text) for rx in regexes):
                citation = citer.cite(*sentence.page_span)
                if citation is not None:
                    out.append(
                        Condition(rule.key, rule.kind, rule.label, sentence.text, tuple(rule.groups), shared, citation)
                    )
    return out


def _passages(sentences: Iterable[_Sentence], citer: _Citer) -> list[Passage]:
    out = []
    for sentence in sentences:
        citation = citer.cite(*sentence.page_span)
        if citation is not None:
            out.append(Passage(sentence.text, citation))
    return out


def _in_block(sentence: _Sentence, blocks: Iterable[_Block]) -> bool:
    return any(
        b.segment is sentence.segment and sentence.start < b.end and b.start < sentence.end for b in blocks
    )


def _summary(body: list[_Sentence], rules: MatchingRules) -> list[_Sentence]:
    """The first sentence, then the first later ones that say what is supported."""
    if not body:
        return []
    patterns = _compile(rules.extraction.summary_patterns)
    chosen = [body[0]]
    for sentence in body[1:]:
        if len(chosen) >= rules.extraction.summary_sentences:
            break
        if any(rx.search(sentence.text) for rx in patterns):
            chosen.append(sentence)
    return chosen


def _rule_for(heading: str, rules: MatchingRules) -> ProgrammeRule | None:
    return next((p for p in rules.programme if any(re.search(h, heading, re.IGNORECASE) for h in p.headings)), None)


def _names_programme(title: str, rule: ProgrammeRule) -> bool:
    words = " " + " ".join(word_list(title)) + " "
    names = [rule.name, *rule.aliases]
    return any(re.search(h, title, re.IGNORECASE) for h in rule.headings) or any(
        f" {' '.join(word_list(n))} " in words for n in names if word_list(n)
    )


def _record(section: _Section, rule: ProgrammeRule | None, citer: _Citer, rules: MatchingRules) -> ProgrammeRecord | None:
    sentences = _sentences(section, rules)
    if not sentences:
        return None
    first = section.segments[0]
    heading_end = _line_end(first.text, 0)
    heading_citation = citer.cite(first.source_id, first.page, first.start, first.start + heading_end)
    if heading_citation is None:
        return None
    blocks = _field_blocks(section, rules)
    stops = _compile(rules.extraction.value_stops)
    heading_sentence = sentences[0] if sentences[0].segment is first and sentences[0].start == 0 else None
    body = [
        s
        for s in sentences
        if s is not heading_sentence and not _in_block(s, blocks.values()) and not any(rx.search(s.text) for rx in stops)
    ]
    summary_body = [s for s in body if not _BULLET.match(s.text)]
    extra_res = _compile(rules.extraction.extra_support_patterns)
    activities = []
    for activity in rules.activity:
        regexes = _compile(activity.report_patterns)
        for sentence in sentences:
            if sentence is not heading_sentence and any(rx.search(sentence.text) for rx in regexes):
                citation = citer.cite(*sentence.page_span)
                if citation is not None:
                    activities.append(ActivityEvidence(activity.key, activity.label, sentence.text, citation))
    parts = []
    for part in rule.parts if rule else []:
        regex = re.compile(part.pattern, re.IGNORECASE)
        hit = next((s for s in body if regex.search(s.text)), None)
        citation = citer.cite(*hit.page_span) if hit else None
        if hit and citation:
            parts.append(Part(part.name, hit.text, citation))
    sectors = blocks.get("sectors")
    guidance = blocks.get("guidance")
    funding = blocks.get("funding")
    return ProgrammeRecord(
        name=rule.name if rule else section.heading,
        aliases=tuple(rule.aliases) if rule else (),
        heading=section.heading,
        heading_citation=heading_citation,
        source_id=section.source_id,
        section=section.path,
        group=section.group,
        summary=tuple(_passages(_summary(summary_body, rules), citer)),
        sectors=_sectors(sectors, citer, rules) if sectors else None,
        guidance=_guidance(guidance, citer) if guidance else None,
        funding=_funding(funding, citer, rules) if funding else None,
        conditions=tuple(_conditions(sentences, citer, rules, shared=False)),
        extra_support=tuple(_passages((s for s in sentences if any(rx.search(s.text) for rx in extra_res)), citer)),
        activities=tuple(activities),
        parts=tuple(parts),
        passages=tuple(_passages(body if heading_sentence is None else [heading_sentence, *body], citer)),
    )


def _supplement(record: ProgrammeRecord, section: _Section, citer: _Citer, rules: MatchingRules) -> ProgrammeRecord:
    """Another source's section about the programme: its conditions, and fields the report lacks."""
    sentences = _sentences(section, rules)
    blocks = _field_blocks(section, rules)
    known = {(c.key, c.citation.chunk_id, c.citation.start) for c in record.conditions}
    added = [c for c in _conditions(sentences, citer, rules, shared=False) if (c.key, c.citation.chunk_id, c.citation.start) not in known]
    changes: dict[str, Any] = {"conditions": record.conditions + tuple(added)}
    if record.sectors is None and "sectors" in blocks:
        changes["sectors"] = _sectors(blocks["sectors"], citer, rules)
    if record.guidance is None and "guidance" in blocks:
        changes["guidance"] = _guidance(blocks["guidance"], citer)
    if record.funding is None and "funding" in blocks:
        changes["funding"] = _funding(blocks["funding"], citer, rules)
    return _replace(record, changes)


def _replace(record: ProgrammeRecord, changes: dict[str, Any]) -> ProgrammeRecord:
    return replace(record, **changes)


def extract_programmes(pages: list[PageRecord], chunks: list[Chunk], rules: MatchingRules) -> list[ProgrammeRecord]:
    """Programme records from the pages and chunks of a build, in the report's order.

    Programmes are the sections under the rules' overview heading; a heading the rules do not
    know still gives a record, named as its heading. Shared sections (the EU/EØS summary) add
    their conditions, marked shared, to every programme of their group. A section of another
    source whose heading names a programme adds its conditions and fills missing fields.
    """
    citer = _Citer(chunks)
    programme_sections, shared_sections, other_sections = _find_sections(_pages_by_source(pages), rules)
    records: dict[str, ProgrammeRecord] = {}
    for section in programme_sections:
        rule = _rule_for(section.heading, rules)
        name = rule.name if rule else section.heading
        if name in records:
            records[name] = _supplement(records[name], section, citer, rules)
            continue
        record = _record(section, rule, citer, rules)
        if record is not None:
            records[name] = record
    for section in shared_sections:
        # Only what binds every programme of the group; who may apply and partner regions stay per programme.
        shared = [
            c
            for c in _conditions(_sentences(section, rules), citer, rules, shared=True)
            if c.kind not in ("partners", "eligibility")
        ]
        for name, record in records.items():
            if record.source_id == section.source_id and record.group == section.group and shared:
                records[name] = _replace(record, {"conditions": record.conditions + tuple(shared)})
    for section in other_sections:
        for name, record in records.items():
            rule = rules.programme_rule(name)
            if rule is not None and _names_programme(section.heading, rule):
                records[name] = _supplement(record, section, citer, rules)
    return list(records.values())


def post_build(rules: MatchingRules) -> Callable[[list[PageRecord], list[Chunk], dict[str, Any]], dict[str, Any]]:
    """A `post_build` for `refresh`: the build's programme records as programmes.json."""

    def extra(pages: list[PageRecord], chunks: list[Chunk], sources: dict[str, Any]) -> dict[str, Any]:
        return {PROGRAMMES_FILE: to_json(extract_programmes(pages, chunks, rules))}

    return extra


def records_from_index(index: LoadedIndex) -> list[ProgrammeRecord]:
    """The programme records stored in a build; none when the build has no programmes.json."""
    data = index.extra(PROGRAMMES_FILE)
    return [] if data is None else from_json(data)
