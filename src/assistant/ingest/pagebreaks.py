"""Sentences broken by a page break are joined on the page where they begin.

A PDF page often ends mid-sentence ("Det er ikke realistisk at hver enkelt kommune" | "bygger opp
egen spesialkompetanse ..."). Split there, neither half says anything and no quote can be whole.
When a page ends without a sentence end and the next page opens in lower case, the rest of the
sentence moves from the start of the next page to the end of this one, so that the sentence is
cited at the page where it begins (the usual way to cite a quote that runs over a page break).
"""

from __future__ import annotations

from dataclasses import replace

from assistant.records import Heading, Page
from assistant.sentences import split_sentences

# A page ending in one of these ends a sentence, a list item's label or a quotation.
_ENDS = ".!?:;»”\")"
# Never move more than this: a page opening with a long lower-case passage is not a continuation.
MAX_MOVED_CHARS = 600


def _continuation_end(text: str) -> int | None:
    """Where the sentence fragment opening `text` ends (an offset in `text`), or None."""
    head = text.lstrip()
    if not head or not head[0].islower():
        return None
    skipped = len(text) - len(head)
    sentences = split_sentences(head)
    if not sentences:
        return None
    end = skipped + sentences[0].end
    return end if end <= MAX_MOVED_CHARS else None


def join_broken_sentences(pages: tuple[Page, ...]) -> tuple[Page, ...]:
    """`pages` with each sentence that runs over a page break moved whole onto its first page."""
    out = list(pages)
    for i in range(len(out) - 1):
        page, nxt = out[i], out[i + 1]
        tail = page.text.rstrip()
        if not tail or tail[-1] in _ENDS or nxt.number != page.number + 1:
            continue
        end = _continuation_end(nxt.text)
        if end is None or any(h.offset < end for h in nxt.headings):
            continue
        moved = " ".join(nxt.text[:end].split())
        out[i] = replace(page, text=f"{tail} {moved}")
        rest = nxt.text[end:]
        cut = end + len(rest) - len(rest.lstrip())
        out[i + 1] = replace(
            nxt,
            text=nxt.text[cut:],
            headings=tuple(Heading(h.offset - cut, h.level, h.title) for h in nxt.headings),
        )
    return tuple(out)
