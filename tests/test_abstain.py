"""The abstention checks that need no model: unknown specifics and focus, answer types, their order."""

from __future__ import annotations

import pytest

from assistant.abstain import NAMED, Verdict, asked_details, asked_sentence, counted_outright, entities, names_anew, focus_word, gives_answer_type, judge, known, missing_answer_type, unaddressed, unknown_focus, unknown_specifics
from assistant.index import tokenize

pytestmark = pytest.mark.unit

# A few lines in the report's words; the vocabulary is built the way the index builds it (folded stems).
CORPUS = """Fylkeskommunen vil ha sekretariatsansvaret for kommunenettverket. Kommunene Moss, Råde, Vestby
og Våler deltok i prosjektgruppa i 2021. Interreg gir 50 % dekning av prosjektkostnader. Norec har et
sekretariat. Målgruppen er elever, lærlinger og lærere. Ny søknadsfrist høsten 2021."""
VOCABULARY = set(tokenize.folded_tokens(CORPUS))


# known(): as is, inside a compound, or one typo away


def test_a_stem_of_the_corpus_is_known():
    assert known("moss", {"moss"})
    assert known("interreg", VOCABULARY)


def test_a_word_that_heads_a_corpus_compound_is_known():
    assert known("sekretariat", {"sekretariatsansvar"})


def test_a_word_that_ends_a_corpus_compound_is_known():
    assert known("nettverk", {"kommunenettverk"})


def test_a_short_tail_of_a_corpus_compound_is_not_enough():
    assert not known("verk", {"kommunenettverk"})


def test_a_question_compound_built_on_a_corpus_word_is_known():
    assert known("nettverkssekretariat", {"sekretariat"})
    assert known("sekretariatsleder", {"sekretariat"})


def test_a_short_corpus_word_inside_a_question_compound_is_not_enough():
    assert not known("mossebuss", {"moss"})


@pytest.mark.parametrize(
    "term, word",
    [
        ("norek", "norec"),  # substitution
        ("sekretaritsansvar", "sekretariatsansvar"),  # deletion
        ("sekretariatsannsvar", "sekretariatsansvar"),  # insertion
    ],
)
def test_one_typing_error_is_forgiven(term, word):
    assert known(term, {word})


def test_two_neighbouring_letters_swapped_are_one_typing_error():
    assert known("nroec", {"norec"})
    assert known("interrge", {"interreg"})
    assert not known("nreoc", {"norec"})


def test_two_typing_errors_are_not_forgiven():
    assert not known("nerek", {"norec"})


def test_a_typo_in_a_short_word_is_not_forgiven():
    assert not known("mose", {"moss"})


def test_a_word_the_corpus_never_uses_is_unknown():
    assert not known("ordfor", VOCABULARY)
    assert not known("regn", VOCABULARY)


# unknown_focus(): the thing a who/which/how-many question asks about


def test_the_focus_of_a_who_is_question_is_returned_as_typed_when_unknown():
    assert unknown_focus("Hvem er ordfører i Moss?", VOCABULARY) == "ordfører"
    assert unknown_focus("HVEM ER ORDFØRER?", VOCABULARY) == "ORDFØRER"


@pytest.mark.parametrize(
    "question, focus",
    [
        ("Hvor mange milliarder gir Interreg?", "milliarder"),
        ("Hvilke svenske kommuner er med?", "svenske"),
        ("Kva er ordføraren sitt namn?", "ordføraren"),
    ],
)
def test_the_focus_after_which_and_how_many_is_checked(question, focus):
    assert unknown_focus(question, VOCABULARY) == focus


@pytest.mark.parametrize(
    "question",
    [
        "Hvilke kommuner deltok?",  # known as is
        "Kva er kommunenettverket?",  # known, inflected
        "Hvilket nettverkssekretariat har de?",  # a compound of a corpus word
        "Hvem er malgruppa?",  # typed without å
    ],
)
def test_a_focus_the_corpus_uses_is_not_reported(question):
    assert unknown_focus(question, VOCABULARY) is None


@pytest.mark.parametrize("question", ["Hvem er det som leder nettverket?", "Hvilke de fleste?", "Hva er egentlig Interreg?"])
def test_function_words_after_the_question_word_are_not_a_focus(question):
    assert unknown_focus(question, VOCABULARY) is None


def test_a_question_without_a_focus_pattern_has_no_focus():
    assert unknown_focus("Fortell om ordføreren i Moss", VOCABULARY) is None


def test_how_large_a_share_is_a_quantity_not_a_focus():
    assert unknown_focus("Hvor stor andel av kostnadene dekkes av Interreg?", VOCABULARY) is None


# unknown_specifics(): numbers, mid-sentence names, then the focus


def test_a_year_the_corpus_never_mentions_is_unknown():
    assert unknown_specifics("Når er fristen i 2024?", VOCABULARY) == ["2024"]


def test_a_year_the_corpus_mentions_is_fine():
    assert unknown_specifics("Hva skjedde i 2021?", VOCABULARY) == []


def test_single_digits_are_not_checked():
    assert unknown_specifics("Gir Interreg 5 eller 50 prosent?", VOCABULARY) == []


def test_an_unknown_proper_name_mid_sentence_is_unknown():
    assert unknown_specifics("Har Sarpsborg vært med?", VOCABULARY) == ["Sarpsborg"]


@pytest.mark.parametrize("question", ["Sarpsborg har vært med?", "Er det slik. Sarpsborg er med?"])
def test_a_capitalised_word_opening_a_sentence_is_not_taken_for_a_name(question):
    assert unknown_specifics(question, VOCABULARY) == []


@pytest.mark.parametrize("question", ["Har Råde vært med?", "Har Rade vært med?", "Har Norec et sekretariat?"])
def test_a_name_the_corpus_uses_is_fine_with_or_without_diacritics(question):
    assert unknown_specifics(question, VOCABULARY) == []


def test_numbers_come_first_then_names_then_the_focus():
    assert unknown_specifics("Hvem er ordfører i Sarpsborg i 2030?", VOCABULARY) == ["2030", "Sarpsborg", "ordfører"]


def test_the_focus_is_not_listed_twice_when_it_is_also_a_name():
    assert unknown_specifics("Hvilke Svenske kommuner?", VOCABULARY) == ["Svenske"]


# missing_answer_type(): quantity, time, contact


@pytest.mark.parametrize(
    "question",
    [
        "Hvor mye dekker Interreg?", "Hvor mange land er med?", "Kor mykje får vi?", "Hva er antall deltakere?", "Hvilket beløp kan vi søke om?",
        # A length or an age is a quantity too.
        "Kor lang er Unionsleden i kilometer?", "Hvor gammel er ordningen?",
    ],
)
def test_a_quantity_question_without_a_number_in_the_evidence_misses_its_answer_type(question):
    assert missing_answer_type(question, ["Interreg er EUs program for regionalt samarbeid."]) == "quantity"


@pytest.mark.parametrize(
    "evidence",
    ["50 % dekning av prosjektkostnader.", "Full dekning av prosjektkostnader.", "Seksti-hundre prosent dekning.", "ca. 15 land"],
)
def test_a_number_percent_or_number_word_in_the_evidence_answers_a_quantity_question(evidence):
    sections = ["Interreg", "ULIKE ORDNINGER > Interreg"]
    assert missing_answer_type("Hvor mye dekker Interreg?", ["Interreg er et program.", evidence], sections) is None


@pytest.mark.parametrize("question", ["Når er fristen?", "nar starter det", "Kva tid er fristen?", "Hvilket år kom planen?", "Hva er fristen?"])
def test_a_time_question_without_a_date_or_season_in_the_evidence_misses_its_answer_type(question):
    assert missing_answer_type(question, ["Ordningen vil bli evaluert."]) == "time"


@pytest.mark.parametrize("evidence", ["ny søknadsfrist høsten 2021", "Moss 07.09.21", "i september"])
def test_a_date_or_season_in_the_evidence_answers_a_time_question(evidence):
    assert missing_answer_type("Når er fristen?", [evidence]) is None


def test_hvor_lang_tid_asks_for_a_duration():
    assert missing_answer_type("Hvor lang tid tar en søknad?", ["Søknaden er omfattende."]) == "duration"


def test_hvor_lang_with_a_time_compound_asks_for_a_duration():
    question = "Hvor lang saksbehandlingstid er det på søknader?"
    assert missing_answer_type(question, ["Opptil 60 % tilskuddsdekning ved små prosjekter."]) == "duration"
    assert missing_answer_type(question, ["Saksbehandlingen tar tre måneder."]) is None
    # A length is still a quantity.
    assert missing_answer_type("Hvor lang er Unionsleden?", ["Unionsleden går fra Moss til Karlstad."]) == "quantity"


def test_the_kind_of_thing_asked_about_one_programme_must_be_that_programmes():
    question = "Hva er søknadsfristen for Kreativt Europa i 2022?"
    vocabulary = VOCABULARY | set(tokenize.folded_tokens(question))
    sentences = ["Kurset gjentas med ny søknadsfrist høsten 2021/vinter 2022.", "Kreativt Europa er EUs program for kultur."]
    sections = ["ULIKE ORDNINGER > Erasmus+", "ULIKE ORDNINGER > Kreativt Europa"]
    got = judge(question, 0.9, sentences, vocabulary, 0.80, names=["Kreativt Europa"], sections=sections, programmes=["Kreativt Europa"])
    assert got == Verdict(False, "no time in the evidence")
    # Without naming the programme, any scheme's deadline answers.
    assert judge(question, 0.9, sentences, vocabulary, 0.80, names=["Kreativt Europa"], sections=sections).answerable


@pytest.mark.parametrize("question", ["Hva er telefonnummeret til Norec?", "Hva er e-postadressen til Viken?", "Hvilken epost har de?"])
def test_a_contact_question_without_contact_details_misses_its_answer_type(question):
    assert missing_answer_type(question, ["Veiledende instans: Norecs sekretariat"]) == "contact"


