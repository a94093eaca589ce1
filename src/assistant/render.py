"""HTML for the chat: answers with their sources, programme tables, the about panel and the corpus table.

Everything comes from `Answer.to_dict()` and the index manifest. Every piece of text from a user
or a source is escaped; the only markup is our own. Each message is one HTML block with no blank
line in it, so the chat's Markdown renderer leaves it alone (a blank line would end the block).
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Mapping, Sequence
from typing import Any

MONTHS = (
    "januar", "februar", "mars", "april", "mai", "juni",
    "juli", "august", "september", "oktober", "november", "desember",
)
KIND_LABELS = {"report": "Rapport", "appendix": "Vedlegg", "programme_page": "Programside", "other": "Annet"}
UNDATED = "udatert"
PENDING = "Søker i kildene …"
GENERIC_ERROR = "Beklager, noe gikk galt da svaret skulle lages. Prøv igjen, eller still spørsmålet på en annen måte."

_PARAGRAPH_BREAK = re.compile(r"[ \t]*\n[ \t]*\n\s*")
_SPACE = re.compile(r"\s+")


# ---------------------------------------------------------------------------------------------
# Small pieces
# ---------------------------------------------------------------------------------------------


def esc(text: object) -> str:
    """`text` escaped for HTML, on one line (newlines become <br>) so a message stays one block."""
    return html.escape("" if text is None else str(text), quote=True).replace("\r", "").replace("\n", "<br>")


def flow(text: str) -> str:
    """Passage text escaped and reflowed: hard line breaks of the PDF become spaces, paragraphs <br>."""
    paragraphs = _PARAGRAPH_BREAK.split(text)
    return "<br>".join(html.escape(_SPACE.sub(" ", p), quote=True) for p in paragraphs)


def highlight(text: str, start: int, end: int) -> str:
    """The passage escaped, with text[start:end] (the quoted span) wrapped in <mark>.

    Offsets out of range or empty spans give the passage without a mark.
    """
    if not (0 <= start < end <= len(text)) or not text[start:end].strip():
        return flow(text)
    # Whitespace at the span's edges belongs outside the mark (a PDF line break is not quoted).
    start += len(text[start:end]) - len(text[start:end].lstrip())
    end -= len(text[start:end]) - len(text[start:end].rstrip())
    return f"{flow(text[:start])}<mark>{flow(text[start:end])}</mark>{flow(text[end:])}"


def parse_date(value: object) -> dt.date | None:
    """A date from an ISO string (or date), else None."""
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def format_date(value: object) -> str:
    """A date in Norwegian: "7. september 2021"; "udatert" when there is none."""
    date = parse_date(value)
    if date is None:
        return UNDATED
    return f"{date.day}. {MONTHS[date.month - 1]} {date.year}"


def format_time(value: object) -> str:
    """An ISO timestamp (UTC) as "7. september 2021 kl. 14:05 UTC"; "–" when missing."""
    if not isinstance(value, str) or not value:
        return "–"
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        return esc(value)
    return f"{format_date(moment.date())} kl. {moment:%H:%M} UTC"


def _safe_url(url: object) -> str | None:
    if isinstance(url, str) and re.match(r"^https?://[^\s\"'<>]+$", url):
        return url
    return None


def _link(url: object) -> str:
    safe = _safe_url(url)
    if safe is None:
        return ""
    return f'<a href="{esc(safe)}" target="_blank" rel="noopener noreferrer">{esc(safe)}</a>'


# ---------------------------------------------------------------------------------------------
# Staleness
# ---------------------------------------------------------------------------------------------


def stale_notice(citations: Sequence[Mapping[str, Any]], stale_after_days: int, today: dt.date | None = None) -> str | None:
    """A Norwegian notice when every source behind an answer is older than `stale_after_days`.

    An undated source cannot show the facts are recent, so it counts as old. The citations the
    answer quotes (`used`) decide; with none marked used, all of them do. No citations, no notice.
    """
    if not citations:
        return None
    behind = [c for c in citations if c.get("used", True)] or list(citations)
    today = today or dt.date.today()
    dates = [d for d in (parse_date(c.get("date")) for c in behind) if d is not None]
    newest = max(dates) if dates else None
    if newest is not None and (today - newest).days <= stale_after_days:
        return None
    if newest is None:
        return (
            "Kildene bak dette svaret er ikke datert. Fakta om programmene (satser, vilkår, frister) "
            "kan ha endret seg siden de ble skrevet – sjekk programmets egne sider før du bruker dem."
        )
    return (
        f"Kildene bak dette svaret er fra {format_date(newest)} eller eldre. Fakta om programmene "
        "(satser, vilkår, frister) kan ha endret seg siden – sjekk programmets egne sider før du bruker dem."
    )


# ---------------------------------------------------------------------------------------------
# Messages
# ---------------------------------------------------------------------------------------------


def render_question(question: str) -> str:
    """A user's question as text, never as markup."""
    return f'<div class="mra-question">{esc(question)}</div>'


