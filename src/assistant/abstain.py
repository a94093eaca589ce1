"""When to say "the sources do not answer this": checks that need no language model.

1. Weak evidence: the best sentence is not similar enough to the question (calibrated cosine), or
   almost none of the question's words (weighted by rarity) occur anywhere in the corpus: an
   off-topic question ("Hvem vant fotball-VM?") that dense retrieval would still match to something;
   likewise when the corpus knows only the names the question mentions ("Blir det regn i Moss?").
2. Unknown specifics: the question names a number (a year, an amount) or a proper name that occurs
   nowhere in the corpus, or asks about a thing ("Hvem er ordfører", "Hvilke svenske kommuner",
   "Hvor mange milliarder") whose word the corpus never uses (after "hvor stor" comes a measure,
   "andel", not the thing, so that phrase is left out), even as part of a compound or with
   one typing error; no passage can be about it. A company asked for ("Hvilket firma") is known
   when the evidence names one by its legal form ("... AS").
3. Unaddressed specifics: the answer's sentences (with their section titles) leave out a name or a
   number the question is about ("Ble strategien vedtatt i 2022?" answered without 2022), or no
   one passage joins what a which/who question asks about with the municipality or name it asks
   it of ("Hvilke vennskapskommuner har Råde?" answered about friendship towns in general), or
   no passage speaks of what the question applies for ("Hvordan søker jeg om byggetillatelse?"),
   of a practical or personnel detail it asks about (a form, a portal, pay, leave: `_DETAILS`), or
   of the country of a nationality it names ("svenske kommuner": Sverige).
4. Missing answer type: the question asks for a quantity, a time, a duration ("hvor lenge"), a
   decision ("gjort vedtak om") or contact details, and none of the chosen sentences contains
   one; a count ("hvor mange ansatte") needs a number in a sentence that names what is counted,
   a "how much" a number beside the question's words, "how much did it cost / did they get" an
   amount of money (beside whose it is, when the question says: "hvor mye kostet forstudien"), a
   share of something ("andel av søknadene") a number beside that thing, and "what came of it"
   an outcome rather than a plan ("vil bli evaluert"), in a sentence that names what the outcome
   is of ("resultatet av evalueringen"); the question's own numbers, years, dates ("9.02.21")
   and references ("Vedlegg 1") are no answer, nor is an amount of money to a count; names
   listed ("Moss, Råde, Vestby og Våler") answer a count.
Only the sentences closest to the question are judged (`AnswerParams.judge_margin`): a sentence
quoted for completeness must not make an unanswered question look answered.
Each check gives a reason, kept in the answer for the evaluation report and for debugging.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.index import tokenize
from assistant.language.synonyms import sources_words

QUANTITY = re.compile(
    r"\b(hvor|kor)\s+(mange|mye|mykje|stor|stort|store|høy|høgt|høyt|dyr|dyrt)\b|\bantall\b|beløp|\b(hva|kva)\s+(kost\w*|betal\w*)"
    # "Hva fikk Finess-Smart-Rådgivning betalt ...?": an amount of money.
    r"|\b(hva|kva)\s+(fikk|fekk|får|fått)\b(?=[^?]{0,40}\bbetalt\b)"
    # "Hva var totalbudsjettet for ...?": a budget is an amount; "hva var svarprosenten" a number.
    r"|\b(hva|kva)\s+(?:er|var|ble|blir|vart)\s+(?:\w+\s+)?\w*(?:budsjett|prosent(?!vis)|andel|finansieringsgrad|dekningsgrad)"
    # "Hvilken finansieringsgrad gir Grensekomiteen?": a rate.
    r"|\b(?:hvilken|hvilket|kva\s+for\s+(?:ein|eit))\s+\w*(?:finansieringsgrad|dekningsgrad|støttesats|tilskuddssats)"
    # A length, width or age ("Kor lang er Unionsleden?"); "hvor lang tid" is a duration.
    r"|\b(hvor|kor)\s+(lang|langt|lange|bred|bredt|brei|breitt|gammel|gamalt|gammelt)\b(?!\s+(?:\w*tid|period\w*)\b)",
    re.IGNORECASE,
)
# "Hvor mye større blir budsjettet?": a change, which "en dobling" answers as a number would.
_CHANGE = re.compile(
    r"\b(?:hvor|kor)\s+(?:mye|mykje|mange\s+ganger)\s+(?:større|mer|meir|mindre|høyere|høgare|lavere|lågare|færre|flere|fleire|øker|auker|økte|auka|vokser|veks)\b",
    re.IGNORECASE,
)
_HAS_CHANGE = re.compile(r"\b(?:\w*dobl\w*|dobbel\w*|\w*dobbelt|halver\w*|halvparten|økning|auke|vekst)\b", re.IGNORECASE)
# "How much did X get / cost": an amount of money, which a funding rate ("50 % dekning") is not.
MONEY = re.compile(
    r"\b(penger|pengar|kroner|euro|kostet|kosta|koster|kostar|betalte|betalt|fikk|fått|mottok|totalt|reisestøtte|per deltaker|hver deltaker)\b"
    # "totalbudsjettet", "maksbeløpet": a budget or a sum is money.
    r"|budsjett|beløp",
    re.IGNORECASE,
)
# "Hvor mye får hvert land?" asks for money too; "hvor mye får vi dekket?" asks for a rate.
_GETS = re.compile(r"\b(får|mottar|mottatt)\b", re.IGNORECASE)
_RATE = re.compile(r"dekk|dekning|prosent|andel|finansier|refunder", re.IGNORECASE)
_COST = re.compile(r"\b(?:kost(?!nad)\w*|betal\w*|budsjett\w*|kroner|euro)\b", re.IGNORECASE)
# "Hvor mye av ...", "hvor stor andel av ...", "hvor stor egenandel": a share, not an amount.
_SHARE = re.compile(
    r"\b(?:hvor|kor)\s+(?:(?:mye|mykje|stor\s+del|stor\s+andel)\s+av|(?:stor|høy|høg)\s+\w*(?:andel|prosent\w*))\b", re.IGNORECASE
)
# "Finansieringsgrad: P.t. uklart": the sources say the amount or time is not settled, which answers.
_UNSETTLED = re.compile(r"\b(?:uklart|uavklart|ikke (?:oppgitt|avklart|fastsatt|bestemt|kjent)|ukjent)\b", re.IGNORECASE)
_HAS_MONEY = re.compile(r"\d[\d’' .,]*\s*(kr\b|kroner|nok\b|euro|mill|milliard)|\b(kr|nok|euro)\s*\d", re.IGNORECASE)
# "Vedlegg 1", "side 3", "figur 2": a reference, not a quantity.
_REFERENCE = re.compile(r"\b(vedlegg|side|s\.|figur|tabell|kapittel|punkt|nr\.?)\s*\d+", re.IGNORECASE)
TIME = re.compile(r"^\s*(når|nar|kva tid|hvilket år|hvilken dato)\b|\bi så fall (?:når|nar|kva tid)\b|frist|\bdato\b", re.IGNORECASE)
# "Når vedtok ...?": a question of when, not of what came of it.
_ASKS_WHEN = re.compile(r"\s*(?:når|nar|kva tid|hvilket år|hvilken dato)\b", re.IGNORECASE)
# "Har kommunestyret gjort vedtak om ...?": a decision, which the evidence must speak of.
DECISION = re.compile(r"\b(vedtak\w*|vedtatt|vedtok|vedteke|vedtek|besluttet|beslutning\w*)\b", re.IGNORECASE)
_HAS_DECISION = re.compile(
    r"\b(vedtak\w*|vedtatt|vedtok|vedtas|vedteke|besluttet|beslutning\w*|godkjent\w*|godkjen\w*|bestemt|sluttbehandl\w*|behandlet|behandling)\b",
    re.IGNORECASE,
)
# "Vedtok rådet å sette i gang forstudien?": a decision to start, which a council that "i møte
# 9.02.21 initiert en forstudie" made; following a study up is no start.
_TO_START = re.compile(r"\bå\s+(?:sette\s+i\s+gang|setje\s+i\s+gang|starte|initiere|igangsette)\b", re.IGNORECASE)
_HAS_START = re.compile(r"\b(?:initiert\w*|igangsatt\w*|startet|satt\s+i\s+gang)\b", re.IGNORECASE)
# "Hvor lenge varte det", "hvor lang saksbehandlingstid": a duration ("ett år", "tre måneder",
# "2021-2023").
DURATION = re.compile(r"\b(hvor|kor)\s+(lenge|lang\s+(?:\w*tid|periode|perioden|periodar|perioder)|(?:mye|mykje)\s+tid)\b", re.IGNORECASE)
_HAS_DURATION = re.compile(
    r"\b(\d+(?:[.,]\d+)?|ett|et|en|ei|to|tre|fire|fem|seks|sju|syv|åtte|ni|ti|noen|flere|et par)\s+(år(?:et|ene|a)?|måned\w*|uke\w*|dag\w*|timer?)\b"
    r"|\b(19|20)\d{2}\s*[-–]\s*(19|20)?\d{2}\b|\b(årig|varig|langsiktig\w*|kortvarig\w*)\b",
    re.IGNORECASE,
)
CONTACT = re.compile(r"telefon|e-?post|epost|mailadresse|adresse|kontaktperson", re.IGNORECASE)

CARDINALS = (
    "to tre fire fem seks sju syv åtte ni ti elleve tolv femten tjue tretti førti femti seksti "
    "sytti åtti nitti hundre tusen million millioner milliard halv halvparten halvdel"
).split()
# A rate in words ("full dekning") answers "how much"; it counts nothing.
NUMBER_WORDS = CARDINALS + "full fullt prosent dekning fullfinansiering".split()
MONTHS_SEASONS = (
    "januar februar mars april mai juni juli august september oktober november desember "
    "vår våren sommer sommeren høst høsten vinter vinteren halvår halvår"
).split()
# A digit inside a name ("Horizon2020") is no quantity.
_HAS_NUMBER = re.compile(r"\b\d|%|\b(" + "|".join(NUMBER_WORDS) + r")\b", re.IGNORECASE)
_OF_COSTS = re.compile(r"kost|utgift|budsjett|midl|penge|finansier|tilskudd|støtte", re.IGNORECASE)
_COUNT_ADJECTIVES = frozenset(tokenize.folded_tokens("nye store små ulike andre norske forskjellige flere egne aktive"))
_HAS_COUNT = re.compile(r"\b\d|%|\b(" + "|".join(CARDINALS) + r")\b", re.IGNORECASE)
# A date (9.02.21), a year (2021) or a month or season; a bare digit such as "(1)" is no time.
_HAS_TIME = re.compile(r"\b\d{1,2}\.\d{1,2}\b|\b(19|20)\d{2}\b|\b(" + "|".join(MONTHS_SEASONS) + r")\b", re.IGNORECASE)
# "Hvilket firma / konsulentselskap": a company, which the sources name by its legal form
# ("Finess-Smart-Rådgivning AS") rather than by the word the question uses.
COMPANY = re.compile(r"selskap|firma|bedrift|foretak|konsulent|leverandør", re.IGNORECASE)
_HAS_COMPANY = re.compile(r"\b[A-ZÆØÅ][\w-]*\s+(?:AS|ASA|SA|AB|A/S|GmbH|Ltd)\b")
_HAS_CONTACT = re.compile(r"@|\+?\d[\d ]{6,}\d|https?://|www\.", re.IGNORECASE)
# A web address is the contact a question for a page or a link asks; a phone number, an e-mail
# address or a person is not given by a programme's web page.
_ASKS_WEB = re.compile(r"nettside|nettadresse|hjemmeside|nettstad|lenke|link|url", re.IGNORECASE)
_WEB = re.compile(r"https?://\S+|www\.\S+", re.IGNORECASE)


def has_contact(question: str, text: str) -> bool:
    """`text` holds the contact `question` asks for: any for a web page, else one besides a web
    address."""
    return bool(_HAS_CONTACT.search(text if _ASKS_WEB.search(question) else _WEB.sub(" ", text)))
_CAPITALISED = re.compile(r"(?<![.!?]\s)(?<!^)\b([A-ZÆØÅ][a-zæøåäöé]{2,}(?:-[A-ZÆØÅa-zæøå]+)*)\b")
# An acronym of three letters or more ("DIKU", "DIKUs", "MNU"); two-letter ones (EU, KS) are too
# general to demand of an answer.
_ACRONYM = re.compile(r"\b([A-ZÆØÅ]{3,})(?:s)?\b")


@dataclass(frozen=True)
class Verdict:
    answerable: bool
    reason: str


# "Hvem er X", "Hvilke X", "Hvor mange X", "Hva heter X": X is what the question is about.
_FOCUS = re.compile(
    r"^\s*(?:hvem er|hva er|kven er|kva er|hvilke|hvilken|hvilket|kva for|hva for|hvor mange|kor mange|hva heter|hva het)\s+"
    # "tematiske områder", "høgare utdanningsinstitusjonar": the noun after an adjective.
    r"(?:(?:[^\W\d_]+(?:iske|ige|lige)|høyere|høgare|høgre|større|mindre|eldre|nyere|nyare|bedre|betre|lavere|lågare)\s+)?([^\W\d_]+)"
    # Nynorsk "Kva vennskapskommunar har Råde?" (read "Hva vennskapskommuner har ..."): "hva" and
    # a noun, told from a verb by the verb after it.
    r"|^\s*(?:hva|kva)\s+([^\W\d_]+)\s+(?:har|hadde|er|var|finnes|fins|finst|gjelder|skal|kan|bør|må|får)\b"
    # "Hvem ble intervjuet?": who something was done to; the doing is what is asked about.
    r"|^\s*(?:hvem|kven)\s+(?:ble|blei|vart|har\s+blitt|er\s+blitt|hadde\s+blitt)\s+([^\W\d_]+)",
    re.IGNORECASE,
)
_COUNT = re.compile(
    r"\b(?:(?:hvor|kor)\s+mange|andel(?:en)?\s+av|prosent(?:en)?\s+av)\s+((?:[^\W\d_]+\s+){0,2}[^\W\d_]+)", re.IGNORECASE
)
# "Hva ble resultatet av ...", "Hva kom ut av ...": an outcome, which a plan ("planlagt", "vil bli
# evaluert") is not; "resulterte i", "ble vedtatt" are outcomes.
RESULT = re.compile(r"\b(resultat\w*|utfall\w*|så langt|hittil|til nå|til no|kom ut av|kom (?:fram|frem) i|kom\s+(?:[^\W\d_]+\s+){0,3}(?:fram|frem)\s+til|konklu\w+|til slutt|endte|endelig|ble (?:bestemt|vedtatt|besluttet|avgjort|konkludert)|vedtok|besluttet)\b", re.IGNORECASE)
# "Resultatet av evalueringen": what the outcome is of; an answer must speak of it.
# "Kva kom fram i intervjua?": what the interviews brought out.
_RESULT_OF = re.compile(r"\b(?:(?:resultat\w*|utfall\w*)\s+(?:av|fra|etter)|kom\s+(?:fram|frem)\s+i)\s+((?:[^\W\d_]+\s+){0,2}[^\W\d_]+)", re.IGNORECASE)
# "Hvor mye kostet forstudien", "hvor mye (penger) fikk Moss": whose amount is asked for.
# "Hva kostet det å gjennomføre forstudien": the forstudie's.
_PAID = re.compile(
    r"\b(?:(?:hvor|kor)\s+(?:mye|mykje)\s+(?:penger\s+|pengar\s+|støtte\s+)?|(?:hva|kva)\s+)"
    r"(?:kost\w*|betal\w*|fikk|fekk|mottok)\s+(?:(?:det|dette|den)\s+(?:å\s+[^\W\d_]+\s+)?)?((?:[^\W\d_]+\s+){0,2}[^\W\d_]+)",
    re.IGNORECASE,
)
# "Hvordan søker jeg (om) byggetillatelse": what is applied for; the evidence must speak of it.
_APPLY_FOR = re.compile(
    r"\bsøk(?:e|er|je|jer)\s+(?:jeg\s+|eg\s+|vi\s+|man\s+|dere\s+)?(?:om\s+|på\s+)?"
    # "... slår seg sammen og søker sammen": how they apply, not what for.
    r"(?!(?:sammen|saman|felles|alene|åleine|selv|sjølv|direkte|også|òg|nå|no|da|derfor)\b)((?:[^\W\d_]+(?:-[^\W\d_]+)*\s+){0,2}[^\W\d_]+(?:-[^\W\d_]+)*)",
    re.IGNORECASE,
)
# "Hvordan fyller man ut søknadsskjemaet?", "Korleis sender vi inn rapporten?": a step of a
# procedure done to a thing, which a passage must speak of.
_HOW_TO = re.compile(
    r"^\s*(?:hvordan|korleis)\s+[^\W\d_]+\s+(?:man|vi|jeg|eg|me|dere|de|en|ein)\s+(?:ut|inn|opp|fram|frem)\s+"
    r"((?:[^\W\d_]+(?:-[^\W\d_]+)*\s+){0,2}[^\W\d_]+(?:-[^\W\d_]+)*)",
    re.IGNORECASE,
)
_FUNDING = tuple(tokenize.folded_tokens("penger midler støtte tilskudd finansiering bidrag stipend prosjekt program"))
_GENITIVE = re.compile(r"^(?:[A-ZÆØÅ][\w+-]*s\s+|[^\W\d_]+\s+(?:si|sin|sitt|sine)\s+)")
_PLANNED = re.compile(r"\b(planlagt|planlegges|skal|vil(?:\s+\w+)?\s+bli|blir|på veg|på vei|arbeides nå|er under|p\.t\.)", re.IGNORECASE)
_OUTCOME = re.compile(r"\b(resulterte|resultat\w*|førte til|ble|har gitt|ga|viste|vedtok|vedtatt|gjennomført)\b", re.IGNORECASE)
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
# Names listed ("Moss, Råde, Vestby og Våler") answer "how many" by being counted.
_ENUMERATION = re.compile(r"\b[A-ZÆØÅ][\w-]+(?:,\s*[A-ZÆØÅ][\w-]+)+,?\s+(?:og|and)\s+[A-ZÆØÅ][\w-]+")
# A date ("møte 9.02.21") says when, not how much or how many.
_DATE = re.compile(r"\b\d{1,2}\.\d{1,2}\.(?:\d{4}|\d{2})\b")
# An amount of money with its currency ("100’-400’ kr", "20 mill kr", "30 mill NOK").
_AMOUNT = re.compile(r"\d[\d’' .,\-–]*\s*(?:kr\b|kroner|nok\b|euro|mill\w*\s*(?:kr|nok|euro)\b)", re.IGNORECASE)
_NUMBER = re.compile(r"\b\d+(?:[.,]\d+)?\b")
# Not a thing the question asks about: pronouns and superlatives, and words naming the kind of
# answer ("hvilken dato", "hva er tittelen", "hva er navnet"), which the sources give as a date,
# a title or a name without using the word.
_NOT_FOCUS = frozenset(
    "det den de en et ei vi dere man noen mest best flest fleste størst største egentlig "
    "liksom altså egentleg eigentleg forresten "
    "dato datoen år året tidspunkt tidspunktet dag dagen måned måneden uke uka uken "
    "tittel tittelen navn navnet prosent prosenten prosentandel prosentandelen andel andelen status statusen "
    # The kind of answer, not a thing: "hvilket beløp?" is answered by "100’-400’ kr", "hvilke
    # kjennetegn?" by what the projects must be.
    "beløp beløpet beløpa beløpene sum summen summer kjennetegn kjennetegnet kjennetegna kjennetegnene "
    "egenskap egenskaper egenskapene oppskrift oppskrifta oppskriften del deler delene "
    # "Hva er poenget med ...?", "Hvilke gevinster ...?", "Hva er drivkraften ...?": a purpose, a
    # gain or a motive, which the sources give as reasons ("Utvikling av kommunens
    # tjenesteproduksjon", "en motivasjon for å bidra") without the word.
    "poeng poenget vits vitsen mening meningen meininga gevinst gevinsten gevinster gevinstene "
    "drivkraft drivkraften drivkrefter drivkreftene "
    # "Hva er annerledes med ...?", "Hva er forskjellen ...?": a difference, which the sources state.
    "annerledes forskjell forskjellen forskjellene "
    # "Hva er rapportens dom over ...?": the document itself, which every passage is of.
    "rapportens forstudiens utredningens "
    # Kinds of thing: "Hvilke fagfelt ...?" asks for fields, whatever the report calls them.
    "fagfelt fagfeltet fagfelter fagfelta fagområde fagområdet fagområder fagområda felt feltet "
    "tema temaet temaer temaene emne emnet emner kategori kategorien kategorier slags type typer "
    # "Hvilke kommunalområder i Moss har vært med?": the report names them ("oppvekst-,
    # kommunalteknikk- og helse-/mestringsområdene"), not the kind.
    "kommunalområde kommunalområdet kommunalområder kommunalområda kommunalområdene "
    "sektor sektoren sektorer sektorane sektorene "
    # "Hvilken samarbeidsform eller ordning er aktuell?": the form is answered by its name.
    "samarbeidsform samarbeidsformen samarbeidsformer samarbeidsformene "
    # "Hvilke verdensdeler ...?": places, which the sources name ("Afrika, Asia og Latin-Amerika").
    "verdensdel verdensdeler verdensdelene verdsdel verdsdelar verdsdelane kontinent kontinenter kontinentene".split()
)


def _one_edit(a: str, b: str) -> bool:
    """One letter changed, left out, added, or two neighbours swapped ("nroec" for "norec")."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return a == b
    if len(a) == len(b):
        diff = [i for i, (x, y) in enumerate(zip(a, b)) if x != y]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def known(term: str, vocabulary: set[str], head_only: bool = True) -> bool:
    """A folded stem the corpus uses: as is, inside a compound (head or tail), or one typo away.
    Without `head_only`, a compound is not known by its first part alone: "søknadsportal" is no
    kind of "søknad" the corpus speaks of, while "utvekslingsprosjekt" is a kind of "prosjekt"."""
    if term in vocabulary:
        return True
    if len(term) >= 4 and any(w.startswith(term) or (len(term) >= 5 and w.endswith(term)) for w in vocabulary):
        return True
    if any(len(w) >= 5 and ((head_only and term.startswith(w)) or term.endswith(w)) for w in vocabulary):
        return True
    if not head_only and _two_known_words(term, vocabulary):
        return True
    # "a" typed for "æ" (folded "ae"): "barekraftsmål" is one typo from "bærekraftmål".
    loose = term.replace("ae", "a")
    return len(term) >= 5 and any(
        _one_edit(term, w) or _one_edit(loose, w.replace("ae", "a")) for w in vocabulary if abs(len(w) - len(term)) <= 2
    )