@pytest.mark.parametrize("evidence", ["post@norec.no", "+47 22 33 44 55"])
def test_an_address_or_number_answers_a_contact_question(evidence):
    assert missing_answer_type("Hva er e-postadressen til Norec?", [evidence]) is None


@pytest.mark.parametrize("evidence", ["se https://www.norec.no", "www.viken.no"])
def test_a_link_answers_a_question_for_a_web_page_not_for_an_address(evidence):
    assert missing_answer_type("Hva er nettadressen til Norec?", [evidence]) is None
    assert missing_answer_type("Hva er e-postadressen til Norec?", [evidence]) == "contact"


def test_a_question_asking_for_no_particular_type_never_misses_one():
    assert missing_answer_type("Hva er Interreg?", []) is None


def test_contact_is_checked_before_time_and_time_before_quantity():
    assert missing_answer_type("Når og hvor mye kan vi ringe telefonen?", ["Ingen tall her."]) == "contact"
    assert missing_answer_type("Når og hvor mye får vi?", ["Ingen tall her."]) == "time"


def test_a_question_about_an_application_deadline_is_a_time_question():
    assert missing_answer_type("Hva er søknadsfristen for Kreativt Europa?", ["Kreativt Europa er et program."]) == "time"


# judge(): the first failing check gives the reason


def verdict(question="Hvor mye gir Interreg?", cosine=0.9, sentences=("Interreg gir 50 % dekning.",), share_known=1.0):
    return judge(question, cosine, list(sentences), VOCABULARY, 0.80, share_known, 0.15)


def test_a_well_supported_answer_passes_every_check():
    assert verdict() == Verdict(True, "")


def test_no_evidence_at_all_is_weak_evidence():
    assert verdict(cosine=None) == Verdict(False, "weak evidence")


def test_weak_evidence_is_reported_before_anything_else():
    assert verdict("Hvem er ordfører i Sarpsborg i 2030?", cosine=0.79, sentences=()) == Verdict(False, "weak evidence")


def test_the_minimum_cosine_itself_is_not_weak():
    assert verdict(cosine=0.80).answerable


def test_an_off_topic_question_comes_before_unknown_specifics():
    got = verdict("Hvem er ordfører i Sarpsborg?", share_known=0.1)
    assert got == Verdict(False, "off-topic: the corpus does not use the question's words")


def test_unknown_specifics_come_before_a_missing_answer_type_and_are_all_named():
    got = verdict("Hvor mye gir ordføreren i Sarpsborg i 2030?", sentences=("Ingen tall her.",))
    assert got == Verdict(False, "not in the sources: 2030, Sarpsborg")
    got = verdict("Hvem er ordfører i Sarpsborg i 2030?")
    assert got == Verdict(False, "not in the sources: 2030, Sarpsborg, ordfører")


def test_a_missing_answer_type_is_the_last_check():
    assert verdict("Hvor mye gir Interreg?", sentences=("Interreg er et program.",)) == Verdict(False, "no quantity in the evidence")
    assert verdict("Når er fristen?", sentences=("Interreg er et program.",)) == Verdict(False, "no time in the evidence")
    assert verdict("Kan jeg få telefonnummeret til Norec?", sentences=("Norec har et sekretariat.",)) == Verdict(False, "no contact in the evidence")


# Unaddressed specifics and sharper answer types (judge with names, sections and places)


def test_a_year_the_question_asks_about_must_be_in_the_answer():
    got = judge("Ble strategien vedtatt i 2022?", 0.9, ["Det arbeides nå med en strategi."], VOCABULARY | {"2022"}, 0.80,
                names=entities("Ble strategien vedtatt i 2022?"))
    assert got == Verdict(False, "the evidence does not mention: 2022")


def test_a_name_or_acronym_the_answer_leaves_out_is_unaddressed():
    assert entities("Hva ble resultatet av DIKUs kursordning i Moss?", ["Moss"]) == ["DIKU", "Moss"]
    assert unaddressed(["DIKU", "Moss"], ["Viken har en strategi for Moss."]) == ["DIKU"]
    # A programme named only by the section the sentence stands in is addressed.
    assert unaddressed(["Interreg"], ["Finansieringsgrad: 50 % dekning.", "ULIKE ORDNINGER Interreg"]) == []
    # A name written as the start of a longer word ("Norden" -> "nordiske") is addressed.
    assert unaddressed(["Norden"], ["Vennskapskommuner i de øvrige nordiske land."]) == []


def test_the_thing_asked_about_and_the_municipality_must_meet_in_one_passage():
    question = "Hvilke vennskapskommuner har Råde?"
    apart = ["Relasjonen til vennskapskommuner er svak.", "Kommunene Moss og Råde deltok."]
    got = judge(question, 0.9, apart, VOCABULARY, 0.80, names=["Råde"], anchors=["Råde"])
    assert got == Verdict(False, "no passage speaks of vennskapskommuner and Råde together")
    together = ["Råde har vennskapskommuner i Sverige."]
    assert judge(question, 0.9, together, VOCABULARY, 0.80, names=["Råde"], anchors=["Råde"]).answerable


def test_each_part_of_a_question_pairs_its_own_focus_with_its_own_names():
    question = "Hvilke områder i Moss har vært med i prosjekter, og hva har vært utgangspunktet i Råde og Våler?"
    sentences = ["I Moss har både oppvekst- og helseområdene vært involvert.", "Oppvekstområdet har vært utgangspunkt for prosjekter i Råde og Våler."]
    names = anchors = ["Moss", "Råde", "Våler"]
    vocabulary = VOCABULARY | set(tokenize.folded_tokens(question))
    assert judge(question, 0.9, sentences, vocabulary, 0.80, names=names, anchors=anchors).answerable
    # Each part still needs a passage of its own: nothing here speaks of Moss's areas.
    got = judge(question, 0.9, sentences[1:] + ["Moss er en by."], vocabulary, 0.80, names=names, anchors=anchors)
    assert got == Verdict(False, "no passage speaks of områder and Moss together")
    # A part's name may stand in the sentence before the quote.
    question = "Hvilke hovedprogrammer har Interreg, og hvilke tematiske områder har Øresund-Kattegat-Skagerrak?"
    sentences = ["Interreg har fire hovedprogrammer.", "Tematiske områder er forskning og grønn økonomi."]
    before = ["", "For Mosseregionen gjelder delprogrammet Øresund-Kattegat-Skagerrak."]
    vocabulary = VOCABULARY | set(tokenize.folded_tokens(question))
    got = judge(question, 0.9, sentences, vocabulary, 0.80, names=["Øresund-Kattegat-Skagerrak"], anchors=["Øresund-Kattegat-Skagerrak"], before=before)
    assert got.answerable


def test_a_count_needs_a_number_beside_what_is_counted():
    question = "Hvor mange ansatte har fylkeskommunen?"
    assert missing_answer_type(question, ["Fylkeskommunen har 12 kommuner og mange ansatte."]) is None
    assert missing_answer_type(question, ["Fylkeskommunen har 12 kommuner.", "De ansatte er flinke."]) == "count"


def test_references_years_and_the_questions_own_numbers_are_no_quantity():
    assert missing_answer_type("Hvor mange svarte?", ["Lederne har svart (se Vedlegg 1)."]) == "quantity"
    assert missing_answer_type("Hvor stort er budsjettet for 2021-2027?", ["Budsjettet for 2021-2027 er doblet."]) == "quantity"
    assert missing_answer_type("Hvor mye dekker Interreg?", ["Finansieringsgrad: 50 % dekning."], ["Interreg"]) is None


def test_how_much_money_was_received_is_not_answered_by_a_funding_rate():
    assert missing_answer_type("Hvor mye penger fikk Moss fra Interreg?", ["Finansieringsgrad: 50 % dekning."]) == "amount"
    assert missing_answer_type("Hvor mye kostet forprosjektet?", ["Støtte til forprosjekt kan gis (100’-400’ kr)."]) is None


def test_a_country_the_matcher_knows_is_neither_unknown_nor_demanded_of_the_answer():
    question = "Vi vil samarbeide med en kommune i Danmark. Hva passer?"
    assert unknown_specifics(question, VOCABULARY) == ["Danmark"]
    assert unknown_specifics(question, VOCABULARY, {"danmark"}) == []
    got = judge(question, 0.9, ["Vennskapskommuner i de nordiske land."], VOCABULARY, 0.80, names=["Danmark"], known_names={"danmark"})
    assert got.answerable


def test_a_question_whose_only_known_words_are_names_is_off_topic():
    got = judge("Blir det regn i Moss i morgen?", 0.9, ["Moss 07.09.21"], VOCABULARY, 0.80, 0.5, 0.15, names=["Moss"], share_beyond_names=0.0)
    assert got == Verdict(False, "off-topic: only the names the question mentions are known")
    # An unknown name is the sharper reason and is given first.
    got = judge("Hvem er ordfører i Moss?", 0.9, ["Moss 07.09.21"], VOCABULARY, 0.80, 0.5, 0.15, names=["Moss"], share_beyond_names=0.0)
    assert got == Verdict(False, "not in the sources: ordfører")


def test_a_number_answers_how_much_only_beside_a_word_of_the_question():
    question = "Hvor mye koster medlemskap i Europakontoret?"
    elsewhere = ["Ingen av kommunene er medlem i Europakontoret.", "Prosjektet fikk støtte (20 mill kr) til innovasjon."]
    assert missing_answer_type(question, elsewhere) == "quantity"
    # A carried subject counts through the query, and a section title counts as context.
    assert missing_answer_type("Hvor mye dekker den?", ["Finansieringsgrad: 50 % dekning."], ["Interreg"], "Hvor mye dekker den? Interreg") is None


