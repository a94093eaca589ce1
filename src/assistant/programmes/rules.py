"""The matching rules (corpus/matching_rules.toml): strict models, validated on load.

The file is edited by people, so every mistake is reported with the key that holds it
("matching_rules.toml: programme.3.aliases: Input should be a valid list"). Unknown keys are
errors, regular expressions are compiled on load, and cross-references (a condition naming a
partner group, a country listed under a group) are checked.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from assistant.errors import AssistantError

RULES_FILE_NAME = "matching_rules.toml"
RULES_FORMAT_VERSION = 1

ConditionKind = Literal["partners", "cofinancing", "status", "duration", "eligibility", "general"]


class MatchingRulesError(AssistantError):
    """The matching rules file is missing, not TOML, or breaks a rule; the message names the key."""


def _check_patterns(patterns: list[str]) -> list[str]:
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ValueError(f"bad regular expression {pattern!r}: {exc}") from None
    return patterns


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ExtractionRules(_Strict):
    """How programme sections and their fields are found in the report."""

    overview_heading: str
    shared_headings: list[str] = []
    sectors_labels: list[str] = Field(min_length=1)
    guidance_labels: list[str] = Field(min_length=1)
    funding_labels: list[str] = Field(min_length=1)
    reference_lines: list[str] = []
    value_stops: list[str] = []
    summary_sentences: int = Field(default=2, ge=1, le=5)
    summary_patterns: list[str] = []
    all_sectors_words: list[str] = []
    full_funding_patterns: list[str] = []
    extra_support_patterns: list[str] = []

    @field_validator("overview_heading")
    @classmethod
    def _valid_pattern(cls, value: str) -> str:
        return _check_patterns([value])[0]

    @field_validator(
        "shared_headings",
        "sectors_labels",
        "guidance_labels",
        "funding_labels",
        "reference_lines",
        "value_stops",
        "summary_patterns",
        "full_funding_patterns",
        "extra_support_patterns",
    )
    @classmethod
    def _valid_patterns(cls, value: list[str]) -> list[str]:
        return _check_patterns(value)


class ProgrammePart(_Strict):
    """A named part of a programme (Interreg A, Urbact), found by a pattern in its section."""

    name: str
    pattern: str

    @field_validator("pattern")
    @classmethod
    def _valid(cls, value: str) -> str:
        return _check_patterns([value])[0]


class ProgrammeRule(_Strict):
    """A programme's canonical name, the headings that introduce it and the other names people use."""

    name: str = Field(min_length=1)
    headings: list[str] = Field(min_length=1)
    aliases: list[str] = []
    parts: list[ProgrammePart] = []

    @field_validator("headings")
    @classmethod
    def _valid(cls, value: list[str]) -> list[str]:
        return _check_patterns(value)


class Area(_Strict):
    """A kommunalområde as the report names it, with the words staff use for its services."""

    name: str = Field(min_length=1)
    report_terms: list[str] = Field(min_length=1)
    words: list[str] = []


class PartnerGroup(_Strict):
    """Countries that programmes name together ("Afrika, Asia og Latin-Amerika")."""

    key: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    label: str
    weight: float = Field(ge=0)
    countries: list[str] = []
    words: list[str] = []