# "Hvilke tjenesteområder ...?", "virksomhetsområdene": a kind of area, which the sources name
# ("oppvekst-, kommunalteknikk- og helse-/mestringsområdene") rather than call so. Plain
# "områder" is found in any such name, so it stays a focus.
_KIND_OF_AREA = re.compile(r"\wområd(?:e|et|er|ene|a)$", re.IGNORECASE)


def asked_sentence(question: str) -> str:
    """The sentence that asks, after any sentences of context ("Jeg leste at Spetalen skole har
    erfaring fra Erasmus+. Hvem er rektor der?")."""
    last = _CONTEXT_BEFORE.split(question.strip())[-1]
    if QUESTION_OPENER.match(last):
        return last
    # "Rapporten anbefaler KS ... som samarbeidspartner – hvem leder den avdelingen?": a statement,
    # then the question after a dash ("Hvorfor ... – hva er tanken bak?" asks from its start).
    return _DASH_BEFORE.split(last)[-1]


# A sentence of context ends before a capital letter ("... Erasmus+. Hvem ...", "Rapporten nemner
# ... samarbeidspartnar. Kven ..."); "ev. Europeiske" and "bl.a." are no sentence ends.
_CONTEXT_BEFORE = re.compile(r"(?<=[^.\s]{3}[.!:])\s+(?=[A-ZÆØÅ])")
_QUESTION_WORDS = r"hvem|hva|hvor|hvilke[nt]?|når|hvordan|hvorfor|kven|kva|kvar|kor|korleis|kvifor"
# A question word opening a sentence or a part of a question.
QUESTION_OPENER = re.compile(rf"\s*(?:{_QUESTION_WORDS})\b", re.IGNORECASE)
_DASH_BEFORE = re.compile(rf"\s+[–—-]\s+(?=(?i:{_QUESTION_WORDS})\b)")