def test_a_proper_name_besides_programmes_must_meet_the_focus_too():
    question = "Hva heter kontaktpersonen for EØS-midlene i Innovasjon Norge?"
    evidence = ["Veiledende instans: KS, Innovasjon Norge, Viken fylkeskommune"]
    got = judge(question, 0.9, evidence, VOCABULARY | {"innovasjon", "norg", "kontaktperson"}, 0.80,
                names=["Innovasjon", "Norge"], anchors=["Innovasjon", "Norge"])
    assert got == Verdict(False, "no passage speaks of kontaktpersonen and Innovasjon, Norge together")


def test_a_plan_is_no_answer_to_what_came_out_of_it():
    question = "Hva ble resultatet av evalueringen av kursordningen?"
    assert missing_answer_type(question, ["Ordningen vil bli evaluert og muligens gjentatt."]) == "outcome"
    assert missing_answer_type("Hva kom ut av nettverkssamlingen?", ["Ny nettverkssamling er planlagt i september."]) == "outcome"
    assert missing_answer_type("Hva kom ut av Mona-prosjektet?", ["Mona-prosjektet resulterte i miljøgata i Svinndal."]) is None


def test_an_outcome_must_be_of_what_the_question_asks_the_outcome_of():
    question = "Hva ble resultatet av evalueringen av DIKUs kursordning?"
    tested = ["DIKU har våren 2021 testet ut en ordning med seks kostnadsdekkende kursplasser."]
    assert missing_answer_type(question, tested) == "outcome"
    assert missing_answer_type(question, tested + ["Evalueringen viste at ordningen bør videreføres."]) is None
    assert missing_answer_type("Hva ble resultatet av forstudien?", ["Forstudien ga et grunnlag for strategiutvikling."]) is None


def test_an_amount_asked_of_something_must_stand_beside_that_thing():
    question = "Hvor mye kostet forstudien, og hvor mye betalte Viken fylkeskommune?"
    other = ["Støtte til forprosjekt kan gis av Viken fylkeskommune (100’-400’ kr)."]
    assert missing_answer_type(question, other) == "amount"
    own = other + ["Forstudien kostet 250 000 kr."]
    assert missing_answer_type(question, own) is None
    # Money without whose it is ("hva koster det") asks for any amount.
    assert missing_answer_type("Hva koster det å delta?", ["Deltakelse koster 500 kr."]) is None
    assert missing_answer_type("Hvor mye penger fikk Unionsleden?", ["Interreg ga penger: 20 mill kr."]) in {"quantity", "amount"}


def test_what_it_cost_to_do_something_is_that_things_amount():
    # "det å gjennomføre forstudien": the forstudie's cost, which another project's millions are not.
    question = "Hva kostet det å gjennomføre forstudien?"
    assert missing_answer_type(question, ["MNU fikk 20 mill kr til å gjennomføre prosjektet."]) == "amount"
    assert missing_answer_type(question, ["Forstudien kostet 250 000 kr."]) is None


def test_a_rate_in_words_answers_a_share_of_the_costs_but_counts_nothing():
    funding = ["Finansieringsgrad: Full dekning av prosjektkostnader, delvis dekning av ressursbruk i forbindelse med søknadsarbeid."]
    assert missing_answer_type("Hvor stor andel av søknadene får innvilget støtte?", funding) == "quantity"
    assert missing_answer_type("Hvor stor andel av prosjektkostnadene dekkes?", funding) is None


def test_hvor_stor_egenandel_asks_for_a_share_not_money():
    question = "Hvor stor egenandel må vi stille med hvis vi får penger fra Interreg?"
    assert missing_answer_type(question, ["Partnerne må selv finansiere minst 50 prosent av prosjektets omkostninger."]) is None


def test_a_share_of_something_needs_a_number_beside_that_thing():
    question = "Hvor stor andel av søknadene til Erasmus+ blir innvilget?"
    assert missing_answer_type(question, ["Erasmus+ gir 60 % dekning av prosjektkostnader."]) == "count"
    assert missing_answer_type("Hvor stor andel av kostnadene dekkes?", ["50 % dekning av prosjektkostnader."]) is None


def test_a_count_of_things_that_get_money_is_a_count_not_an_amount():
    assert missing_answer_type("Omtrent hvor mange land får penger gjennom EØS-midlene?", ["EØS-midlene går til ca. 15 land."]) is None


@pytest.mark.parametrize("question", ["Hva kostet Kyststien?", "Kva kostar medlemskapet?", "Hvor dyrt var prosjektet?"])
def test_what_something_cost_is_a_question_for_an_amount(question):
    assert missing_answer_type(question, ["Kyststien ble et samarbeid mellom NAV og kommunen."]) in {"quantity", "amount"}


def test_a_contact_person_needs_contact_details():
    assert missing_answer_type("Hvem er kontaktperson for Kreativt Europa?", ["Veiledende instans: Norsk kulturråd"]) == "contact"


def test_a_word_naming_the_kind_of_answer_is_not_the_thing_asked_about():
    # The sources give a date, a title or a name without using the words "dato", "tittel", "navn".
    assert unknown_focus("Hvilken dato startet forstudien?", VOCABULARY) is None
    assert unknown_focus("Hva er tittelen på vedlegg 5?", VOCABULARY) is None
    assert unknown_focus("Hva er navnet på nettverket?", VOCABULARY) is None
    assert unknown_focus("Hvem er ordføreren i Moss?", VOCABULARY) == "ordføreren"


def test_how_long_needs_a_duration():
    question = "Hvor lenge varte Erasmus+-prosjektet på Ramberg skole?"
    assert missing_answer_type(question, ["Ramberg skole har erfaring fra Erasmus+."]) == "duration"
    assert missing_answer_type(question, ["Prosjektet varte i tre år."]) is None
    assert missing_answer_type(question, ["Prosjektet pågikk 2018-2020."]) is None
    assert missing_answer_type("Kor lenge kan vi få støtte?", ["Fullfinansiering, kun ett år om gangen."]) is None


def test_what_the_question_applies_for_must_be_what_a_passage_speaks_of():
    evidence = ["Kommunen kan søke om støtte fra Erasmus+ til skoleutveksling."]
    got = judge("Hvordan søker jeg om byggetillatelse for en garasje?", 0.9, evidence, VOCABULARY | {"byggetillatels", "garasj"}, 0.80)
    assert got == Verdict(False, "no passage speaks of applying for byggetillatelse")
    # Applying for money is what the sources are about: no passage needs to say "midler".
    assert judge("Hvordan søker vi om midler?", 0.9, evidence, VOCABULARY, 0.80) == Verdict(True, "")
    assert judge("Hvordan søker vi om skoleutveksling?", 0.9, evidence, VOCABULARY | {"skoleutveksling"}, 0.80) == Verdict(True, "")
    # "Søker sammen" says how they apply, not what for.
    assert judge("Kan to kommuner slå seg sammen og søke sammen?", 0.9, evidence, VOCABULARY | {"slå"}, 0.80).reason == ""
    # A hyphenated word is read whole: "EU-midler" is money, so "grenseregionale EU-midler" is too.
    assert judge("Kva kan fylket gje før vi søker grenseregionale EU-midler?", 0.9, evidence, VOCABULARY | {"grenseregional", "fylk"}, 0.80).reason != (
        "no passage speaks of applying for grenseregionale EU"
    )


def test_a_question_about_a_decision_needs_evidence_of_one():
    question = "Har kommunestyret i Råde gjort vedtak om å følge opp forstudien?"
    assert missing_answer_type(question, ["Forstudien skal utforske mulighetsrommet for kommunene."]) == "decision"
    assert missing_answer_type(question, ["Kommunestyret vedtok i juni å følge opp forstudien."]) is None
    # "Not yet adopted" answers whether it is adopted, in a sentence or in a section title.
    assert missing_answer_type("Er strategien vedtatt?", ["Strategien er på veg til politisk sluttbehandling."]) is None
    heading = ["Digitale Europa (på gang, p.t. ikke formelt vedtatt norsk deltakelse)"]
    assert missing_answer_type("Er det vedtatt at Norge skal delta?", ["Kommuner kan delta."], heading) is None


def test_how_much_a_party_gets_asks_for_money_but_how_much_is_covered_asks_for_a_rate():
    rate = ["Finansieringsgrad: Full dekning av prosjektkostnader (også egne timer)."]
    assert missing_answer_type("Hvor mye får hvert av mottakerlandene i perioden?", rate + ["Mottakerlandene er ca. 15 land."]) == "amount"
    assert missing_answer_type("Hvor mye får hvert av landene?", ["Hvert land får 20 mill euro."]) is None
    assert missing_answer_type("Hvor mye får vi dekket av prosjektkostnadene?", rate + ["Dekningen er 100 prosent."]) is None


def test_a_date_is_no_quantity_and_money_is_no_count():
    dated = ["Mosseregionen interkommunalt politisk råd initierte i møte 9.02.21 forstudien."]
    assert missing_answer_type("Hvor stor er administrasjonen i Mosseregionen interkommunalt politisk råd?", dated) == "quantity"
    paid = ["Støtte til forprosjekt kan gis av Viken fylkeskommune (100’-400’ kr)."]
    assert missing_answer_type("Hvor mange prosjekter har Viken støttet med forprosjektmidler?", paid) == "count"
    counted = ["Finansiering (30 mill NOK til 100 innovasjonsprosjekter) er satt av."]
    assert missing_answer_type("Hvor mange innovasjonsprosjekter får finansiering?", counted) is None


def test_names_listed_answer_how_many():
    listed = ["Kommunene Moss, Råde, Vestby og Våler har alle vært representert i en prosjektgruppe."]
    assert missing_answer_type("Hvor mange kommuner er med i forstudien?", listed) is None
    assert missing_answer_type("Hvor mange kommuner er med i forstudien?", ["Kommunene har vært representert."]) == "quantity"