def render_pending() -> str:
    """The placeholder shown while an answer is being made."""
    return f'<div class="mra-answer mra-pending">{esc(PENDING)}</div>'


def render_error(message: str) -> str:
    """An error in the chat: a Norwegian sentence, never a traceback."""
    return f'<div class="mra-answer mra-error"><p>{esc(message)}</p></div>'


def _sentences(answer: Mapping[str, Any]) -> str:
    sentences = answer.get("sentences") or []
    if not sentences:
        return esc(answer.get("answer", ""))
    parts = []
    for s in sentences:
        label = f"<strong>{esc(s['label'])}:</strong> " if s.get("label") else ""
        body = esc(_SPACE.sub(" ", str(s.get("text", ""))).strip())
        parts.append(f'{label}{body} <span class="mra-ref">[{int(s["citation"])}]</span>')
    return " ".join(parts)


def render_source(number: int, citation: Mapping[str, Any], *, open_: bool = False) -> str:
    """One source, collapsible: title, date, page and section in the summary; the passage inside
    with the span the answer quotes highlighted."""
    text = str(citation.get("text", ""))
    passage = highlight(text, int(citation.get("start", 0)), int(citation.get("end", 0)))
    meta = [f'<span class="mra-date">{esc(format_date(citation.get("date")))}</span>']
    if citation.get("page") is not None:
        meta.append(f'<span class="mra-page">s. {esc(citation["page"])}</span>')
    if citation.get("section"):
        meta.append(f'<span class="mra-section">{esc(citation["section"])}</span>')
    unused = "" if citation.get("used", True) else ' <span class="mra-unused">(ikke sitert)</span>'
    link = _link(citation.get("url"))
    link_html = f'<div class="mra-link">Nettside: {link}</div>' if link else ""
    return (
        f'<details class="mra-source"{" open" if open_ else ""}>'
        f'<summary><span class="mra-n">[{number}]</span> <span class="mra-title">{esc(citation.get("title", ""))}</span>{unused}'
        f'<span class="mra-meta"> · {" · ".join(meta)}</span></summary>'
        f'<blockquote class="mra-passage">{passage}</blockquote>{link_html}</details>'
    )


def _sources_block(heading: str, citations: Sequence[Mapping[str, Any]]) -> str:
    if not citations:
        return ""
    items = "".join(render_source(n, c) for n, c in enumerate(citations, start=1))
    return f'<div class="mra-sources"><div class="mra-h">{esc(heading)}</div>{items}</div>'


def _funding(funding: object) -> str:
    if isinstance(funding, Mapping):
        low, high = funding.get("min"), funding.get("max")
        if low is None or high is None:
            rate = "uklar"
        else:
            rate = f"{low} %" if low == high else f"{low}–{high} %"
        text = funding.get("text")
        detail = f'<div class="mra-small">{esc(text)}</div>' if text else ""
        return f"<strong>{esc(rate)}</strong>{detail}"
    if funding:
        return esc(funding)
    return '<span class="mra-small">ikke oppgitt</span>'


def _citation_number(citation: Mapping[str, Any], citations: Sequence[Mapping[str, Any]]) -> int | None:
    """The answer's number for a programme citation: same chunk, overlapping span."""
    for n, c in enumerate(citations, start=1):
        if c.get("id") == citation.get("chunk_id") and int(c.get("start", 0)) < int(citation.get("end", 0)) and int(citation.get("start", 0)) < int(c.get("end", 0)):
            return n
    return None


def _reason(item: object, citations: Sequence[Mapping[str, Any]], cls: str = "") -> str:
    if isinstance(item, Mapping):
        text = esc(item.get("text", ""))
        citation = item.get("citation")
        if isinstance(citation, int) and not isinstance(citation, bool):
            text += f' <span class="mra-ref">[{citation}]</span>'
        elif isinstance(citation, Mapping):
            number = _citation_number(citation, citations)
            if number is not None:
                text += f' <span class="mra-ref">[{number}]</span>'
            elif citation.get("page") is not None:
                text += f' <span class="mra-small">(s. {esc(citation["page"])})</span>'
    else:
        text = esc(item)
    return f'<li class="{cls}">{text}</li>' if cls else f"<li>{text}</li>"


