"""Follow-up questions without an LLM: carry the earlier turns' subject into retrieval.

A turn's subjects are the programmes, municipalities and sectors it names (from the vocabulary).
A question that leans on earlier turns ("Hvem kan gi veiledning om det?", "Og fra Råde, da?") gets
the latest subject of each kind it does not name itself, and, when it is elliptical, the earlier
question's topic words. A question that names its own subject keeps it, unpolluted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.index import tokenize

# Words that point back at something said before (bokmål and nynorsk).
ANAPHORA = frozenset(
    "det den dette denne dem de disse der dit da deres dens dets samme slik sånn ho han dei dykk "
    "programmet ordningen ordninga programmene ordningene støtten tilskuddet "
    # "Kan kommuner være med likevel?": words that answer to what was said before.
    "likevel uansett heller".split()
)
# "Hvilke av kommunene var med?", "Hvem deltok?": taking part, with no word for what in; that is
# what the earlier turns spoke of.
_TAKES_PART = re.compile(r"\b(?:(?:er|var|være|vært|blir|ble|bli|blitt)\s+med|delta|deltar|deltok|deltatt)\W*$")
ELLIPSIS_OPENERS = ("og ", "men ", "hva med", "kva med", "enn ", "hva om", "kva om", "også ")
KINDS = ("programme", "municipality", "sector")
# Kinds named by common nouns, found in any inflection ("skolene"); names must match as written
# ("råd" is not "Råde", though both stem to "rad").
INFLECTED_KINDS = frozenset({"sector"})
# A question with at most this many content words and no subject of its own may be about the
# conversation's subject ("Hvor lenge kan man få støtte om gangen?").
SHORT_QUESTION_TERMS = 5
# Light verbs carry no subject ("Får vi dekket tiden ...?"): they do not make a question longer.
LIGHT_VERBS = frozenset(tokenize.tokens("få får fikk fått gi gir ga gitt gjøre gjør gjorde må måtte bør trenger"))
_AMOUNT_WORDS = frozenset(tokenize.tokens("mye mykje mange"))
# Idioms whose words would otherwise name a subject: "veien videre" is the way ahead, not roads.
# Folded, as `surface_form` writes them.
IDIOMS = (
    "veien videre", "vei videre", "veiene videre",
    # "bygge på" is to rest on, not building (the sector Teknisk).
    "bygge pa", "bygger pa", "bygges pa", "bygd pa", "bygget pa", "bygde pa",
)


@dataclass(frozen=True)
class Vocabulary:
    """Surface forms (folded, lower-case) to canonical names, per kind of subject."""

    terms: dict[str, dict[str, str]] = field(default_factory=dict)

    def find(self, text: str) -> dict[str, list[str]]:
        """Canonical names per kind, in order of appearance."""
        return {kind: [name for name, _ in found] for kind, found in self.find_with_words(text).items()}

    def find_with_words(self, text: str) -> dict[str, list[tuple[str, list[str]]]]:
        """Per kind: (canonical name, the words of `text` that named it), in order of appearance."""
        words = re.findall(r"[\w+]+", text)
        folded_words = [tokenize.fold(w.casefold()) for w in words]
        folded = " " + " ".join(folded_words) + " "
        for idiom in IDIOMS:
            # Blanked word by word, so that word positions stay as they were.
            folded = folded.replace(f" {idiom} ", " " + " ".join("_" * len(w) for w in idiom.split()) + " ")
        folded_words = folded.split()
        # The same words stemmed, so an inflected form names its subject too ("skolene", "kommunen").
        stemmed = " " + " ".join(_stem(w) for w in folded_words) + " "
        found: dict[str, list[tuple[str, list[str]]]] = {}
        for kind, forms in self.terms.items():
            hits: dict[str, tuple[int, list[str]]] = {}
            for form, canonical in forms.items():
                pos = folded.find(f" {form} ")
                if pos >= 0:
                    first = folded[:pos].count(" ")
                elif kind in INFLECTED_KINDS:
                    pos = stemmed.find(f" {' '.join(_stem(w) for w in form.split())} ")
                    if pos < 0:
                        continue
                    first = stemmed[:pos].count(" ")
                else:
                    continue
                typed = words[first : first + len(form.split())]
                if canonical not in hits or first < hits[canonical][0]:
                    hits[canonical] = (first, typed)
            if hits:
                found[kind] = [(name, typed) for name, (pos, typed) in sorted(hits.items(), key=lambda kv: kv[1][0])]
        return found


def _stem(word: str) -> str:
    """One folded word's stem (the word itself when it is a stop word or splits up)."""
    stems = tokenize.folded_tokens(word)
    return stems[0] if len(stems) == 1 else word


def surface_form(text: str) -> str:
    """How a vocabulary entry is matched: folded words separated by single spaces."""
    return " ".join(tokenize.fold(w) for w in re.findall(r"[\w+]+", text.casefold()))