def test_a_short_word_is_known_as_typed_when_its_stem_is_too_short_to_find():
    # "tema" stems to "tem"; the corpus says "tematiske".
    assert unknown_focus("Hvilke tema er viktige i Erasmus+?", {"tematisk", "erasmus"}) is None


def test_a_company_asked_for_is_known_when_the_evidence_names_one_by_its_legal_form():
    question = "Hvilket firma var prosjektleder for forstudien?"
    named = ["Finess-Smart-Rådgivning AS v/siv.ing. Ole Petter Finess har vært prosjektleder for arbeidet."]
    assert judge(question, 0.9, named, VOCABULARY | {"prosjektleder", "forstudi"}, 0.80) == Verdict(True, "")
    unnamed = ["Ole Petter Finess har vært prosjektleder for arbeidet."]
    assert judge(question, 0.9, unnamed, VOCABULARY | {"prosjektleder", "forstudi"}, 0.80) == Verdict(False, "not in the sources: firma")


def test_a_word_naming_a_kind_of_thing_is_not_the_thing_asked_about():
    # "Hvilke fagfelt ...?" asks for fields; the report names them ("kommunalteknikk, klima, ...").
    assert unknown_focus("Hvilke fagfelt pekte de på som aktuelle?", VOCABULARY) is None
    assert unknown_focus("Hvilke temaer er nevnt?", VOCABULARY) is None
    assert unknown_focus("Hvilke sykehus har Råde?", VOCABULARY) == "sykehus"


def test_how_much_of_the_bill_asks_for_a_share_which_a_rate_answers():
    rate = ["Finansieringsgrad: Opptil 60 % tilskuddsdekning ved små prosjekter, 50 % ved store."]
    question = "Hvor mye av regningen tar EU hvis kulturskolen søker om penger til et lite prosjekt?"
    assert missing_answer_type(question, rate) is None
    # Without "av" it asks for money, and a rate is no amount.
    assert missing_answer_type("Hvor mye penger får kulturskolen til prosjektet?", rate) == "amount"
    # A cost is an amount even beside a share.
    cost = "Hvor mye kostet forstudien, og hvor stor del av det ble dekket av Viken?"
    assert missing_answer_type(cost, ["Forstudien ble dekket med 50 % av Viken."]) == "amount"


def test_sources_saying_the_amount_or_time_is_unsettled_answer_how_much_and_when():
    # "Hvem kan veilede oss der? Og hvor mye av kostnadene dekkes?" after "Hva er Digitalt Europa?"
    question, query, section = "Og hvor mye av kostnadene dekkes?", "Og hvor mye av kostnadene dekkes? Digitalt Europa", ["Digitalt Europa"]
    assert missing_answer_type(question, ["Finansieringsgrad: P.t. uklart."], section, query) is None
    assert missing_answer_type(question, ["Programmet er på gang."], section, query) == "quantity"
    assert missing_answer_type("Når er søknadsfristen?", ["Søknadsfristen er ikke fastsatt."]) is None


def test_a_name_may_stand_in_the_sentence_before_the_quote():
    question = "Hvor mange innovasjonsprosjekter gjelder MNUs EU-prosjekt?"
    quote = ["Gjennom dette EU-prosjektet gis finansiering (30 mill NOK til 100 innovasjonsprosjekter)."]
    vocabulary = VOCABULARY | {"mnu", "innovasjonsprosjekt", "eu", "prosjekt", "gjeld"}
    got = judge(question, 0.9, quote, vocabulary, 0.80, names=["MNU"])
    assert got == Verdict(False, "the evidence does not mention: MNU")
    before = ["MNU har som eneste nordiske aktør lykkes med søknad til EU-kommisjonen."]
    assert judge(question, 0.9, quote, vocabulary, 0.80, names=["MNU"], before=before) == Verdict(True, "")


def test_a_name_one_typo_from_the_corpus_or_ending_in_a_word_it_uses_is_known():
    vocabulary = VOCABULARY | {"europ", "europakontor"} | set(tokenize.folded_tokens("Digitalt"))
    assert unknown_specifics("Hva dekker Digitalt Euorpa?", vocabulary) == []
    assert unknown_specifics("Kan vi ringe Brussel-kontoret direkte?", vocabulary) == []
    assert unknown_specifics("Kan vi ringe Halden direkte?", vocabulary) == ["Halden"]
    # The evidence mentions them the same way: the office by its last part, the typo one letter off.
    evidence = ["Oslo-regionens Europakontor er tilgjengelig for veiledning om Europa."]
    assert unaddressed(["Brussel-kontoret", "Euorpa"], evidence) == []
    assert unaddressed(["Halden"], evidence) == ["Halden"]


def test_a_decision_must_be_about_what_the_question_asks_was_decided():
    question = "Vedtok regionrådet å sette av en egen stilling til internasjonalt arbeid?"
    approved = ["Arbeidet er forankret i regionrådet, og kommunedirektørutvalget har godkjent prosjektplanen for arbeidet."]
    assert missing_answer_type(question, approved) == "decision"
    assert missing_answer_type(question, ["Regionrådet vedtok å opprette en stilling for internasjonalt arbeid."]) is None
    # No object after the verb: any decision answers ("Er strategien vedtatt?").
    assert missing_answer_type("Er strategien vedtatt?", ["Strategien er godkjent."]) is None


def test_a_which_places_question_asks_for_places_listed_by_name():
    question = "Hvilke deler av verden kan vi samarbeide med gjennom Norec?"
    assert gives_answer_type(question, "Norec gir tilskudd til partnere i Norge, Afrika, Asia og Latin-Amerika.") is True
    assert gives_answer_type(question, "Norec er det nye navnet på Fredskorpset.") is False
    assert gives_answer_type("Hva er Norec?", "Norge, Afrika og Asia.") is None


def test_norway_is_context_not_a_name_the_answer_must_give():
    assert "Norge" not in entities("Er Norge med i Digitalt Europa?", ["Digitalt Europa"])
    assert "Sverige" in entities("Samarbeider Moss med Sverige?")


def test_a_filler_after_hva_er_is_no_focus():
    assert focus_word("Hva er liksom tanken bak EØS-midlene?") is None
    assert focus_word("Hva er tanken bak EØS-midlene?") == "tanken"


def test_what_someone_got_paid_asks_for_an_amount():
    question = "Hva fikk Finess-Smart-Rådgivning betalt for å lage rapporten?"
    assert missing_answer_type(question, ["Finess-Smart-Rådgivning AS har vært prosjektleder for arbeidet."]) in {"quantity", "amount"}
    assert missing_answer_type(question, ["Finess-Smart-Rådgivning fikk betalt 250 000 kr for rapporten."]) is None


def test_hva_with_a_noun_before_its_verb_has_that_noun_as_focus():
    # Nynorsk "Kva vennskapskommunar har Råde?", read in bokmål.
    assert focus_word("Hva vennskapskommuner har Råde?") == "vennskapskommuner"
    assert focus_word("Hva sier rapporten om Råde?") is None
    assert focus_word("Hva koster det?") is None


def test_a_budget_or_a_maximum_sum_asks_for_money():
    mona = ["Mona-prosjektet i Våler kommune resulterte i miljøgata i Svinndal."]
    assert missing_answer_type("Hva var totalbudsjettet for Mona-prosjektet i Våler?", mona) in {"quantity", "amount"}
    assert missing_answer_type("Hva var totalbudsjettet for Mona-prosjektet i Våler?", ["Mona-prosjektet hadde et budsjett på 12 mill kr."]) is None
    # A funding rate is no sum of money.
    question = "Hvor mye var maksbeløpet man kunne søke fra Nordisk ministerråd per prosjekt?"
    assert missing_answer_type(question, ["Finansieringsgrad: Fullfinansiering, kun ett år om gangen."]) == "amount"
    assert missing_answer_type(question, ["Nordisk ministerråd gir inntil 500 000 kr per prosjekt."]) is None


def test_what_someone_came_to_asks_for_an_outcome():
    question = "Hva kom DIKU fram til da de evaluerte kursordningen for kommuner?"
    planned = ["DIKU har testet ut en ordning med kursplasser. Ordningen vil bli evaluert og muligens gjentatt."]
    assert missing_answer_type(question, planned) == "outcome"
    assert missing_answer_type(question, ["Evalueringen viste at kommunene fikk stort utbytte av kurset."]) is None


def test_a_time_must_stand_beside_what_it_is_the_time_of():
    question = "Når er søknadsfristen for Vikens tilskudd til internasjonale forprosjekter?"
    horizon = ["Horisont Europa er et rammeprogram som viderefører Horisont 2020."]
    assert missing_answer_type(question, horizon, ["Horisont Europa"]) == "time"
    assert missing_answer_type(question, ["Viken fylkeskommune har søknadsfrist for forprosjekter 1. mars 2022."]) is None
    # The section title names what the time is of.
    assert missing_answer_type("Når ble Interreg startet?", ["Programmet startet i 1990."], ["Interreg"]) is None
    # A dateline dates the document a question asks about, with no word of it beside the date.
    assert missing_answer_type("Når er forstudien datert, og hvem godkjente prosjektplanen?", ["Moss 07.09.21", "Kommunedirektørutvalget har godkjent prosjektplanen."]) is None