def _two_known_words(term: str, vocabulary: set[str]) -> bool:
    """`term` is a corpus word with an ending ("styrelederen" for "styreled"), or two corpus words
    joined, with or without a linking "s" or "e" ("framtidsfag", "samarbeidsform")."""
    for cut in range(4, len(term)):
        head, tail = term[:cut], term[cut:]
        # "klimamål": "klima" is stemmed "klim" in the corpus's words.
        if head not in vocabulary and not (head[-1] in "ae" and head[:-1] in vocabulary):
            continue
        if len(tail) <= 3 and cut >= 5:
            return True
        if tail in vocabulary or (tail[0] in "se" and tail[1:] in vocabulary and len(tail) > 3):
            return True
    return False


# "hvilken vektlegger Viken?": a verb and its subject after the question word; no thing is named.
_VERB_THEN_SUBJECT = re.compile(
    r"^\s*(?i:hvilke[nt]?|kva\s+for)\s+[^\W\d_]+(?:er|ar|te|de)\s+"
    r"(?:[A-ZÆØÅ][\w-]*|(?i:vi|me|de|dei|dere|man|jeg|eg|rapporten|forstudien|kommunen|kommunene))\b"
)


def focus_word(question: str) -> str | None:
    """The word a "which/who/how many" question asks about ("vennskapskommuner"), or None."""
    found = _FOCUS.match(question) or _FOCUS.match(asked_sentence(question))
    word = found.group(1) or found.group(2) or found.group(3) if found else None
    if word and (_VERB_THEN_SUBJECT.match(question) or _VERB_THEN_SUBJECT.match(asked_sentence(question))):
        return None
    if not word or word.casefold() in _NOT_FOCUS or _KIND_OF_AREA.search(word):
        return None
    return word


def unknown_focus(question: str, vocabulary: set[str]) -> str | None:
    """The word a "which/who/how many" question (or a part of it: "hvordan logger vi inn, og
    hvilke skjema må fylles ut") asks about, when the corpus never uses it."""
    from assistant.answer import question_parts

    for word in [focus_word(question)] + [focus_word(part) for part in question_parts(question)]:
        stems = tokenize.folded_tokens(word) if word else []
        # A short stem ("tem" of "tema") is too short to find in a compound; the word as typed is not.
        surface = tokenize.fold(word.casefold()) if word else ""
        # Staff's word for what the sources call otherwise ("læresteder": "universitet høgskole").
        others = tokenize.folded_tokens(sources_words(word)) if word else []
        if stems and not any(known(t, vocabulary, head_only=False) for t in stems + [surface]) and not (
            others and all(known(t, vocabulary) for t in others)
        ):
            return word
    return None


def unknown_specifics(question: str, vocabulary: set[str], known_names: set[str] = frozenset()) -> list[str]:
    """Numbers and mid-sentence proper names of the question that the corpus never mentions (nor
    `known_names`, folded stems of names understood otherwise, such as the matcher's countries)."""
    unknown = []
    for number in re.findall(r"\b\d{2,}\b", question):
        if number not in vocabulary:
            unknown.append(number)
    for name in _CAPITALISED.findall(question):
        folded = tokenize.folded_tokens(name)
        if not folded or any(t in vocabulary or t in known_names for t in folded):
            continue
        # "Euorpa": one typo from a name the corpus uses; "Brussel-kontoret": a compound whose last
        # part the corpus uses ("Europakontoret").
        if any(_one_typo_from(vocabulary, t) for t in folded):
            continue
        last = tokenize.folded_tokens(name.rsplit("-", 1)[-1]) if "-" in name.strip("-") else []
        if last and all(known(t, vocabulary) for t in last):
            continue
        unknown.append(name)
    focus = unknown_focus(question, vocabulary)
    if focus and focus not in unknown:
        unknown.append(focus)
    return unknown


