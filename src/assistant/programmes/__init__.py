"""Programmes: records drawn from the report's programme overview, matching rules as data, and the matcher.

    records.py  extract_programmes(pages, chunks, rules) -> ProgrammeRecord list (programmes.json)
    rules.py    load_matching_rules(corpus/matching_rules.toml) -> MatchingRules (validated)
    match.py    parse_need / match / is_programme_question / format_matches / format_records
"""

from assistant.programmes.match import (
    Need,
    ProgrammeMatch,
    Reason,
    format_matches,
    format_records,
    is_programme_question,
    match,
    parse_need,
)
from assistant.programmes.records import (
    PROGRAMMES_FILE,
    Citation,
    FundingRate,
    ProgrammeRecord,
    extract_programmes,
    from_json,
    parse_rate,
    post_build,
    records_from_index,
    to_json,
)
from assistant.programmes.rules import (
    RULES_FILE_NAME,
    MatchingRules,
    MatchingRulesError,
    load_matching_rules,
    parse_rules,
)

__all__ = [
    "PROGRAMMES_FILE",
    "RULES_FILE_NAME",
    "Citation",
    "FundingRate",
    "MatchingRules",
    "MatchingRulesError",
    "Need",
    "ProgrammeMatch",
    "ProgrammeRecord",
    "Reason",
    "extract_programmes",
    "format_matches",
    "format_records",
    "from_json",
    "is_programme_question",
    "load_matching_rules",
    "match",
    "parse_need",
    "parse_rate",
    "parse_rules",
    "post_build",
    "records_from_index",
    "to_json",
]