def test_a_question_asking_for_names_needs_a_name_the_question_does_not_give():
    question = "Hvilke kommuner fikk de seks kursplassene hos DIKU våren 2021?"
    generic = ["DIKU har våren 2021 testet ut en ordning med seks kursplasser for norske kommuner."]
    assert judge(question, 0.9, generic, VOCABULARY | {"kursplass", "diku", "vår", "2021", "seks"}, 0.80) == Verdict(False, "no name in the evidence")
    assert names_anew(question, "Kursplassene gikk til Moss, Råde og Vestby.")
    assert not names_anew(question, generic[0])
    # A currency is no name; a place the matcher knows is, lower-case or not.
    assert not names_anew("Hva heter prosjektet?", "Finansiering (30 mill NOK til 100 innovasjonsprosjekter).")
    assert names_anew("Hvilke land kan delta?", "De nordiske landene kan delta.", {"nordisk"}, only_places=True)
    # Sectors are no names: "Hvilke kommunalområder ...?" is not this kind of question.
    assert NAMED.search("Hvilke kommunalområder er Erasmus+ mest relevant for?") is None
    assert NAMED.search("Kva heitte Norec tidlegare?") and NAMED.search("Hvilken kommune har ikke hatt samarbeid?")


def test_what_happened_in_the_end_asks_for_an_outcome_and_when():
    question = "Ble Vikens internasjonale strategi vedtatt til slutt, og i så fall når?"
    pending = ["Viken fylkeskommune har en internasjonal strategi som p.t. er på veg til politisk sluttbehandling."]
    assert missing_answer_type(question, pending) == "outcome"
    assert missing_answer_type(question, ["Strategien ble vedtatt av fylkestinget 14.12.2021."]) is None


def test_a_kind_of_sector_is_no_focus():
    assert focus_word("Hvilke kommunalområder i Moss har vært med i internasjonale prosjekter?") is None
    assert focus_word("Hvilke sektorer er mest aktive?") is None


def test_taking_part_needs_one_passage_naming_both():
    question = "Var Råde kommune med i Kyststien-prosjektet?"
    apart = ["Kyststien er et Interreg-finansiert prosjekt initiert av NAV i tidligere Rygge kommune.", "Oppvekstområdet har også vært utgangspunkt for prosjekter i Råde og Våler kommune."]
    vocabulary = VOCABULARY | {"kyststi", "rad"}
    got = judge(question, 0.9, apart, vocabulary, 0.80, names=["Råde", "Kyststien-prosjektet"], anchors=["Råde", "Kyststien-prosjektet"])
    assert got == Verdict(False, "no passage says Råde and Kyststien-prosjektet together")
    together = ["Råde og Moss deltok i Kyststien."]
    assert judge(question, 0.9, together, vocabulary, 0.80, names=["Råde", "Kyststien-prosjektet"], anchors=["Råde", "Kyststien-prosjektet"]).answerable
    # A project's name is the first part of "Mona-prosjektet"; "prosjekt" alone does not name it.
    assert unaddressed(["Mona-prosjektet"], ["Et prosjekt i Våler."]) == ["Mona-prosjektet"]
    assert unaddressed(["Brussel-kontoret"], ["Osloregionens Europakontor"]) == []


def test_one_of_a_list_must_be_named_by_the_list():
    evidence = ["EU-landene med svakest økonomi kan motta støtte fra Norge gjennom EØS-midlene (ca. 15 land)."]
    places = {"pol", "eu"}
    among = judge("Er Polen et av mottakerlandene for EØS-midlene?", 0.9, evidence, VOCABULARY, 0.80, names=["Polen"], known_names=places)
    assert among == Verdict(False, "the evidence does not mention: Polen")
    # Without "et av"/"blant", a country is answered by its group's words.
    assert judge("Kan vi samarbeide med Polen gjennom EØS-midlene?", 0.9, evidence, VOCABULARY, 0.80, names=["Polen"], known_names=places).answerable


def test_a_role_must_be_named_beside_what_the_question_names():
    mona = ["Mona-prosjektet i Våler kommune resulterte i miljøgata i Svinndal. Det samme gjelder Unionsleden."]
    vocabulary = VOCABULARY | {"mona", "svinndal"}
    got = judge("Hvem i Våler kommune ledet Mona-prosjektet?", 0.9, mona, vocabulary, 0.80, anchors=["Våler", "Mona-prosjektet"])
    assert got == Verdict(False, "no passage names the role asked about with Våler, Mona-prosjektet")
    led = ["Kari Nordmann i Våler kommune var prosjektleder for Mona-prosjektet."]
    assert judge("Hvem i Våler kommune ledet Mona-prosjektet?", 0.9, led, vocabulary, 0.80, anchors=["Våler", "Mona-prosjektet"]).answerable
    # Guiding is no leading, and a path named "-leden" leads nothing.
    assert judge("Hvem veileder om Interreg?", 0.9, ["Veiledende instans: Viken fylkeskommune"], VOCABULARY, 0.80).answerable
    assert judge("Hvem bygde Unionsleden?", 0.9, ["Unionsleden ble bygd av Moss og Våler."], VOCABULARY | {"unionsled", "bygd"}, 0.80).answerable


def test_which_countries_needs_a_country_or_a_group_of_them():
    places = {"danmark", "sver", "land", "pol"}
    schools = "Verket, Ramberg (Moss) og Spetalen (Råde) skoler skilte seg ut med sine erfaringer fra Erasmus+."
    # Read from nynorsk "Kva land kom partnarskulane frå ...?".
    question = "Hva land kom partnarskolene fra i Erasmus+-prosjektet til Ramberg skole?"
    assert NAMED.search(question).group("countries")
    assert not names_anew(question, schools, places, only_places=True)
    assert names_anew(question, "Partnerne kom fra Danmark og Sverige.", places, only_places=True)
    # A group answers, even one the question names; "land" alone names no country.
    assert names_anew("Hvilke land kan vi samarbeide med gjennom Nordisk ministerråd?", "de nordiske landene kan samarbeide", places, only_places=True)
    assert not names_anew("Hvilke land får støtte?", "Støtten går til mange land.", places, only_places=True)


def test_a_step_of_a_procedure_needs_a_passage_about_what_it_is_done_to():
    evidence = ["Støtte til forprosjekt kan gis av Viken fylkeskommune (100’-400’ kr)."]
    question = "Hvordan fyller man ut søknadsskjemaet for forprosjektstøtte?"
    got = judge(question, 0.9, evidence, VOCABULARY | {"soknadsskjema", "fyll"}, 0.80)
    assert got == Verdict(False, "no passage speaks of søknadsskjemaet")
    assert judge(question, 0.9, ["Søknadsskjemaet fylles ut på nett."], VOCABULARY | {"soknadsskjema", "fyll"}, 0.80).answerable


def test_how_long_a_period_is_a_duration_not_a_length():
    question = "Hvor lang periode dekkes av gangen?"
    assert missing_answer_type(question, ["Finansieringsgrad: Fullfinansiering, kun ett år om gangen."]) is None
    assert missing_answer_type(question, ["Finansieringsgrad: Fullfinansiering."]) == "duration"


def test_a_typed_for_ae_is_one_typo():
    assert known("barekraftsmal", {"baerekraftmal"})
    assert not known("barekraftsmal", {"konkurransekraft"})


def test_a_kind_of_area_is_no_focus():
    assert focus_word("Hvilke tjenesteområder i Moss har vært med på samarbeid med utlandet?") is None
    assert focus_word("Hvilke vennskapskommuner har Råde?") == "vennskapskommuner"
    assert focus_word("Hvilke områder i Moss har vært med?") == "områder"


def test_a_nynorsk_role_is_found_in_bokmal():
    evidence = ["Prosjektansvarlig er MNU v/ adm.dir. Yngve Trandem."]
    assert judge("hvem er prosjektansvarleg for forstudien?", 0.9, evidence, VOCABULARY | {"prosjektansvar"}, 0.80).answerable


def test_the_name_of_a_project_stands_beside_the_word():
    question = "Hva het Erasmus+-prosjektet som Verket skole var med i?"
    schools = ["Verket, Ramberg (Moss) og Spetalen (Råde) skoler skilte seg ut med sine erfaringer fra Erasmus+-programmet."]
    vocabulary = VOCABULARY | set(tokenize.folded_tokens(question))
    assert judge(question, 0.9, schools, vocabulary, 0.80) == Verdict(False, "no name of the prosjekt in the evidence")
    named = ["Verket skole deltok i Erasmus+-prosjektet «Green Schools» i 2019."]
    assert judge(question, 0.9, named, vocabulary, 0.80).answerable


def test_names_of_a_kind_of_its_own_must_come_with_that_kind():
    question = "Hva for vennskapskommuner har Råde i Norden?"
    vocabulary = VOCABULARY | {"vennskapskommun", "rad", "nord"}
    others = ["Relasjonen til vennskapskommuner i de øvrige nordiske land bærer ikke preg av nytte.", "Oppvekstområdet har vært utgangspunkt for prosjekter i Råde og Våler kommune."]
    assert judge(question, 0.9, others, vocabulary, 0.80).reason == "no name in the evidence"
    listed = ["Råde har vennskapskommunene Hjo og Kalundborg."]
    assert judge(question, 0.9, listed, vocabulary | {"hjo", "kalundborg"}, 0.80).answerable
    # A plain kind is named without the word; a title is no name.
    assert judge("Hvilke skoler har erfaring med Erasmus+?", 0.9, ["Verket, Ramberg og Spetalen har erfaring fra Erasmus+."], VOCABULARY | {"erasmus", "erfaring", "skol"}, 0.80).answerable
    assert judge("Hva heter vedlegg 5?", 0.9, ["Vedlegg 5: Viktige avklaringer ved en strategiutvikling."], VOCABULARY | {"5", "vedlegg"}, 0.80).answerable


def test_the_asked_sentence_after_context_has_the_focus_and_the_role():
    question = "Jeg leste at Spetalen skole har erfaring fra Erasmus+. Hvem er rektor der?"
    assert asked_sentence(question) == "Hvem er rektor der?"
    assert focus_word(question) == "rektor"
    # "ev. Europeiske" ends no sentence.
    assert asked_sentence("Gjelder det nordiske og ev. Europeiske kommuner?") == "Gjelder det nordiske og ev. Europeiske kommuner?"
    role = "Rapporten nevner KS si internasjonale avdeling. Hvem leder den avdelingen?"
    evidence = ["Osloregionens Europakontor og KS’ internasjonale avdeling vil være viktige samarbeidspartnere."]
    assert judge(role, 0.9, evidence, VOCABULARY | set(tokenize.folded_tokens(role)), 0.80, anchors=["KS"]).reason.startswith("no passage names the role")