# Practical and personnel details a question may ask for that a strategy report rarely gives: an
# application form or portal, a log-in, a processing time, pay, leave, overtime, insurance,
# travel costs, VAT and accounts, a grant to a private person. A question speaking of one is
# answered only by a passage that speaks of it too ("Hvilke skjema må fylles ut?" is not answered
# by the programme's funding rate). A form counts beside applying only: "de som fylte ut skjemaet"
# are the survey's respondents.
_DETAILS = re.compile(
    r"\b(?:søknadsskjema\w*|søknadsportal\w*|portal(?:en|er|ene)?|innlogging\w*|logg(?:er|e)(?=\s+(?:\w+\s+)?inn\b)"
    r"|passord\w*|brukernavn\w*|\w*behandlingstid\w*"
    r"|lønn(?:a|en)?|løn|overtid\w*|permisjon\w*|tariff\w*|ferie(?:n|r|ne|dager)?|arbeidstid\w*|forsikring\w*"
    r"|reiseregning\w*|diett\w*|visum\w*|hotell\w*|overnatting\w*|flybillett\w*|merverdiavgift\w*"
    r"|revisjon\w*|revisor\w*|regnskap\w*|privatperson\w*|stipend\w*|semester\w*|moms\w*|mva\w*"
    # Public procurement ("Må vi følge reglene for offentlige anskaffelser?").
    r"|anskaffelse\w*|innkjøp\w*|anbud\w*"
    # The language an application is written in ("Må søknaden skrives på engelsk?").
    r"|engelsk\w*"
    # Signing up, and who goes along ("ledsager", "assistentene").
    r"|påmelding\w*|meld(?:e|er)(?=\s+(?:\w+\s+)?(?:oss|seg|meg|dere)\s+på\b)|ledsager\w*|assistent\w*)\b",
    re.IGNORECASE,
)
_FORM = re.compile(r"\bskjema(?:et|er|ene|a)?\b", re.IGNORECASE)
_APPLYING = re.compile(r"\bsøk(?:e|er|te|t|nad\w*)?\b|\bsoek\w*", re.IGNORECASE)


def asked_details(question: str) -> list[str]:
    """The detail words (`_DETAILS`) the question speaks of ("søknadsportalen", "lønn")."""
    found = [m.group(0) for m in _DETAILS.finditer(question)]
    if _APPLYING.search(question):
        found += [m.group(0) for m in _FORM.finditer(question)]
    return list(dict.fromkeys(found))


def _noun_phrase(words: str) -> list[str]:
    """Folded stems of the words up to the first function word ("gratis kursplasser | for ...",
    "ansatte | har ...")."""
    stems: list[str] = []
    for word in words.split():
        folded = tokenize.folded_tokens(word)
        if not folded:
            break
        stems.extend(folded)
    return stems


def _mentions(text: str, stem: str, strict: bool = False) -> bool:
    """`text` has the stem as a word, a compound part, or the start of a longer word ("nord" in
    "nordiske", "europ" in "europeisk", "del" in "delt"). Strict: the word of `text` must contain
    the stem, so "vennskapskommun" is not mentioned by "kommune"."""
    words = tokenize.folded_tokens(text)
    if strict:
        return any(w == stem or (len(stem) >= 4 and (w.startswith(stem) or w.endswith(stem))) for w in words)
    return any(tokenize.same_word(stem, w) or (len(stem) >= 3 and w.startswith(stem)) for w in words)


# "vedtok (X) å <verb> <object>", "vedtak om å <verb> <object>": what was decided.
_DECIDED_TO = re.compile(r"\b(?:vedt\w*|besluttet|beslutning\w*)\b[^?.]{0,40}?\bå\s+[^\W\d_]+\s+((?:[^\W\d_]+\s*){1,6})", re.IGNORECASE)
# "sette i gang": a verb's particle, not what was decided.
_PARTICLES = frozenset("av opp ut inn på til i for med om en et ei egen eget egne sin sitt sine den det de noen mer flere gang".split())


def decided_thing(question: str) -> str | None:
    """The folded stem of the first noun of what a question asks was decided ("stilling" in
    "Vedtok regionrådet å sette av en egen stilling ...?"), or None."""
    found = _DECIDED_TO.search(question)
    if not found:
        return None
    for word in found.group(1).split():
        if word.casefold() not in _PARTICLES and len(word) >= 4:
            stems = tokenize.folded_tokens(word)
            return stems[0] if stems else None
    return None


def missing_answer_type(question: str, sentences: list[str], sections: list[str] = (), query: str | None = None) -> str | None:
    """The kind of answer the question wants that no chosen sentence supplies, or None.

    A number answers "how much" only in a sentence that shares a word with the question (its
    section title counts): "20 mill kr" for another project is no membership fee. `query` is the
    question with what it carries from earlier turns ("Hvor mye dekker den?" + "Interreg")."""
    text = " ".join(sentences)
    if CONTACT.search(question) and not has_contact(question, text):
        return "contact"
    # "Når vedtok rådet å sette i gang forstudien?" asks when, which the time check judges.
    if RESULT.search(question) and not _ASKS_WHEN.match(asked_sentence(question)):
        if _PLANNED.search(text) and not _OUTCOME.search(text):
            return "outcome"
        of = _RESULT_OF.search(question)
        # "resultatet av DIKU si evaluering", "DIKUs evaluering": the evaluation, not DIKU.
        stems = _noun_phrase(_GENITIVE.sub("", of.group(1))) if of else []
        if stems and not any(_mentions(s, t) for s in sentences for t in stems):
            # "Hva ble resultatet av evalueringen?" answered by what was tested, not by how the
            # evaluation came out.
            return "outcome"
    if TIME.search(question) and not _UNSETTLED.search(text):
        if not _HAS_TIME.search(text):
            return "time"
        from assistant.answer import asks_document_date, question_parts, topic_terms

        # The time must stand beside what it is the time of: "Horisont 2020" in a passage about
        # Horizon Europe is no deadline for Viken's grants. A dateline ("Moss 07.09.21") dates the
        # document a question asks about by itself.
        terms = {t for t in topic_terms(TIME.sub(" ", query or question)) if not t.isdigit()}
        contexts = [f"{section} {s}" for s, section in zip(sentences, list(sections) + [""] * len(sentences))]
        dated = asks_document_date(question, question_parts(question))
        if terms and not dated and not any(_HAS_TIME.search(s) and any(_mentions(c, t) for t in terms) for s, c in zip(sentences, contexts)):
            return "time"
    if DURATION.search(question) and not _HAS_DURATION.search(text):
        return "duration"
    started = _TO_START.search(question)

    def decides(text: str) -> bool:
        return bool(_HAS_DECISION.search(text) or (started and _HAS_START.search(text)))

    if DECISION.search(question) and not decides(" ".join([text, *sections])):
        # A section title may say it: "Digitale Europa (på gang, p.t. ikke formelt vedtatt ...)".
        return "decision"
    decided = decided_thing(question) if DECISION.search(question) else None
    if decided and not any(
        decides(f"{section} {s}") and _mentions(f"{section} {s}", decided)
        for s, section in zip(sentences, list(sections) + [""] * len(sentences))
    ):
        # "Vedtok regionrådet å sette av en egen stilling ...?": a project plan approved is no
        # decision about a position.
        return "decision"
    if QUANTITY.search(question):
        # The question's own numbers ("budsjettet for 2021-2027"), years, dates and references
        # ("Vedlegg 1") are context, not an amount.
        own = set(_NUMBER.findall(question))
        sentences = [
            _NUMBER.sub(lambda m: " " if m.group(0) in own else m.group(0), _YEAR.sub(" ", _DATE.sub(" ", _REFERENCE.sub(" ", s))))
            for s in sentences
        ]
        bare = " ".join(sentences)
        counting = _COUNT.search(question)
        change = _CHANGE.search(question)

        def amount(sentence: str) -> bool:
            # "Full dekning" is a share of the costs, not of the applications.
            number = _HAS_COUNT if counting and not _OF_COSTS.search(counting.group(1)) else _HAS_NUMBER
            return bool(
                number.search(sentence)
                or (counting and _ENUMERATION.search(sentence))
                or _UNSETTLED.search(sentence)
                or (change and _HAS_CHANGE.search(sentence))
            )

        if not amount(bare):
            return "quantity"
        asks_money = MONEY.search(question) or (_GETS.search(question) and not _RATE.search(question))
        # "Hvor mye av regningen tar EU": a share, which a rate ("60 %") answers.
        money = asks_money and not counting and not change and not (_SHARE.search(question) and not _COST.search(question))
        if money and not _HAS_MONEY.search(bare) and not _UNSETTLED.search(bare):
            return "amount"  # "hvor mange land får penger" counts countries, not money
        from assistant.answer import topic_terms

        terms = {t for t in topic_terms(QUANTITY.sub(" ", query or question)) if not t.isdigit()}
        contexts = [f"{section} {s}" for s, section in zip(sentences, list(sections) + [""] * len(sentences))]
        if terms and not any(amount(s) and any(_mentions(c, t) for t in terms) for s, c in zip(sentences, contexts)):
            return "quantity"
        for paid in _PAID.finditer(question) if money else ():
            # Every amount asked for must stand beside whose it is: "100'-400' kr" for pre-projects
            # is not what the pre-study cost.
            stems = _noun_phrase(paid.group(1))
            if stems and not any(_HAS_MONEY.search(s) and any(_mentions(s, t) for t in stems) for s in sentences):
                return "amount"
        if counting and not _OF_COSTS.search(counting.group(1)):
            # "Hvor mange ansatte ...": a number in a sentence that names what is counted; a share
            # of the costs is a funding rate ("Opptil 60 % tilskuddsdekning"), which names no costs.
            # An amount of money ("100'-400' kr") counts nothing.
            # What is counted is the phrase's first noun ("partnerbyer | må man"), after an adjective.
            stems = _noun_phrase(counting.group(1))
            stems = stems[1:2] if stems[:1] and stems[0] in _COUNT_ADJECTIVES else stems[:1]
            counts = [_AMOUNT.sub(" ", s) for s in sentences] if not money else sentences
            if stems and not any(amount(c) and any(_mentions(s, t) for t in stems) for s, c in zip(sentences, counts)):
                return "count"
    return None


