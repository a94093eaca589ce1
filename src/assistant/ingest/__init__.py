"""Ingest: source files -> text with pages (pdf, html, text, pdftext, formats) -> headings -> chunks -> index."""