def test_a_focus_compound_is_not_known_by_its_first_part_alone():
    vocabulary = {"soknad", "styreled", "framtid", "fag", "samarbeid", "form"}
    assert unknown_focus("Hvilken søknadsportal bruker vi?", vocabulary) == "søknadsportal"
    # An ending on a corpus word, or two corpus words joined, are known.
    assert unknown_focus("Hvem er styrelederen?", vocabulary) is None
    assert unknown_focus("Hvilke framtidsfag satses det på?", vocabulary) is None
    # Elsewhere the first part is enough ("utenlandsprosjekter" is a kind of "prosjekt").
    assert known("soknadsportal", vocabulary)


def test_an_opinion_needs_a_passage_about_whose_it_is():
    evidence = ["Omfanget av samarbeidsprosjekter har vært størst i Moss kommune."]
    vocabulary = VOCABULARY | {"ordfor", "satsing"}
    got = judge("Hva mener ordføreren i Moss om å satse mer på internasjonalt samarbeid?", 0.9, evidence, vocabulary, 0.80)
    assert got == Verdict(False, "no passage speaks of ordføreren")
    # The document's own view is what every passage gives.
    assert judge("Hva mener rapporten om Moss?", 0.9, evidence, vocabulary, 0.80).answerable


def test_where_needs_a_place_and_better_than_needs_a_comparison():
    planned = ["Ny nettverkssamling er planlagt i september."]
    vocabulary = VOCABULARY | {"nettverkssamling", "planlagt", "hold"}
    assert judge("Hvor skal nettverkssamlingen holdes?", 0.9, planned, vocabulary, 0.80) == Verdict(False, "no place in the evidence")
    assert judge("Hvor skal nettverkssamlingen holdes?", 0.9, ["Samlingen holdes i Halden i september."], vocabulary, 0.80).answerable
    question = "Er Kreativt Europa bedre egnet enn Nordisk ministerråd for bibliotekene?"
    fields = ["Mest relevant for kommunalområde: Kultur", "Veiledende instans: Norsk kulturråd"]
    vocabulary = VOCABULARY | set(tokenize.folded_tokens(question))
    assert judge(question, 0.9, fields, vocabulary, 0.80) == Verdict(False, "no comparison in the evidence")
    assert judge(question, 0.9, ["Kreativt Europa er mer aktuelt for bibliotek enn Nordisk ministerråd."], vocabulary, 0.80).answerable


def test_a_question_after_a_statement_and_a_dash_asks_from_the_dash():
    assert asked_sentence("Rapporten anbefaler KS som samarbeidspartner – hvem leder den avdelingen?") == "hvem leder den avdelingen?"
    # A question before the dash asks from its start.
    question = "Hvorfor skulle en kommune være med på et EØS-prosjekt – hva er tanken bak?"
    assert asked_sentence(question) == question


def test_finally_decided_asks_for_an_outcome():
    pending = ["Viken fylkeskommune har en internasjonal strategi som p.t. er på veg til politisk sluttbehandling."]
    assert missing_answer_type("Ble Vikens internasjonale strategi endelig vedtatt?", pending) == "outcome"


def test_the_status_and_the_reports_own_view_are_no_focus():
    assert focus_word("Hva er status for norsk deltakelse i Digitalt Europa?") is None
    assert focus_word("Hva er rapportens dom over vennskapsbyene?") is None


def test_each_part_of_a_question_has_its_focus_checked():
    question = "Hvem deltok i prosjektgruppa, og hvilke sykehus var med?"
    assert unknown_focus(question, VOCABULARY) == "sykehus"
    # Two corpus words joined, the first stemmed shorter in the corpus ("klima" as "klim").
    assert known("klimamal", {"klim", "mal"}, head_only=False)


def test_a_practical_detail_needs_a_passage_that_speaks_of_it():
    question = "Hvordan logger vi inn i søknadsportalen til Interreg, og hvilke skjema må fylles ut ved søknad?"
    assert asked_details(question) == ["logger", "søknadsportalen", "skjema"]
    vocabulary = VOCABULARY | set(tokenize.folded_tokens(question))
    rate = ["Interreg gir 50 % dekning av prosjektkostnader."]
    assert judge(question, 0.9, rate, vocabulary, 0.80) == Verdict(False, "no passage speaks of logger")
    overtime = "Får ansatte betalt overtid etter tariffavtalen når de reiser på utveksling?"
    assert asked_details(overtime) == ["overtid", "tariffavtalen"]
    # A verb is no detail ("lønner det seg"), and a form without applying is the survey's.
    assert asked_details("Lønner det seg å søke sammen med nabokommunene?") == []
    assert asked_details("Hvilke fagfelt pekte de som fylte ut skjemaet på?") == []
    told = ["Søknadsskjemaet fylles ut i søknadsportalen; logg inn med ID-porten."]
    assert judge(question, 0.9, told, vocabulary, 0.80).answerable


@pytest.mark.parametrize(
    "question, elsewhere, reason, told",
    [
        # A named holder's view needs the holder and the topic in one passage; in the past, and
        # with a place in the view, a list of "name, place" gives no view.
        (
            "Hva mener Yngve Trandem om å opprette en egen EU-rådgiverstilling i regionrådet?",
            "Prosjektansvarlig er MNU v/ adm.dir. Yngve Trandem.",
            "no passage gives the view of Yngve Trandem",
            "Yngve Trandem mener regionrådet bør opprette en stilling for EU-arbeid.",
        ),
        (
            "Hva mente Terje Pettersen om at Moss burde satse mer på Erasmus+?",
            "Kommunene har vært representert i en prosjektgruppe: - Terje Pettersen, Moss - Kine Marie Bangsund, Råde",
            "no passage gives the view of Terje Pettersen",
            "Terje Pettersen mente Moss burde satse mer på Erasmus+.",
        ),
        # A nationality needs evidence about that country.
        (
            "Korleis organiserer svenske kommunar EU-arbeidet sitt?",
            "EU er en aktør som påvirker norsk kommunesektor.",
            "the evidence does not mention: svenske",
            "Kommuner i Sverige har egne EU-kontorer.",
        ),
        # A superlative between two needs a comparison.
        (
            "Er det lettest for en liten kommune å få gjennomslag i Erasmus+ eller i Interreg?",
            "Kyststien er et Interreg-finansiert prosjekt initiert av NAV.",
            "no comparison in the evidence",
            "Interreg er enklere å nå fram i enn Erasmus+.",
        ),
    ],
)
def test_a_view_a_nationality_or_a_superlative_needs_a_passage_that_gives_it(question, elsewhere, reason, told):
    vocabulary = VOCABULARY | set(tokenize.folded_tokens(question))
    assert judge(question, 0.9, [elsewhere], vocabulary, 0.80) == Verdict(False, reason)
    assert judge(question, 0.9, [told], vocabulary, 0.80).answerable


def test_how_much_time_is_a_duration_and_a_share_of_the_costs_a_rate():
    assert missing_answer_type("Hvor mye tid brukte skolen på prosjektet?", ["Skolen fikk 60 % dekning."]) == "duration"
    rate = ["Finansieringsgrad: Opptil 60 % dekning av prosjektkostnadene ved små prosjekter."]
    assert missing_answer_type("Hvor stor del av kostnadene får vi dekket hvis kulturskolen søker penger?", rate) is None


def test_a_kind_of_place_is_no_focus():
    assert focus_word("hvilke verdensdeler kan man samarbeide med gjennom Norec") is None


def test_what_is_counted_is_the_first_noun():
    question = "Hvor mange partnerbyer må man minst ha med for å søke Urbact?"
    aim = ["Urbact skal sette byer og kommuner i stand til å løse 3 urbane utfordringer."]
    assert missing_answer_type(question, aim) == "count"
    assert missing_answer_type(question, ["Urbact krever minst 3 partnerbyer i ulike land."]) is None


def test_nynorsk_leier_is_leading():
    question = "Kven leier den internasjonale seksjonen i Viken fylkeskommune?"
    vocabulary = VOCABULARY | set(tokenize.folded_tokens(question))
    grants = ["Viken fylkeskommune forvalter tilskudd til internasjonale forprosjekter."]
    assert judge(question, 0.9, grants, vocabulary, 0.80, anchors=["Viken"]).reason.startswith("no passage names the role")


def test_the_kind_of_answer_is_no_focus_and_a_share_asked_for_is_a_number():
    assert focus_word("Forprosjektstøtte til Interreg fra Viken – hvilket beløp?") is None
    assert focus_word("Hvilke kjennetegn bør et prosjekt ha?") is None
    survey = ["I spørreundersøkelsen ble det spurt om hvilken nytte deltakerne har hatt."]
    assert missing_answer_type("Hva var svarprosenten blant virksomhetslederne i spørreundersøkelsen?", survey) == "quantity"


def test_a_superlative_among_those_named_needs_a_comparison():
    question = "Hvilken av de fire kommunene ga høyest score på nytte i spørreundersøkelsen?"
    vocabulary = VOCABULARY | set(tokenize.folded_tokens(question))
    survey = ["I spørreundersøkelsen ble det spurt om hvilken nytte deltakerne har hatt."]
    assert judge(question, 0.9, survey, vocabulary, 0.80) == Verdict(False, "no comparison in the evidence")