def counted_outright(question: str, sentences: list[str]) -> bool:
    """A count question ("Hvor mange land kan motta EØS-midler?") that a sentence answers outright,
    with a number right before what is counted ("ca. 15 land"): evidence no question-only prior
    should overrule."""
    counting = _COUNT.search(question)
    if not counting or _OF_COSTS.search(counting.group(1)):
        return False
    stems = _noun_phrase(counting.group(1))
    stems = stems[1:2] if stems[:1] and stems[0] in _COUNT_ADJECTIVES else stems[:1]
    if not stems:
        return False
    for sentence in sentences:
        for number in _COUNTED.finditer(_YEAR.sub(" ", _DATE.sub(" ", sentence))):
            counted = tokenize.folded_tokens(number.group(1))
            if counted and tokenize.same_word(counted[0], stems[0]):
                return True
    return False


# A number and the word after it ("15 land", "fire kommuner").
_COUNTED = re.compile(r"(?:\b\d+|\b(?:" + "|".join(CARDINALS) + r"))\s+([^\W\d_]+)", re.IGNORECASE)


_WHO = re.compile(r"^\s*(?:hvem|kven)\b", re.IGNORECASE)
# "Hvilke deler av verden ...", "hvilke land": places, which the sources list by name ("Norge,
# Afrika, Asia og Latin-Amerika").
PLACES = re.compile(
    r"\b(?:hvilke[nt]?|kva\s+for|hva\s+slags)\s+(?:deler?\s+av\s+verden|verdensdel\w*|land|landa|landene|region\w*|kontinent\w*)\b"
    r"|\b(?:hvor|kor)\s+i\s+(?:verden|verda)\b",
    re.IGNORECASE,
)


# "Hva heter prosjektet?", "Hvilke kommuner fikk kursplassene?", "hvilke land er partnerne fra?":
# names, which an answer gives by name ("Ramberg skole", "Sverige"), not as "norske kommuner".
NAMED = re.compile(
    r"^\s*(?:hva|kva)\s+(?:heter|het|heiter|heitte)\b"
    # "Kva land ...?" is read "Hva land ...?".
    r"|\b(?:hvilke[nt]?|kva\s+for|hva\s+for|hva|kva)\s+(?:(?:en|ein|ei|et|eit)\s+)?(?P<kind>(?P<countries>land|landa|landene)|\w*kommune|\w*kommuner|\w*kommunene|\w*kommunar|\w*kommunane"
    r"|by|byer|byene|byar|skole\w*|skule\w*|fylke\w*|universitet\w*|høgskole\w*|høyskole\w*|organisasjon\w*|bedrift\w*|selskap\w*|firma\w*)\b",
    re.IGNORECASE,
)
# The plain kinds: "Hvilke skoler ...?" is answered by "Verket, Ramberg og Spetalen" without the
# word; "hvilket firma" by "... AS".
_BASE_KINDS = frozenset(
    "kommune kommuner kommunene kommunar kommunane by byer byene byar skole skoler skolene skolen skule skular "
    "skulane fylke fylker fylka fylkene universitet universiteter universiteta universitetene høgskole høgskoler "
    "høgskolene høyskole høyskoler høyskolene organisasjon organisasjoner organisasjonene bedrift bedrifter "
    "bedriftene selskap selskaper selskapene firma firmaer firmaene".split()
)
# Stems of the matcher's place names that name no place by themselves ("land" of "EØS-land").
_GENERIC_PLACES = frozenset({"land", "omrad", "sor", "ost", "sentral", "el", "hell", "vastra", "sri", "lank", "latin"})
# Countries named as a group ("de nordiske landene", "andre europeiske land").
_COUNTRY_GROUPS = frozenset(tokenize.folded_tokens("nordiske europeiske baltiske skandinaviske afrikanske asiatiske"))


# "Hva mener ordføreren i Moss ...?": the opinion of someone named by a common noun (a role), whom
# a passage must speak of; names are checked as names, and the document itself speaks throughout.
_OPINION = re.compile(
    r"^\s*(?:hva|kva)\s+(?:mener|meiner|mente|meinte|tenker|synes|syns|tror|trur)\s+(?:egentlig\s+|eigentleg\s+)?([a-zæøå][^\W\d_]*)", re.IGNORECASE
)
# "Hva mener Yngve Trandem om å opprette en stilling?": a named holder's view on a topic, which one
# passage must give with both; a passage naming him as project owner says nothing of his view.
_NAMED_OPINION = re.compile(
    r"^\s*(?i:hva|kva)\s+(?i:mener|meiner|mente|meinte|tenker|tenkte|synes|syns|syntes|tror|trur|trodde|sier|seier|sa)\s+"
    r"((?:[A-ZÆØÅ][\w’'-]*\s+){0,2}[A-ZÆØÅ][\w’'-]*)\s+(?i:om|til|ang\w*|at)\s+(.+)",
)
_DOCUMENT_WORDS = frozenset(tokenize.folded_tokens("rapporten forstudien utredningen studien dokumentet utrederen forfatteren"))
# "Kvar skal samlinga haldast?", "Hvor ligger kontoret?": a place, which the answer names.
_WHERE = re.compile(
    r"^\s*(?:hvor|kvar)\s+(?:skal|skulle|blir|ble|vart|er|var|ligger|ligg|holdes|haldast|arrangeres|foregår|finner)\b", re.IGNORECASE
)
# "Er Kreativt Europa bedre egnet enn Nordisk ministerråd ...?": a comparison, which the evidence
# must make ("mer ... enn", "mest", "viktigste").
_COMPARES = re.compile(
    r"\b(?:bedre|verre|mer|meir|mindre|billigere|dyrere|større|færre|flere|fleire)\b[^?]{0,40}\benn\b"
    # "Er det lettest å få gjennomslag i Erasmus+ eller i Interreg?": a superlative between two,
    # or among those named ("Hvilken av de fire kommunene ga høyest score?").
    r"|\b\w{3,}(?:est|ast)\b[^?]{0,60}\beller\b"
    r"|\bhvilke[nt]?\s+av\b[^?]{0,60}\b\w{3,}(?:est|ast)\b",
    re.IGNORECASE,
)
_SECTORS_LABEL = re.compile(r"mest relevant for kommunalområde", re.IGNORECASE)
_COMPARED = re.compile(r"\benn\b|\b(?:mest|best|størst|flest|minst)\b|\w{3,}(?:este|aste)\b", re.IGNORECASE)
# "Kan du liste dei opp?": a list asked for, which a sentence pointing to it ("I vedlegg 5 er det
# skissert en del problemstillinger") is not; a list has items (commas, bullets, "og").
_LIST_ASKED = re.compile(r"\b(?:list(?:e|er)?\s+(?:\w+\s+)?opp|ramse\s+(?:\w+\s+)?opp|nevn(?:e)?\s+(?:alle|dem|dei))\b", re.IGNORECASE)
_HAS_LIST = re.compile(r"(?:[^,.;]+,){2,}|[^,.;]+,[^,.;]+\s(?:og|eller)\s|(?:^|\n)\s*[-•–]\s", re.IGNORECASE)
# "Kven sat i arbeidsgruppa ...?": the members, whom an answer names.
_MEMBERS = re.compile(
    r"^\s*(?:hvem|kven)\s+(?:satt|sat|sitter|sit|var\s+med|deltok|deltar|er\s+med|inngikk|var)\s+i\s+(?:den\s+|det\s+)?(\w*(?:gruppe|gruppa|gruppen|utvalg|utvalet|utvalget|styre|styret|komite|komiteen|råd|rådet|nettverk|nettverket))\b",
    re.IGNORECASE,
)
# "Hva het Erasmus+-prosjektet ...?": the name of a project, programme or network.
_NAME_OF_KIND = re.compile(
    r"^\s*(?:hva|kva)\s+(?:heter|het|heiter|heitte)\s+(?:det\s+|den\s+)?[\w+]*?-?(prosjekt|program|nettverk)", re.IGNORECASE
)
_CURRENCIES = frozenset({"NOK", "EUR", "USD", "SEK", "DKK"})


def names_anew(question: str, sentence: str, places: set[str] = frozenset(), only_places: bool = False) -> bool:
    """`sentence` names something the question does not: a proper name past its first word, an
    acronym, or a place the matcher knows ("nordiske" for the Nordic countries); `only_places`:
    only the last ("Hvilke land ...?" is not answered by "Ramberg (Moss) og Spetalen (Råde)")."""
    asked = set(tokenize.folded_tokens(question))
    found = [m.group(1) for m in _CAPITALISED.finditer(sentence)] + [m.group(1) for m in _ACRONYM.finditer(sentence) if m.group(1) not in _CURRENCIES]
    # An adjective written with a capital ("ev. Europeiske kommuner") names nothing.
    found = [name for name in found if not re.search(r"isk[e]?$", name)]
    if not only_places:
        return any(not set(tokenize.folded_tokens(name)) <= asked for name in found)
    # A group answers even when the question names it ("Nordisk ministerråd": "de nordiske landene").
    return any(t in _COUNTRY_GROUPS or (t not in asked and t in places and t not in _GENERIC_PLACES) for t in tokenize.folded_tokens(sentence))