class ConditionRule(_Strict):
    """A condition found by patterns in a programme's text; `groups` marks partner conditions."""

    key: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    kind: ConditionKind
    label: str
    patterns: list[str] = Field(min_length=1)
    groups: list[str] = []
    warning: str | None = None

    @field_validator("patterns")
    @classmethod
    def _valid(cls, value: list[str]) -> list[str]:
        return _check_patterns(value)

    @field_validator("warning")
    @classmethod
    def _template(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                value.format(name="X")
            except (KeyError, IndexError, ValueError):
                raise ValueError("may only use {name} as a placeholder") from None
        return value


class FundingRules(_Strict):
    """Wordings of a funding text that matter to a need for full funding."""

    own_costs_patterns: list[str] = []

    @field_validator("own_costs_patterns")
    @classmethod
    def _valid(cls, value: list[str]) -> list[str]:
        return _check_patterns(value)


class FundingNeed(_Strict):
    """Words in a question that say how much of the cost a programme must cover."""

    min_rate: int = Field(ge=0, le=100)
    label: str
    words: list[str] = Field(min_length=1)


class Activity(_Strict):
    """An activity type: the words of a question and the report's words for the same thing."""

    key: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    label: str
    words: list[str] = Field(min_length=1)
    report_patterns: list[str] = Field(min_length=1)

    @field_validator("report_patterns")
    @classmethod
    def _valid(cls, value: list[str]) -> list[str]:
        return _check_patterns(value)


class QuestionRules(_Strict):
    """What marks a question as a programme-choice question, and words that carry no topic."""

    markers: list[str] = Field(min_length=1)
    marker_patterns: list[str] = []
    # A question about what has been ("Hvilken ordning har vært den viktigste pengekilden?") asks
    # about the past, not which programme fits a need, unless it also names a need (`need_patterns`).
    past_patterns: list[str] = []
    # A question that picks out one of the programmes already named ("Hvilket av dem er
    # forskningsprogrammet?") identifies, it does not choose for a need; read up to its first "?"
    # (what an earlier turn adds after it does not count), with the same exception.
    which_of_patterns: list[str] = []
    need_patterns: list[str] = []
    ignore_words: list[str] = []

    @field_validator("marker_patterns", "past_patterns", "which_of_patterns", "need_patterns")
    @classmethod
    def _valid(cls, value: list[str]) -> list[str]:
        return _check_patterns(value)


class Weights(_Strict):
    """Every number the matcher adds up; see the comments in the rules file."""

    name_mentioned: float
    sector_match: float
    sector_focus: float = 0.0
    sector_in_text: float
    sector_all: float
    sector_mismatch: float
    partner_match: float
    partner_mismatch: float
    funding_fit: float
    funding_own_costs: float
    funding_short: float
    funding_unclear: float
    funding_missing: float
    activity_match: float
    activity_cap: float
    topic: float
    topic_cap: float
    guidance_available: float
    guidance_named: float
    status_penalty: float
    fuzzy_min_length: int = Field(ge=3)
    prefix_min_length: int = Field(ge=3)


class MatchingRules(_Strict):
    """The whole rules file."""

    format_version: int
    extraction: ExtractionRules
    programme: list[ProgrammeRule] = Field(min_length=1)
    area: list[Area] = Field(min_length=1)
    partner_group: list[PartnerGroup] = []
    country_words: dict[str, str] = {}
    condition: list[ConditionRule] = []
    funding: FundingRules = FundingRules()
    funding_need: list[FundingNeed] = []
    activity: list[Activity] = []
    question: QuestionRules
    weights: Weights

    @model_validator(mode="after")
    def _cross_references(self) -> "MatchingRules":
        names = [p.name for p in self.programme]
        _unique("programme", names)
        _unique("area", [a.name for a in self.area])
        _unique("partner_group", [g.key for g in self.partner_group])
        _unique("condition", [c.key for c in self.condition])
        _unique("activity", [a.key for a in self.activity])
        groups = {g.key for g in self.partner_group}
        for i, cond in enumerate(self.condition):
            for group in cond.groups:
                if group not in groups:
                    raise ValueError(f"condition.{i}.groups: unknown partner group {group!r}")
        countries = {c for g in self.partner_group for c in g.countries}
        for word, country in self.country_words.items():
            if country not in countries:
                raise ValueError(f"country_words.{word}: {country!r} is in no partner_group")
        return self

    def place_names(self) -> list[str]:
        """The countries and regions the partner groups name (the matcher understands them even
        when the sources never mention them)."""
        return [c for g in self.partner_group for c in g.countries] + [w for g in self.partner_group for w in g.words if w[:1].isupper()]

    def programme_rule(self, name: str) -> ProgrammeRule | None:
        """The rule of a canonical programme name."""
        return next((p for p in self.programme if p.name == name), None)

    def group(self, key: str) -> PartnerGroup:
        return next(g for g in self.partner_group if g.key == key)


def _unique(what: str, keys: list[str]) -> None:
    seen: set[str] = set()
    for i, key in enumerate(keys):
        if key in seen:
            raise ValueError(f"{what}.{i}: {key!r} appears twice")
        seen.add(key)


def parse_rules(text: str, origin: str = RULES_FILE_NAME) -> MatchingRules:
    """Rules from TOML text; any problem raises MatchingRulesError naming `origin` and the key."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise MatchingRulesError(f"{origin}: not valid TOML: {exc}") from None
    try:
        rules = MatchingRules.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"])
        msg = err["msg"].removeprefix("Value error, ")
        raise MatchingRulesError(f"{origin}: {where}: {msg}" if where else f"{origin}: {msg}") from None
    if rules.format_version != RULES_FORMAT_VERSION:
        raise MatchingRulesError(
            f"{origin}: format_version: {rules.format_version} is not supported (expected {RULES_FORMAT_VERSION})"
        )
    return rules


def load_matching_rules(path: Path) -> MatchingRules:
    """Rules from a file (normally corpus/matching_rules.toml)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise MatchingRulesError(f"{path}: cannot be read ({exc.strerror})") from None
    return parse_rules(text, str(path))