def test_a_focus_compound_is_spoken_of_by_another_compound_of_its_first_part():
    question = "Hvilket kurstilbud prøvde DIKU ut for kommuner i Moss?"
    vocabulary = VOCABULARY | set(tokenize.folded_tokens(question + " kurs"))
    trial = ["DIKU har testet seks kostnadsdekkende kursplasser for kommuner som Moss."]
    assert judge(question, 0.9, trial, vocabulary, 0.80, anchors=["Moss"]).answerable
    # A compound's tail alone is not its kind: "kommune" is no "vennskapskommune".
    friends = "Hvilke vennskapskommuner har Råde?"
    members = ["Råde kommune deltok i prosjektgruppa."]
    assert not judge(friends, 0.9, members, VOCABULARY | set(tokenize.folded_tokens(friends)), 0.80, anchors=["Råde"]).answerable


def test_a_web_address_is_no_phone_number_and_a_place_stands_beside_its_topic():
    page = ["Les mer på https://viken.no/tilskudd og www.viken.no."]
    assert missing_answer_type("Hva er telefonnummeret til kontaktpersonen?", page) == "contact"
    assert missing_answer_type("Hva er nettadressen til ordningen?", page) is None
    question = "Hvor blir nettverkssamlingen i september holdt?"
    vocabulary = VOCABULARY | set(tokenize.folded_tokens(question))
    elsewhere = ["Ny nettverkssamling er planlagt i september.", "Oslo-regionens Europakontor vil være tilgjengelig for veiledning."]
    assert judge(question, 0.9, elsewhere, vocabulary, 0.80) == Verdict(False, "no place in the evidence")
    assert judge(question, 0.9, ["Nettverkssamlingen holdes i Halden i september."], vocabulary, 0.80).answerable


def test_signing_up_vat_and_companions_are_details():
    assert asked_details("Hvordan melder vi oss på samlingen?") == ["melder"]
    assert asked_details("Kan vi få momskompensasjon i et Interreg-prosjekt?") == ["momskompensasjon"]
    assert asked_details("Dekker Erasmus+ reise for ledsager og assistentene?") == ["ledsager", "assistentene"]
    assert focus_word("Hva er oppskrifta på å lukkast med internasjonalt samarbeid?") is None


def test_so_far_asks_for_an_outcome_which_a_plan_is_not():
    plan = ["Gjennom dette EU-prosjektet vil det bli fokusert på å få flest mulig innovasjonsprosjekter til å lykkes."]
    question = "Hvor mange bedrifter har fått finansiering gjennom prosjektet så langt?"
    assert missing_answer_type(question, plan) == "outcome"


def test_a_list_asked_for_needs_a_list_and_members_need_their_names():
    question = "Kva for problemstillingar står det i vedlegg 5? Kan du liste dei opp?"
    vocabulary = VOCABULARY | set(tokenize.folded_tokens(question))
    pointer = ["I vedlegg 5 er det skissert en del sentrale problemstillinger som bør vurderes."]
    assert judge(question, 0.9, pointer, vocabulary, 0.80) == Verdict(False, "no list in the evidence")
    listed = ["Problemstillingene er organisering, finansiering, kompetanse og forankring."]
    assert judge(question, 0.9, listed, vocabulary, 0.80).answerable
    members = "Hvem satt i arbeidsgruppa for strategien?"
    vocabulary |= set(tokenize.folded_tokens(members))
    strategy = ["Viken fylkeskommune har en internasjonal strategi på veg til politisk sluttbehandling."]
    assert judge(members, 0.9, strategy, vocabulary, 0.80) == Verdict(False, "no names of the members of arbeidsgruppa in the evidence")
    named = ["Arbeidsgruppa besto av Terje Pettersen og Kine Marie Bangsund."]
    assert judge(members, 0.9, named, vocabulary, 0.80).answerable


@pytest.mark.parametrize(
    "question, focus",
    [
        ("Hvilke tematiske områder har Øresund-Kattegat-Skagerrak-programmet?", "områder"),
        # Nynorsk "Kva for skule" read in bokmål.
        ("Hva for skole i Våler har hatt Erasmus+-prosjekt?", "skole"),
        ("Hvilke deler av Moss kommune har vært med?", None),
    ],
)
def test_the_focus_is_the_noun_after_an_adjective_and_parts_are_no_focus(question, focus):
    assert focus_word(question) == focus


def test_the_language_of_an_application_is_a_detail():
    assert asked_details("Må søknaden til Interreg skrives på engelsk, eller holder det med norsk?") == ["engelsk"]


def test_a_duration_in_years_with_a_decimal_answers_how_long():
    sentence = ["Covid 19-pandeminen har de siste 1,5 årene lagt en demper på besøksaktivitet mellom kommunene."]
    assert missing_answer_type("Hvor lenge har pandemien lagt en demper på besøkene?", sentence) is None
    assert missing_answer_type("Hvor lenge har pandemien lagt en demper på besøkene?", ["Pandemien har lagt en demper."]) == "duration"


def test_how_much_larger_is_answered_by_a_doubling_and_needs_no_money():
    question = "Hvor mye større blir Erasmus-budsjettet i 2021-2027?"
    doubled = ["Erasmus+ videreføres i perioden 2021-2027 og med en dobling av budsjettet."]
    assert missing_answer_type(question, doubled) is None
    assert missing_answer_type(question, ["Erasmus+ videreføres i perioden 2021-2027."]) == "quantity"
    # Without "hvor mye større" a budget is an amount of money.
    assert missing_answer_type("Hvor stort er Erasmus-budsjettet i 2021-2027?", doubled) == "quantity"


def test_a_share_of_the_costs_is_a_funding_rate_which_need_not_name_the_costs():
    question = "Hva er hovedmålene i Kreativt Europa, og hvor stor andel av kostnadene dekkes?"
    assert missing_answer_type(question, ["Finansieringsgrad: Opptil 60 % tilskuddsdekning ved små prosjekter."], ["Kreativt Europa"]) is None
    # A share of something else must stand beside it.
    assert missing_answer_type("Hvor stor andel av søknadene til Kreativt Europa får støtte?", ["Kreativt Europa gir opptil 60 % tilskuddsdekning."]) == "count"


def test_when_a_decision_was_made_is_a_time_question_and_starting_something_is_a_decision():
    question = "Når vedtok det politiske rådet å sette i gang forstudien?"
    started = ["Mosseregionen interkommunalt politisk råd i møte 9.02.21 initiert en forstudie om internasjonalt samarbeid."]
    vocabulary = VOCABULARY | set(tokenize.folded_tokens(question + " " + started[0]))
    assert judge(question, 0.9, started, vocabulary, 0.80).answerable
    # What was decided is still checked: a pre-study started is no position created.
    position = "Når vedtok rådet å opprette en stilling som koordinator?"
    vocabulary |= set(tokenize.folded_tokens(position))
    assert judge(position, 0.9, started, vocabulary, 0.80) == Verdict(False, "no decision in the evidence")
    # Starting a study is no decision to follow it up.
    follow_up = "Har kommunestyret gjort vedtak om å følge opp forstudien?"
    vocabulary |= set(tokenize.folded_tokens(follow_up))
    assert judge(follow_up, 0.9, started, vocabulary, 0.80) == Verdict(False, "no decision in the evidence")


def test_the_outcome_of_someones_evaluation_is_of_the_evaluation_not_of_them():
    tested = ["DIKU har våren 2021 testet ut en ordning med seks kostnadsdekkende kursplasser for norske kommuner."]
    for question in ("Hva ble resultatet av DIKU si evaluering av kursplassene?", "Hva ble resultatet av DIKUs evaluering av kursplassene?"):
        assert missing_answer_type(question, tested) == "outcome"


def test_a_statement_of_all_the_municipalities_speaks_of_each_of_them():
    question = "Står internasjonalt samarbeid nevnt i planene til Råde?"
    vocabulary = VOCABULARY | set(tokenize.folded_tokens(question))
    none_of_them = ["Men ingen av kommunene har i sine plan- og strategidokumenter vurdert internasjonalt samarbeid."]
    assert judge(question, 0.9, none_of_them, vocabulary, 0.80, names=["Råde"], municipalities=["Råde"]).answerable
    # Not when Råde is named as something other than a municipality, nor by a passage on some of them.
    assert judge(question, 0.9, none_of_them, vocabulary, 0.80, names=["Råde"]) == Verdict(False, "the evidence does not mention: Råde")
    areas = ["Mest relevant for kommunalområde: Samtlige kommunalområder."]
    assert judge(question, 0.9, areas, vocabulary, 0.80, names=["Råde"], municipalities=["Råde"]) == Verdict(False, "the evidence does not mention: Råde")
    some = ["Flere av kommunene har internasjonalt samarbeid i planene."]
    assert judge(question, 0.9, some, vocabulary, 0.80, names=["Råde"], municipalities=["Råde"]) == Verdict(False, "the evidence does not mention: Råde")


def test_a_detail_in_a_sentence_of_context_is_not_asked_for():
    question = "Jeg jobber med revisjon av kommuneplanen. Står internasjonalt samarbeid i planene våre?"
    vocabulary = VOCABULARY | set(tokenize.folded_tokens(question))
    plans = ["Men ingen av kommunene har i sine plan- og strategidokumenter vurdert internasjonalt samarbeid."]
    assert judge(question, 0.9, plans, vocabulary, 0.80).answerable
    asked = "Hvem tar revisjon av prosjektregnskapet?"
    assert judge(asked, 0.9, plans, vocabulary | set(tokenize.folded_tokens(asked)), 0.80) == Verdict(False, "no passage speaks of revisjon")


def test_places_typed_in_lower_case_must_be_among_those_listed():
    question = "er polen og romania blant landene som kan få eøs-midler?"
    vocabulary = VOCABULARY | set(tokenize.folded_tokens(question))
    general = ["EU-landene med svakest økonomi kan motta støtte fra Norge gjennom EØS-midlene (ca. 15 land)."]
    got = judge(question, 0.9, general, vocabulary, 0.80, known_names={"pol", "polen", "romani", "romania"} | set(tokenize.folded_tokens("polen romania")))
    assert got == Verdict(False, "the evidence does not mention: polen, romania")
    listed = ["Mottakerlandene er blant andre Polen, Romania og Bulgaria."]
    assert judge(question, 0.9, listed, vocabulary, 0.80, known_names=set(tokenize.folded_tokens("polen romania"))).answerable