def _speaks_of_focus(text: str, stem: str, vocabulary: set[str]) -> bool:
    """`text` speaks of the focus `stem`: as a word or compound part (strictly: "kommune" is no
    "vennskapskommun"), or by another compound of the same first part ("kursplasser" for
    "kurstilbud"), a corpus word of four letters or more."""
    if _mentions(text, stem, strict=True):
        return True
    words = tokenize.folded_tokens(text)
    for cut in range(4, len(stem) - 2):
        head = stem[:cut]
        # The stemmer may cut the part shorter as a word of its own ("kurs" as "kur").
        if (head in vocabulary or head[:-1] in vocabulary) and any(w.startswith(head) and len(w) >= cut + 3 for w in words):
            return True
    for cut in range(4, len(stem) - 4):
        # "grenseprosjekt": a project ("Mona-prosjektet") in a passage on the border ("riksgrensen").
        head, tail = stem[:cut], stem[cut:]
        core = head[:-1] if head[-1] in "es" and len(head) > 4 else head
        if tail in vocabulary and any(w == tail or w.endswith(tail) for w in words) and any(core in w for w in words):
            return True
    return False


def _speaks_of_kind(text: str, stem: str) -> bool:
    """`text` has a word for the kind of thing `stem` is: the stem itself, a compound ending in it
    ("vennskapskommuner" for "kommun"), or its shorter stem ("universit" for "universitet"); a
    compound's tail is not the compound ("kommune" is no "vennskapskommun")."""
    return any(
        w.startswith(stem) or w.endswith(stem) or (len(w) >= 5 and stem.startswith(w) and len(stem) - len(w) <= 2)
        for w in tokenize.folded_tokens(text)
    )


def gives_answer_type(question: str, sentence: str) -> bool | None:
    """Whether `sentence` holds the kind of thing the question asks for (a time, a duration, an
    amount, a contact, a name), or None when the question asks for no such kind."""
    if CONTACT.search(question):
        return has_contact(question, sentence)
    if DURATION.search(question):
        return bool(_HAS_DURATION.search(sentence))
    if TIME.search(question):
        return bool(_HAS_TIME.search(sentence))
    if QUANTITY.search(question):
        bare = _YEAR.sub(" ", _DATE.sub(" ", _REFERENCE.sub(" ", sentence)))
        if MONEY.search(question) and not _COUNT.search(question):
            return bool(_HAS_MONEY.search(bare))
        return bool(_HAS_NUMBER.search(bare))
    if _WHO.search(question):
        return bool(_CAPITALISED.search(sentence) or _ACRONYM.search(sentence))
    if PLACES.search(question):
        return bool(_ENUMERATION.search(sentence))
    if _WHICH_OF.search(asked_sentence(question)):
        # "Hvilke av kommunene våre er medlem i grensekomiteen?": names the question does not give.
        return names_anew(question, sentence)
    if _WHICH_ONES.search(asked_sentence(question)):
        # "Hvilke teknologier skal Digitalt Europa satse på?": several things, which a list names
        # ("kunstig intelligens, High Performance Computing og cybersikkerhet").
        return bool(_HAS_LIST.search(sentence))
    return None


# "Hvilke av kommunene ...?", "Hvilken av dem ...?": one or more of those named by kind.
_WHICH_OF = re.compile(r"^\s*(?:hvilke[nt]?|kva\s+for\s+(?:ein|ei|eit|nokre))\s+av\b", re.IGNORECASE)
# "Hvilke X ...", "kva for X": the plural asks for several things.
_WHICH_ONES = re.compile(r"^\s*(?:hvilke|kva\s+for\s+nokre)\s+[^\W\d_]+", re.IGNORECASE)


# Names every source is about: "Er Norge med i ...?" asks about the programme, and the answer
# says "norsk deltakelse", not "Norge".
CONTEXT_NAMES = frozenset({"norge", "noreg"})


# Nationalities, and the country the evidence may name instead ("svenske kommuner": Sverige).
_COUNTRY_OF = {
    "svensk": "sverige", "dansk": "danmark", "finsk": "finland", "tysk": "tyskland", "polsk": "polen",
    "islandsk": "island", "fransk": "frankrike", "spansk": "spania", "italiensk": "italia",
    "nederlandsk": "nederland", "britisk": "storbritannia", "estisk": "estland", "latvisk": "latvia",
    "litauisk": "litauen",
}
_NATIONALITY = re.compile(rf"\b({'|'.join(_COUNTRY_OF)})(?:e|a)?\b", re.IGNORECASE)


def entities(question: str, subjects: list[str] = ()) -> list[str]:
    """What the question names: its numbers, its mid-sentence proper names and the subjects
    (programmes, municipalities) found in it, in order."""
    spotted = [m for m in _NUMBER.finditer(question) if len(m.group(0)) >= 2]
    spotted += list(_CAPITALISED.finditer(question)) + list(_ACRONYM.finditer(question))
    found: list[str] = []
    for name in [m.group(1) if m.re.groups else m.group(0) for m in sorted(spotted, key=lambda m: m.start())] + list(subjects):
        if name not in found and name.casefold() not in CONTEXT_NAMES:
            found.append(name)
    return found


def unaddressed(names: list[str], evidence: list[str]) -> list[str]:
    """The names of `names` that no evidence text (sentence or section title) mentions."""
    text = " ".join(evidence)
    words = set(tokenize.folded_tokens(text))
    missing = []
    for name in names:
        if name.isdigit():
            if not re.search(rf"(?<!\d){name}(?!\d)", text):
                missing.append(name)
            continue
        # "Brussel-kontoret" is an office: its last part names it ("Europakontoret"). A project's
        # or programme's name is its first part ("Mona-prosjektet"): any passage says "prosjekt".
        head, _, tail = name.strip("-").rpartition("-")
        stems = tokenize.folded_tokens((head if _KIND_OF_THING.match(tail) else tail) if head else name)
        if stems and not all(_mentions(text, t) or _one_typo_from(words, t) for t in stems):
            missing.append(name)
    return missing


# A statement of every municipality of the region ("ingen av kommunene har ...", "samtlige kommuner",
# "de fire kommunenes planstrategi"), which speaks of each of them.
_ALL_MUNICIPALITIES = re.compile(
    r"\b(?:alle|ingen\s+av|samtlige|hver\s+av|alle\s+de\s+fire|de\s+fire|alle\s+fire)\s+kommun(?:e|er|ene|enes|ar|ane)\b", re.IGNORECASE
)
# "Kan vi i Våler ta kontakt med dem direkte?": the municipality the asker speaks from, asking what
# they may or must do; what is asked holds for any municipality the sources speak of.
_ASKER = re.compile(
    r"^\s*(?:kan|må|bør|får|skal|burde|trenger|kunne)\s+(?:vi|me)\s+(?:her\s+)?(?:i|på|fra|frå)\s+(?P<place>[A-ZÆØÅ]\w+)\b"
)


# The kind a hyphenated name is of ("Mona-prosjektet", "EU-programmet"), not its name.
# The money of a programme and who applies for it are generic too ("Interreg-midlar", "Interreg-søkere").
_KIND_OF_THING = re.compile(r"(?:prosjekt|program|ordning|satsing|nettverk|midl|søk|tilskudd|støtte)\w*$", re.IGNORECASE)
# "Var Råde kommune med i Kyststien-prosjektet?", "Er Vestby medlem av ...?": whether one named
# thing takes part in another, which one passage must say of both.
_TAKES_PART = re.compile(
    r"^\s*(?:er|var|har|hadde|ble|blei|vart|deltok|deltar|deltek)\b[^?]*?\b"
    r"(?:med|deltatt|delteke|deltok|deltar|deltek|delta|medlem\w*|involvert|engasjert)\b",
    re.IGNORECASE,
)
# "Er Polen et av mottakerlandene?", "... blant landene som får EØS-midler?": one of a list, which
# the list must name; a group's word ("EU-landene") does not say which.
_AMONG = re.compile(r"\b(?:blant|en av|et av|ett av|ei av|ein av|eitt av)\b", re.IGNORECASE)
# "Hvem ledet Mona-prosjektet?", "Hvem var prosjektleder for ...?": a role, which the passage that
# names the thing must name too ("... har vært prosjektleder for arbeidet").
# Leading is "ledet", "leiar" or a compound's tail ("prosjektleder"); guiding ("veileder") and a
# path ("Unionsleden") are not.
_LEADING = r"\b(?:led|leiar|leid)\w*|\bleier\b|\b\w+(?<!vei)(?:leder|leiar)\b"
_ROLE = re.compile(
    rf"^\s*(?:hvem|kven)\b[^?]{{0,40}}?(?:(?P<leads>{_LEADING})|\b\w*(?P<role>ansvarl[ei]g|koordinator|sjef|direktør))", re.IGNORECASE
)
_LEADS = re.compile(_LEADING, re.IGNORECASE)


def _one_typo_from(words: set[str], stem: str) -> bool:
    """One of `words` is one typo from `stem` ("euorp" for "europ"); short stems never are."""
    return len(stem) >= 5 and any(_one_edit(stem, w) for w in words if abs(len(w) - len(stem)) <= 1)


def known_share(terms: set[str], vocabulary: set[str], idf: dict[str, float], default_idf: float) -> float:
    """The rarity-weighted share of the question's topic terms that the corpus uses at all."""
    if not terms:
        return 1.0
    total = sum(idf.get(t, default_idf) for t in terms)
    return sum(idf.get(t, default_idf) for t in terms if known(t, vocabulary)) / total