@dataclass(frozen=True)
class Resolved:
    """The question as retrieval sees it, and what was carried over from earlier turns."""

    question: str
    query: str
    subjects: dict[str, list[str]]
    carried: dict[str, list[str]]
    topic_carried: bool = False
    # The words that named each subject, as typed (so a follow-up can swap them out of the topic).
    words: dict[str, list[str]] = field(default_factory=dict)
    # Subjects of the conversation a short question without its own subject may be about: they
    # steer retrieval towards their sections without being added to the question's words.
    soft: dict[str, list[str]] = field(default_factory=dict)
    # For a short turn without a subject of its own ("Hvilket år er tallene fra?" after "Hva sier
    # NIBR-rapporten om EU og kommunene?"): the earlier turn's query, which a turn leaning on this
    # one needs too ("Og hvor stor andel var det?").
    context: str = ""

    @property
    def is_followup(self) -> bool:
        return bool(self.carried) or self.topic_carried

    def programme_sections(self) -> tuple[list[str], list[str]]:
        """(programmes whose sections retrieval moves up, those it moves up softly).

        "Og i Råde?" after "Hvilke skoler i Moss har erfaring med Erasmus+?" is about the schools
        in Råde: Erasmus+ is part of the carried topic (in the query), not the section to look in,
        and even a soft boost kept the Erasmus+ section on top."""
        if self.topic_carried and any(kind != "programme" for kind in self.subjects if kind not in self.carried):
            return [], []
        return self.carried.get("programme", []), self.soft.get("programme", [])


def _leans_on_history(question: str, subjects: dict[str, list[str]]) -> tuple[bool, bool]:
    """(refers back, is elliptical) for a question."""
    lowered = question.casefold().strip()
    words = re.findall(r"\w+", lowered)
    # "Hvor mye kan vi få?": light verbs and words of amount name nothing to ask about.
    content = [t for t in tokenize.tokens(question) if t not in LIGHT_VERBS and t not in _AMOUNT_WORDS]
    # "Og fra Råde, da?", "Hva med Erasmus+?": an opener that continues the earlier question. A
    # short question is not elliptical by itself ("Hvem var prosjektleder?", "Hva er Norec?").
    elliptical = lowered.startswith(ELLIPSIS_OPENERS) or not content
    refers = elliptical or any(w in ANAPHORA for w in words) or bool(_TAKES_PART.search(lowered))
    return refers, elliptical and len(content) <= 3


def resolve(question: str, history: list[str], vocabulary: Vocabulary) -> Resolved:
    """Resolve `question` against the earlier user messages `history` (oldest first)."""
    previous: Resolved | None = None
    for turn in history:
        if turn.strip():
            previous = _resolve_one(turn, previous, vocabulary)
    return _resolve_one(question, previous, vocabulary)


def _resolve_one(question: str, previous: Resolved | None, vocabulary: Vocabulary) -> Resolved:
    found = vocabulary.find_with_words(question)
    subjects = {kind: [name for name, _ in items] for kind, items in found.items()}
    words = {kind: [w for _, typed in items for w in typed] for kind, items in found.items()}
    if previous is None:
        return Resolved(question, question, subjects, {}, words=words)
    refers, elliptical = _leans_on_history(question, subjects)
    if not refers:
        short = len([t for t in tokenize.tokens(question) if t not in LIGHT_VERBS]) <= SHORT_QUESTION_TERMS
        soft = {k: v for k, v in previous.subjects.items() if k not in subjects} if short else {}
        context = previous.query if short and not subjects else ""
        return Resolved(question, question, subjects, {}, words=words, soft=soft, context=context)
    # A short turn that was only softly about a subject ("Hvem kan gi veiledning?" after "Hva er
    # EØS-midlene?") hands that subject on to a turn that leans on it.
    before = {**previous.soft, **previous.subjects}
    carried = {kind: names for kind, names in before.items() if kind not in subjects}
    merged = {**carried, **subjects}
    extra: list[str] = [name for names in carried.values() for name in names]
    topic_carried = False
    # A sector carried alone stands for a topic word of the earlier turn ("strategi" for
    # Overordnet samfunnsutvikling): "Kva skal han byggje på?" needs that word, not the sector's name.
    if elliptical or not carried or set(carried) == {"sector"}:
        # "Og fra Råde, da?": keep the earlier question's topic, with this turn's subjects in place.
        topic = previous.query
        for kind in subjects:
            for word in previous.words.get(kind, []) + previous.subjects.get(kind, []):
                topic = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", " ", topic, flags=re.IGNORECASE)
        topic = " ".join(topic.split())
        # A subject the earlier turn was only softly about is not in its words: name it.
        extra = [topic] + [n for n in carried.get("programme", []) if n.casefold() not in topic.casefold()]
        if previous.context:
            extra.append(previous.context)
        topic_carried = True
    query = " ".join([question] + extra)
    carried_words = {kind: previous.words.get(kind, []) for kind in carried}
    return Resolved(question, query, merged, carried, topic_carried, words={**carried_words, **words})