def test_procurement_is_a_practical_detail():
    assert asked_details("Må vi følge reglene for offentlige anskaffelser i et Interreg-prosjekt?") == ["anskaffelser"]


def test_a_name_with_a_generic_tail_is_addressed_by_its_head():
    # "Interreg-søkere", "Interreg-midlar": applicants and funds of Interreg, which any Interreg passage speaks of.
    evidence = ["Støtte til forprosjekt kan gis av Viken fylkeskommune (100’-400’ kr) til Interreg-prosjekter."]
    assert unaddressed(["Interreg-søkere", "Interreg-midlar"], evidence) == []
    assert unaddressed(["Interreg-søkere"], ["Viken fylkeskommune gir støtte til forprosjekt."]) == ["Interreg-søkere"]
    # An office is still named by its last part.
    assert unaddressed(["Brussel-kontoret"], ["Brussel er EUs hovedstad."]) == ["Brussel-kontoret"]


def test_the_point_of_something_is_no_focus():
    assert focus_word("Hva er poenget med å gå inn i prosjekter sammen med de fattigere landene i Europa?") is None


def test_applying_to_a_programme_the_question_names_is_applying_for_funding():
    question = "hvem veileder kommuner som vil søke erasmus pluss?"
    vocabulary = VOCABULARY | set(tokenize.folded_tokens(question))
    guidance = ["Veiledende instans: Direktoratet for internasjonalisering og kvalitetsutvikling i høyere utdanning (DIKU)."]
    assert judge(question, 0.9, guidance, vocabulary, 0.80, programmes=["Erasmus+"]).answerable
    assert judge(question, 0.9, guidance, vocabulary, 0.80) == Verdict(False, "no passage speaks of applying for erasmus pluss")


def test_what_came_out_of_interviews_needs_a_passage_on_the_interviews():
    survey = ["Mona-prosjektet i Våler kommune resulterte i miljøgata i Svinndal."]
    assert missing_answer_type("Kva kom fram i intervjua med einingsleiarane i Våler?", survey) == "outcome"
    answered = ["Intervjuene viste at lederne ønsker mer samarbeid."]
    assert missing_answer_type("Hva kom fram i intervjuene med lederne?", answered) is None


def test_who_something_was_done_to_asks_about_the_doing():
    assert focus_word("Hvem ble intervjuet i forbindelse med forstudien?") == "intervjuet"
    assert unknown_specifics("Hvem ble intervjuet i forbindelse med forstudien?", VOCABULARY | {"forstudi"}) == ["intervjuet"]


@pytest.mark.parametrize(
    "question",
    ["Hvilke gevinster kan en kommune regne med av samarbeidsprosjekter?", "Hva er drivkraften for å bli med i et EØS-prosjekt?"],
)
def test_a_gain_or_a_motive_is_no_focus(question):
    assert focus_word(question) is None


def test_which_of_a_kind_is_answered_by_names_and_which_ones_by_a_list():
    question = "hvilke av kommunene våre er medlem i grensekomiteen värmland-østfold"
    assert gives_answer_type(question, "Våler og (tidligere) Moss kommune er medlemmer av Grensekomiteen.") is True
    assert gives_answer_type(question, "Värmland-Østfold er et organ for løpende kontakt og samarbeid.") is False
    plural = "Hvilke teknologier skal Digitalt Europa satse på?"
    assert gives_answer_type(plural, "Bruk av digitale løsninger innen kunstig intelligens, High Performance Computing og cybersikkerhet.") is True
    assert gives_answer_type(plural, "Digitalt Europa er et nytt program for bruk av innovative digitale teknologier.") is False


def test_the_focus_is_the_noun_after_a_comparative_and_a_verb_with_its_subject_is_none():
    assert focus_word("Kva for høgare utdanningsinstitusjonar i nærleiken kan vi samarbeide med?") == "utdanningsinstitusjonar"
    assert focus_word("hvilken vektlegger Viken?") is None
    assert focus_word("Hvilke partnere har Moss?") == "partnere"


def test_a_compound_focus_is_spoken_of_by_its_tail_beside_its_first_part():
    question = "Hvilket grenseprosjekt i Våler endte med en ny gate gjennom Svinndal?"
    vocabulary = VOCABULARY | set(tokenize.folded_tokens(question)) | {"prosjekt", "grens"}
    mona = ["Mona-prosjektet i Våler kommune, som bl.a. resulterte i miljøgata i Svinndal, var et resultat av samarbeid over riksgrensen."]
    assert judge(question, 0.9, mona, vocabulary, 0.80, names=["Våler", "Svinndal"], anchors=["Våler", "Svinndal"]).answerable
    elsewhere = ["Mona-prosjektet i Våler kommune resulterte i miljøgata i Svinndal."]
    assert judge(question, 0.9, elsewhere, vocabulary, 0.80, names=["Våler", "Svinndal"], anchors=["Våler", "Svinndal"]) == Verdict(
        False, "no passage speaks of grenseprosjekt and Våler, Svinndal together"
    )


def test_a_funding_rate_asked_for_by_name_is_a_quantity():
    committee = ["Komiteen skal initiere, utrede og koordinere prosjekter som er av interesse for grense-kommunene."]
    assert missing_answer_type("Hvilken finansieringsgrad gir Grensekomiteen for prosjekter den støtter?", committee, ["Grensekomiteen"]) == "quantity"
    rate = ["Finansieringsgrad: 50 % dekning av prosjektkostnader."]
    assert missing_answer_type("Hvilken finansieringsgrad gir Interreg?", rate, ["Interreg"]) is None


def test_a_named_persons_view_that_something_should_be_needs_a_passage_with_both():
    question = "Kva meiner Terje Pettersen at Moss kommune bør satse på internasjonalt?"
    vocabulary = VOCABULARY | set(tokenize.folded_tokens(question))
    listed = ["Kommunene har vært representert i en prosjektgruppe: - Terje Pettersen, Moss - Kine Marie Bangsund, Råde"]
    got = judge("Hva mener Terje Pettersen at Moss kommune bør satse på internasjonalt?", 0.9, listed, vocabulary, 0.80, names=["Terje Pettersen", "Moss"])
    assert got == Verdict(False, "no passage gives the view of Terje Pettersen")


def test_a_name_in_several_hyphenated_parts_is_one_name():
    assert entities("Hvilke områder dekker Øresund-Kattegat-Skagerrak-programmet?") == ["Øresund-Kattegat-Skagerrak-programmet"]


def test_a_count_answered_outright_is_a_number_right_before_what_is_counted():
    question = "Hvor mange land kan motta EØS-midler?"
    assert counted_outright(question, ["EU-landene med svakest økonomi kan motta støtte gjennom EØS-midlene (ca. 15 land)."])
    assert not counted_outright(question, ["EØS-midlene gikk til 15 prosjekter i mottakerlandene."])
    assert not counted_outright(question, ["Landene fikk støtte i 2021."])
    assert not counted_outright("Hva er EØS-midlene?", ["ca. 15 land"])


def test_staffs_word_for_what_the_sources_call_otherwise_is_known():
    vocabulary = VOCABULARY | {"universitet", "hogskol", "roll"}
    assert unknown_focus("Hvilke læresteder i nærområdet er aktuelle partnere?", vocabulary) is None
    assert unknown_focus("Hvilke funksjoner har kommunen?", vocabulary) is None
    assert unknown_focus("Hvilke gymsaler har kommunen?", vocabulary) == "gymsaler"
    assert focus_word("Hva er annerledes med drivkraften bak et EØS-prosjekt?") is None


def test_a_detail_is_spoken_of_in_the_sources_words():
    question = "Får vi betalt for arbeidstiden til våre egne folk i et EØS-prosjekt?"
    vocabulary = VOCABULARY | set(tokenize.folded_tokens(question))
    funding = ["Finansieringsgrad: Full dekning av prosjektkostnader (også egne timer)."]
    assert judge(question, 0.9, funding, vocabulary, 0.80).answerable
    assert judge(question, 0.9, ["Finansieringsgrad: Full dekning av prosjektkostnader."], vocabulary, 0.80) == Verdict(
        False, "no passage speaks of arbeidstiden"
    )


def test_the_named_programmes_funding_rate_answers_a_share_of_the_costs():
    question = "Hvor stor del av utgiftene blir dekket hvis kulturetaten får penger fra EUs kulturprogram?"
    vocabulary = VOCABULARY | set(tokenize.folded_tokens(question))
    rate = ["Finansieringsgrad: Opptil 60 % tilskuddsdekning ved små prosjekter, 50 % ved store."]
    sections = ["ULIKE ORDNINGER OG PROGRAMMER EU-baserte programmer Kreativt Europa"]
    assert judge(question, 0.9, rate, vocabulary, 0.80, sections=sections, programmes=["Kreativt Europa"]).answerable
    assert judge(question, 0.9, rate, vocabulary, 0.80, sections=sections) == Verdict(False, "no quantity in the evidence")
    # A count of what came of it is no share of the costs.
    count = "Hvor mange bedrifter har fått finansiering gjennom programmet så langt?"
    vocabulary |= set(tokenize.folded_tokens(count))
    plan = ["Finansieringsgrad: Full dekning av prosjektkostnader.", "Det vil bli fokusert på å få flest mulig bedrifter til å lykkes."]
    assert not judge(count, 0.9, plan, vocabulary, 0.80, sections=sections[:1] * 2, programmes=["Horisont Europa"]).answerable