@dataclass(frozen=True)
class Evidence:
    """A question and the chosen sentences it is judged against.

    `together` is each sentence with its section title (what one passage says), `texts` the same
    with the sentence before it (which names what "dette EU-prosjektet" is)."""

    question: str
    asked: str
    sentences: list[str]
    sections: list[str]
    before: list[str]
    vocabulary: set[str]
    known_names: set[str]
    anchors: list[str]
    programmes: list[str]
    municipalities: list[str]
    query: str | None
    focus: str | None

    @property
    def together(self) -> list[str]:
        return [f"{section} {sentence}" for sentence, section in zip(self.sentences, list(self.sections) + [""] * len(self.sentences))]

    @property
    def texts(self) -> list[str]:
        return [f"{b} {text}" for text, b in zip(self.together, list(self.before) + [""] * len(self.sentences))]


def judge(question: str, best_cosine: float | None, sentences: list[str], vocabulary: set[str],
          min_cosine: float, share_known: float = 1.0, min_known_share: float = 0.0,
          names: list[str] = (), sections: list[str] = (), anchors: list[str] = (),
          known_names: set[str] = frozenset(), share_beyond_names: float = 1.0, query: str | None = None,
          before: list[str] = (), programmes: list[str] = (), municipalities: list[str] = ()) -> Verdict:
    """All checks in order; the first that fails gives the reason. `names` are what the question
    names (see `entities`), `anchors` those of them (municipalities and other proper names, not
    programmes) that must appear with the question's focus in one passage, `sections` the section titles
    of the chosen sentences, `before` the sentence before each in its passage (which names what "dette
    EU-prosjektet" is); `share_beyond_names` is `share_known` of the words besides the names;
    `programmes` the programmes the question names itself, `municipalities` the municipalities (a
    passage on all of them, "ingen av kommunene", speaks of each)."""
    if best_cosine is None or best_cosine < min_cosine:
        return Verdict(False, "weak evidence")
    if share_known < min_known_share:
        return Verdict(False, "off-topic: the corpus does not use the question's words")
    unknown = unknown_specifics(question, vocabulary, known_names)
    focus = focus_word(question)
    if focus in unknown and COMPANY.search(focus) and any(_HAS_COMPANY.search(s) for s in sentences):
        # The sources never say "konsulentselskap", but the answer names a company ("... AS").
        unknown.remove(focus)
    if unknown:
        return Verdict(False, "not in the sources: " + ", ".join(unknown))
    if share_beyond_names < min_known_share:
        # "Blir det regn i Moss i morgen?": Moss is known, rain and tomorrow are not.
        return Verdict(False, "off-topic: only the names the question mentions are known")
    evidence = Evidence(
        question, asked_sentence(question), list(sentences), list(sections), list(before), vocabulary, set(known_names),
        list(anchors), list(programmes), list(municipalities), query, focus,
    )
    left_out = unaddressed(_names_to_address(evidence, list(names)), evidence.sentences + evidence.sections + evidence.before)
    if left_out:
        return Verdict(False, "the evidence does not mention: " + ", ".join(left_out))
    for check in CHECKS:
        if not sentences and check is not _check_answer_type:
            continue  # with nothing quoted, only the kind of answer asked for is judged
        reason = check(evidence)
        if reason:
            return Verdict(False, reason)
    return Verdict(True, "")


def _names_to_address(evidence: Evidence, names: list[str]) -> list[str]:
    """The names the evidence must mention: a country the matcher knows is answered by its group's
    words ("nordiske land" for Danmark), unless the question asks whether it is among those listed
    ("er polen og romania blant landene ...?", where places typed in lower case count too); a
    municipality is spoken of by a passage on all of them."""
    question, known_names = evidence.question, evidence.known_names
    if not _AMONG.search(question):
        names = [n for n in names if not (set(tokenize.folded_tokens(n)) <= known_names)]
    else:
        named_stems = {t for n in names for t in tokenize.folded_tokens(n)}
        for word in re.findall(r"[^\W\d_]+", question):
            stems = tokenize.folded_tokens(word)
            if stems and not set(stems) & named_stems and all(t in known_names and t not in _GENERIC_PLACES for t in stems):
                names.append(word)
                named_stems.update(stems)
    if any(_ALL_MUNICIPALITIES.search(text) for text in evidence.sentences + evidence.before):
        # "Står internasjonalt samarbeid i planene i Råde?": "ingen av kommunene har ..." says it of Råde.
        names = [n for n in names if n not in evidence.municipalities]
    return names


def _check_nationality(evidence: Evidence) -> str | None:
    """"Korleis organiserer svenske kommunar EU-arbeidet?": the evidence must speak of Sweden."""
    for people in _NATIONALITY.finditer(evidence.question):
        stem = people.group(1).casefold()
        words = re.compile(rf"\b{stem}|\b{_COUNTRY_OF[stem]}", re.IGNORECASE)
        if not any(words.search(text) for text in evidence.together + evidence.before):
            return f"the evidence does not mention: {people.group(0)}"
    return None


def _check_applied_for(evidence: Evidence) -> str | None:
    """"Hvordan søker jeg om byggetillatelse?": the sources speak of applying for funding; a passage
    must speak of what this question applies for."""
    question = evidence.question
    applied = _APPLY_FOR.search(question) or _HOW_TO.search(question)
    wanted = _noun_phrase(applied.group(1)) if applied else []
    if any(tokenize.same_word(t, f) or t.endswith(f) for t in wanted for f in _FUNDING):
        return None  # applying for money ("midler", "prosjektpenger") is what the sources are about
    if set(wanted) & {t for p in evidence.programmes for t in tokenize.folded_tokens(p)}:
        return None  # "søke erasmus pluss": applying to a programme the question names
    if wanted and not any(all(_mentions(text, t, strict=True) for t in wanted) for text in evidence.together):
        words = applied.group(1).split()
        cut = next((i for i, w in enumerate(words) if not tokenize.folded_tokens(w)), len(words))
        doing = "applying for " if applied.re is _APPLY_FOR else ""
        return f"no passage speaks of {doing}{' '.join(words[:cut])}"
    return None


def _check_focus_with_anchors(evidence: Evidence) -> str | None:
    """"Hvilke vennskapskommuner har Råde?": one passage must speak of the thing asked about and of
    what the question names together, not of friendship towns here and of Råde there. A question
    in parts pairs each part's focus with the names of that part only ("Hvilke områder i Moss ...,
    og hva har vært utgangspunktet i Råde og Våler?"), whose names may stand in the sentence before
    ("... Øresund-Kattegat-Skagerrak. | Tematiske områder er ..."). A whole question's may not: "...
    prosjekter i Råde og Våler kommune. | Verket, Ramberg (Moss) og Spetalen (Råde) skoler ..." names
    no school in Våler."""
    from assistant.answer import question_parts

    if not evidence.focus or not evidence.anchors:
        return None
    pairs = [(evidence.focus, evidence.anchors)]
    texts = evidence.together
    parts = question_parts(evidence.question)
    if parts:
        pairs = [(focus_word(p), [a for a in evidence.anchors if re.search(rf"(?<!\w){re.escape(a)}(?!\w)", p, re.IGNORECASE)]) for p in parts]
        texts = evidence.texts
    for part_focus, part_anchors in pairs:
        if not part_focus or not part_anchors:
            continue
        stems = tokenize.folded_tokens(part_focus)
        if not any(
            not unaddressed([a for a in part_anchors if not (a in evidence.municipalities and _ALL_MUNICIPALITIES.search(text))], [text])
            and all(_speaks_of_focus(text, t, evidence.vocabulary) for t in stems)
            for text in texts
        ):
            return f"no passage speaks of {part_focus} and {', '.join(part_anchors)} together"
    return None


def _check_details(evidence: Evidence) -> str | None:
    """A practical or personnel detail asked about (`_DETAILS`) must be spoken of; one in a sentence
    of context ("Jeg jobber med revisjon av kommuneplanen.") is not asked for."""
    words = [w for text in evidence.texts for w in tokenize.folded_tokens(text)]
    for detail in asked_details(evidence.asked):
        others = tokenize.folded_tokens(sources_words(detail))
        if others and any(all(_mentions(text, t) for t in others) for text in evidence.texts):
            continue  # "arbeidstiden" is spoken of as "egne timer"
        stem = tokenize.folded_tokens(detail)[:1]
        # Inside a compound too: "søknadsskjemaet" speaks of a form; a short stem ("lon" of "løn")
        # only as a word of its own.
        if stem and not any((stem[0] in w) if len(stem[0]) >= 4 else (w == stem[0]) for w in words):
            return f"no passage speaks of {detail}"
    return None


def _check_taking_part(evidence: Evidence) -> str | None:
    """"Var Råde med i Kyststien-prosjektet?": Kyststien in one sentence and Råde in another do not
    say that Råde took part."""
    parties = [n for n in evidence.anchors + evidence.programmes if not n.isdigit()]
    if _TAKES_PART.search(evidence.question) and len(parties) >= 2:
        if not any(not unaddressed(parties, [text]) for text in evidence.together):
            return f"no passage says {' and '.join(parties)} together"
    return None


def _check_role(evidence: Evidence) -> str | None:
    """"Hvem ledet Mona-prosjektet?": a passage naming the role, with what the question names."""
    role = _ROLE.search(evidence.question) or _ROLE.search(evidence.asked)
    if not role:
        return None
    asked_role = role.group("role")
    # Nynorsk "ansvarleg" is bokmål "ansvarlig".
    names_role = _LEADS if role.group("leads") else re.compile("ansvarl[ei]g" if asked_role.startswith("ansvarl") else asked_role, re.IGNORECASE)
    anchored = [a for a in evidence.anchors if not a.isdigit()]
    holds = [text for text in evidence.together if names_role.search(text)]
    if not any(not unaddressed(anchored, [text]) for text in holds):
        return "no passage names the role asked about" + (f" with {', '.join(anchored)}" if anchored else "")
    return None