def render_programmes(programmes: Sequence[Mapping[str, Any]], citations: Sequence[Mapping[str, Any]] = ()) -> str:
    """A compact table of matched programmes: funding rate, guidance bodies, reasons and warnings.

    A reason that rests on one of the answer's `citations` gets its [n]; otherwise its page.
    """
    if not programmes:
        return ""
    rows = []
    for p in programmes:
        guidance = p.get("guidance") or []
        guidance_html = "<br>".join(esc(g) for g in guidance) if guidance else '<span class="mra-small">ikke oppgitt</span>'
        reasons = "".join(_reason(r, citations) for r in p.get("reasons") or [])
        warnings = "".join(_reason(w, citations, "mra-warn") for w in p.get("warnings") or [])
        why = f"<ul>{reasons}{warnings}</ul>" if reasons or warnings else ""
        rows.append(
            f'<tr><td class="mra-prog">{esc(p.get("name", ""))}</td><td>{_funding(p.get("funding"))}</td>'
            f"<td>{guidance_html}</td><td>{why}</td></tr>"
        )
    return (
        '<div class="mra-programmes"><div class="mra-h">Programmer som kan passe</div>'
        '<table class="mra-table"><thead><tr><th>Program</th><th>Finansieringsgrad</th>'
        f"<th>Veiledning</th><th>Hvorfor</th></tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )


def _carried(carried: object) -> str:
    if not isinstance(carried, Mapping):
        return ""
    names = [str(n) for values in carried.values() if isinstance(values, (list, tuple)) for n in values]
    if not names:
        return ""
    quoted = ", ".join(f"«{n}»" for n in names)
    return f'<div class="mra-carried">Tolket som oppfølgingsspørsmål om {esc(quoted)}.</div>'


def render_answer(answer: Mapping[str, Any], stale_after_days: int = 365, today: dt.date | None = None) -> str:
    """An answer (the dict of `Answer.to_dict()`) as one HTML block: text with [n] markers, notices,
    programmes and the sources."""
    parts = ['<div class="mra-answer">', _carried(answer.get("carried"))]
    if answer.get("answerable", True):
        parts.append(f'<p class="mra-text">{_sentences(answer)}</p>')
    else:
        parts.append(f'<p class="mra-text mra-unanswerable">{esc(answer.get("answer", ""))}</p>')
    if answer.get("notice"):
        parts.append(f'<div class="mra-notice">{esc(answer["notice"])}</div>')
    citations = list(answer.get("citations") or [])
    notice = stale_notice(citations, stale_after_days, today) if answer.get("answerable", True) else None
    if notice:
        parts.append(f'<div class="mra-stale">⚠ {esc(notice)}</div>')
    parts.append(render_programmes(answer.get("programmes") or [], citations))
    if answer.get("answerable", True):
        parts.append(_sources_block("Kilder", citations))
    else:
        parts.append(_sources_block("Nærmeste avsnitt i kildene", list(answer.get("related") or [])))
    parts.append("</div>")
    return "".join(parts)


# ---------------------------------------------------------------------------------------------
# The about panel and the corpus page
# ---------------------------------------------------------------------------------------------


def _source_rows(manifest: Mapping[str, Any] | None) -> list[dict[str, Any]]:
    if not manifest:
        return []
    rows = []
    for sid, entry in (manifest.get("sources") or {}).items():
        meta = entry.get("meta") or {}
        rows.append(
            {
                "id": sid,
                "title": entry.get("title") or meta.get("title") or sid,
                "kind": meta.get("kind", "other"),
                "date": meta.get("date"),
                "path": meta.get("path", ""),
                "chunks": entry.get("chunks"),
                "pages": entry.get("pages"),
                "indexed_at": entry.get("indexed_at"),
                "url": entry.get("url") or meta.get("url"),
            }
        )
    order = {kind: i for i, kind in enumerate(KIND_LABELS)}
    rows.sort(key=lambda r: (order.get(r["kind"], len(order)), str(r["title"]).casefold()))
    return rows


def report_date(manifest: Mapping[str, Any] | None) -> str | None:
    """The date of the report in the index (the first source of kind "report" with a date)."""
    for row in _source_rows(manifest):
        if row["kind"] == "report" and row["date"]:
            return str(row["date"])
    return None


def render_about(manifest: Mapping[str, Any] | None) -> str:
    """The empty state: what the assistant knows (the indexed sources) and what it does not."""
    rows = _source_rows(manifest)
    if not rows:
        return (
            '<div class="mra-about"><p><strong>Kildeindeksen er ikke klar ennå.</strong> '
            "Sekretariatet må oppdatere indeksen før assistenten kan svare.</p></div>"
        )
    items = "".join(
        f'<li><span class="mra-title">{esc(r["title"])}</span> '
        f'<span class="mra-small">({esc(KIND_LABELS.get(r["kind"], r["kind"]).lower())}, {esc(format_date(r["date"]))})</span></li>'
        for r in rows
    )
    when = report_date(manifest)
    after = f"etter rapportens dato ({format_date(when)})" if when else "etter kildenes datoer"
    return (
        '<div class="mra-about">'
        "<p><strong>Hva assistenten vet.</strong> Den svarer på spørsmål om internasjonalt samarbeid og "
        "støtteordninger for kommunene i Mosseregionen, og bare ut fra disse kildene:</p>"
        f"<ul>{items}</ul>"
        "<p><strong>Hva den ikke vet.</strong> Den finner ikke på noe: hver setning i et svar er sitert fra "
        "kildene, med kilde, side og dato. Står noe ikke i kildene, sier den det. Den kjenner ikke "
        f"søknadsfrister, nye utlysninger eller endringer i programmene {esc(after)}.</p>"
        "</div>"
    )


def render_login_line(username: str | None, admin: bool, login: bool) -> str:
    """Who is logged in, with a way out; empty when the app runs without login."""
    if not login or not username:
        return '<div class="mra-login" data-ready="1"></div>'
    role = "administrator" if admin else "bruker"
    return (
        f'<div class="mra-login" data-ready="1">Innlogget som <strong>{esc(username)}</strong> ({role}) · '
        '<a href="logout">Logg ut</a></div>'
    )


def render_corpus_table(manifest: Mapping[str, Any] | None) -> str:
    """The corpus page's table: every indexed source with kind, date, pages, chunks and last refresh."""
    rows = _source_rows(manifest)
    if not manifest:
        return '<div class="mra-corpus"><p>Ingen indeks ennå. Trykk «Oppdater indeksen».</p></div>'
    body = "".join(
        f'<tr><td>{esc(r["title"])}<div class="mra-small">{esc(r["path"])}</div></td>'
        f'<td>{esc(KIND_LABELS.get(r["kind"], r["kind"]))}</td><td>{esc(format_date(r["date"]))}</td>'
        f'<td class="mra-num">{esc(r["pages"] if r["pages"] is not None else "–")}</td>'
        f'<td class="mra-num">{esc(r["chunks"] if r["chunks"] is not None else "–")}</td>'
        f'<td>{esc(format_time(r["indexed_at"]))}</td></tr>'
        for r in rows
    )
    counts = manifest.get("counts") or {}
    summary = (
        f'Indeks {esc(manifest.get("build_id", "?"))}, bygget {esc(format_time(manifest.get("created_at")))}: '
        f'{esc(counts.get("sources", len(rows)))} kilder, {esc(counts.get("chunks", "?"))} tekstbiter.'
    )
    return (
        f'<div class="mra-corpus"><p>{summary}</p><table class="mra-table"><thead><tr><th>Kilde</th><th>Type</th>'
        "<th>Dato</th><th>Sider</th><th>Tekstbiter</th><th>Sist lest inn</th></tr></thead>"
        f"<tbody>{body}</tbody></table></div>"
    )


CSS = """
.mra-answer p { margin: 0 0 .5em 0; }
.mra-ref { font-weight: 600; color: var(--color-accent); white-space: nowrap; }
.mra-h { font-weight: 600; margin: .6em 0 .25em 0; font-size: .95em; }
.mra-source { border: 1px solid var(--border-color-primary); border-radius: 6px; padding: .3em .6em; margin: .3em 0; }
.mra-source summary { cursor: pointer; }
.mra-meta, .mra-small, .mra-unused { color: var(--body-text-color-subdued); font-size: .9em; }
.mra-passage { margin: .4em 0; padding-left: .7em; border-left: 3px solid var(--border-color-primary); font-size: .93em; }
.mra-passage mark { background: #fff1a8; color: inherit; padding: 0 .1em; }
.mra-stale, .mra-notice { background: #fff7e0; border-left: 3px solid #e0a800; padding: .35em .6em; margin: .4em 0; font-size: .93em; color: #4a3b00; }
.mra-error p { color: #9b1c1c; }
.mra-pending { color: var(--body-text-color-subdued); font-style: italic; }
.mra-carried { color: var(--body-text-color-subdued); font-size: .88em; margin-bottom: .3em; }
.mra-table { border-collapse: collapse; width: 100%; font-size: .92em; table-layout: auto; }
.mra-programmes .mra-table td:nth-child(1) { width: 14%; font-weight: 600; }
.mra-programmes .mra-table td:nth-child(2), .mra-programmes .mra-table td:nth-child(3) { width: 18%; }
.mra-table th, .mra-table td { border: 1px solid var(--border-color-primary); padding: .3em .5em; vertical-align: top; text-align: left; }
.mra-table ul { margin: 0; padding-left: 1.1em; }
.mra-warn { color: #8a4b00; }
.mra-warn::marker { content: "⚠ "; }
.mra-num { text-align: right; }
.mra-about { padding: 0 2em; max-width: 62em; margin: 0 auto; text-align: left; }
.mra-about ul { margin: .3em 0 .6em 1.2em; }
.mra-question { white-space: normal; }
.mra-login { text-align: right; font-size: .9em; color: var(--body-text-color-subdued); margin-top: -2.2em; }
"""