def _check_answer_type(evidence: Evidence) -> str | None:
    """The kind of answer asked for (`missing_answer_type`). "Hva er søknadsfristen for Kreativt
    Europa i 2022?": the date must be one of that programme's (its section's, or a sentence naming
    it), not another scheme's deadline."""
    typed_sentences, typed_sections = evidence.sentences, evidence.sections + [""] * (len(evidence.sentences) - len(evidence.sections))
    if len(evidence.programmes) == 1:
        about = [i for i, text in enumerate(evidence.together) if not unaddressed(evidence.programmes, [text])]
        if about:
            typed_sentences = [typed_sentences[i] for i in about]
            typed_sections = [typed_sections[i] for i in about]
    question = evidence.question
    share = _SHARE.search(question) and not _COUNT.search(question) and not RESULT.search(question)
    if len(evidence.programmes) == 1 and share and any(_FUNDING_FIELD.match(s) for s in typed_sentences):
        return None  # "Hvor stor del av utgiftene blir dekket ...?": the programme's own funding rate
    kind = missing_answer_type(evidence.question, typed_sentences, typed_sections, evidence.query)
    return f"no {kind} in the evidence" if kind else None


_FUNDING_FIELD = re.compile(r"\s*finansieringsgrad\s*:", re.IGNORECASE)


def _check_names(evidence: Evidence) -> str | None:
    """"Hva heter prosjektet?", "Hvilke kommuner ...?": names. A title ("Hva heter vedlegg 5?") is no
    proper name. A kind of its own ("vennskapskommuner") must be what the names are of: a sentence
    (with its section) that speaks of friendship towns, not one naming the municipalities of the
    project group. Countries are named without the word ("Norge, Afrika, Asia og Latin-Amerika")."""
    question = evidence.question
    named = NAMED.search(question)
    if not named or _REFERENCE.search(question):
        return None
    countries = bool(named.group("countries"))
    kind = (named.group("kind") or "").casefold()
    kind_stems = tokenize.folded_tokens(kind) if kind and not countries and kind not in _BASE_KINDS else []
    if not any(
        names_anew(question, s, evidence.known_names, countries) and all(_speaks_of_kind(text, t) for t in kind_stems)
        for s, text in zip(evidence.sentences, evidence.together)
    ):
        return "no name in the evidence"
    return None


def _check_opinion(evidence: Evidence) -> str | None:
    """"Hva mener ordføreren i Moss ...?": a passage speaking of the role whose opinion is asked;
    "Hva mener Yngve Trandem om ...?": one giving his name with the view's own words (a passage
    listing "Terje Pettersen, Moss" gives no view of his on Moss and Erasmus+)."""
    from assistant.answer import topic_terms

    opinion = _OPINION.search(evidence.asked)
    holder = [t for t in tokenize.folded_tokens(opinion.group(1)) if t not in _DOCUMENT_WORDS] if opinion else []
    if holder and not any(all(_mentions(text, t, strict=True) for t in holder) for text in evidence.together):
        return f"no passage speaks of {opinion.group(1)}"
    view = _NAMED_OPINION.search(evidence.asked)
    if view:
        whose = view.group(1).strip()
        about = {t for t in topic_terms(view.group(2)) if t not in set(tokenize.folded_tokens(whose))}
        # Nor "kommune" or "regionen", which any passage on the municipalities says. The view's
        # text starts mid-sentence: a capitalised first word ("at Moss kommune bør ...") is a name.
        named = {t for n in re.findall(r"\b[A-ZÆØÅ][\w+-]*", view.group(2)) for t in tokenize.folded_tokens(n)} | _PLACE_WORDS
        about = (about - named) or about
        if about and not any(not unaddressed([whose], [text]) and any(_mentions(text, t) for t in about) for text in evidence.together):
            return f"no passage gives the view of {whose}"
    return None


_PLACE_WORDS = frozenset(tokenize.folded_tokens("kommune kommunen kommunene kommuner region regionen"))


def _check_place(evidence: Evidence) -> str | None:
    """A place beside what it is the place of: "Oslo-regionens Europakontor" in a sentence on
    guidance is not where the network meeting is held."""
    from assistant.answer import topic_terms

    where = evidence.asked
    if not _WHERE.search(where):
        return None
    named = {t for n in entities(where) for t in tokenize.folded_tokens(n)}
    about = {t for t in topic_terms(_WHERE.sub(" ", where)) if t not in named}
    if not any(
        names_anew(evidence.question, s) and (not about or any(_mentions(c, t) for t in about))
        for s, c in zip(evidence.sentences, evidence.together)
    ):
        return "no place in the evidence"
    return None


def _check_comparison_and_list(evidence: Evidence) -> str | None:
    """A comparison asked for must be made (the sectors' label, "Mest relevant for
    kommunalområde:", compares nothing); a list asked for must be given."""
    question, sentences = evidence.question, evidence.sentences
    if _COMPARES.search(question) and not any(_COMPARED.search(_SECTORS_LABEL.sub(" ", s)) for s in sentences):
        return "no comparison in the evidence"
    if _LIST_ASKED.search(question) and not any(_HAS_LIST.search(s) for s in sentences):
        return "no list in the evidence"
    return None


def _check_members_and_name_of_kind(evidence: Evidence) -> str | None:
    """Names beside the body whose members are asked ("Terje Pettersen, Moss" in the sentence on the
    project group, not the strategy a working group wrote); a name beside "prosjekt" for "Hva het
    Erasmus+-prosjektet som Verket skole var med i?", not the other schools listed with Verket."""
    members = _MEMBERS.search(evidence.asked)
    if members:
        body = tokenize.folded_tokens(members.group(1))
        if not any(
            names_anew(evidence.question, s) and all(_speaks_of_focus(c, t, evidence.vocabulary) for t in body)
            for s, c in zip(evidence.sentences, evidence.together)
        ):
            return f"no names of the members of {members.group(1)} in the evidence"
    kind = _NAME_OF_KIND.search(evidence.question)
    if kind and not any(kind.group(1).casefold() in s.casefold() and names_anew(evidence.question, s, evidence.known_names) for s in evidence.together):
        return f"no name of the {kind.group(1)} in the evidence"
    return None


# The checks on chosen sentences, in order; each gives the reason it fails, or None.
CHECKS = (
    _check_nationality,
    _check_applied_for,
    _check_focus_with_anchors,
    _check_details,
    _check_taking_part,
    _check_role,
    _check_answer_type,
    _check_names,
    _check_opinion,
    _check_place,
    _check_comparison_and_list,
    _check_members_and_name_of_kind,
)


# Adverbs, and verbs of happening and doing, that say nothing of what is asked ("Hva fikk vi igjen
# for Mona-prosjektet?", "Hva skjedde i Stortinget våren 2021?", "Kva driv Grensekomiteen med?"): a question whose other words are
# names and these is not off-topic for them.
_ADVERBS = frozenset(tokenize.folded_tokens("igjen tilbake ut vel jo liksom egentlig eigentleg forresten altså skjedde skjedd skjer hendte hendt driv driver drive"))


def assess(question: str, resolved, best_cosine: float | None, sentences: list[str], sections: list[str],
           index, params, known_names: set[str] = frozenset(), before: list[str] = ()) -> Verdict:
    """`judge` for a question as the assistant read it (`resolved`, from `followup.resolve`), with
    the chosen sentences, their section titles and the sentences before them, over the vocabulary
    of `index`."""
    from assistant.answer import topic_terms

    idf, default_idf = index.sentence_idf
    own = {kind: [n for n in resolved.subjects.get(kind, []) if n not in resolved.carried.get(kind, [])] for kind in ("programme", "municipality")}
    # What this turn names itself; a subject carried from history is not asked for again.
    asker = _ASKER.search(asked_sentence(question))
    if asker:
        # "Kan vi i Våler ...?": Våler is who asks, not what is asked about.
        own["municipality"] = [m for m in own["municipality"] if m.casefold() != asker.group("place").casefold()]
    names = entities(question, own["programme"] + own["municipality"])
    if asker:
        names = [n for n in names if n.casefold() != asker.group("place").casefold()]
    typed = [w for kind in ("programme", "municipality") for w in resolved.words.get(kind, [])]
    name_stems = {t for n in names + typed for t in tokenize.folded_tokens(n)}
    beyond = {t for t in topic_terms(question) if t not in name_stems and t not in _ADVERBS}
    # Proper names besides programmes ("Verket skole", "Innovasjon Norge") must meet the thing
    # asked about in one passage, as a municipality must; a programme's section speaks for it.
    programme_stems = {t for n in own["programme"] + resolved.words.get("programme", []) for t in tokenize.folded_tokens(n)}
    anchors = own["municipality"] + [
        n for n in names
        if not n.isdigit() and n not in own["municipality"] and not set(tokenize.folded_tokens(n)) <= programme_stems
    ]
    return judge(
        question,
        best_cosine,
        sentences,
        index.vocabulary,
        params.min_cosine,
        known_share(topic_terms(resolved.query), index.vocabulary, idf, default_idf),
        params.min_known_share,
        names,
        sections,
        anchors,
        known_names,
        known_share(beyond, index.vocabulary, idf, default_idf) if beyond else 1.0,
        resolved.query,
        before,
        own["programme"],
        own["municipality"],
    )
