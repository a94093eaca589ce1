"""The `assistant` command: a thin layer over the library. Errors become one line and a non-zero exit."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence

from assistant.errors import AssistantError

EXIT_ERROR = 2
EXIT_SKIPPED = 3

Handler = Callable[[argparse.Namespace], int]


def _settings():
    from assistant.settings import load_settings

    return load_settings()


def cmd_model_prepare(args: argparse.Namespace) -> int:
    """Convert the bundled multilingual-e5-small into a sentence-transformers folder (once).

    Example: assistant model prepare
    """
    from assistant.embed import resolve_model_path

    settings = _settings()
    path = resolve_model_path(settings)
    if not args.quiet:
        print(f"Modell klar: {path}")
    return 0


def cmd_ingest(args: argparse.Namespace) -> int:
    """Refresh the index from corpus/: incremental and atomic; prints what changed.

    Example: assistant ingest            (exit 3 when a file was skipped)
             assistant ingest --fetch    (first save the programme pages listed in corpus/sources.toml)
    """
    from assistant.service import run_refresh

    settings = _settings()
    report = run_refresh(settings, fetch=args.fetch, progress=None if args.quiet or args.json else _progress)
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    elif not args.quiet or report.changed_anything or report.skipped:
        print("\n".join(report.lines()))
    return EXIT_SKIPPED if report.skipped else 0


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def cmd_bench(args: argparse.Namespace) -> int:
    """Print speed figures for this machine (model load, embedding, ingest, ...).

    Example: assistant bench
    """
    from assistant.bench import run_benchmarks

    return run_benchmarks(_settings(), quick=args.quick)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="assistant", description="Kildebasert assistent for internasjonalt samarbeid i Mosseregionen.")
    parser.add_argument("--debug", action="store_true", help="show tracebacks (for developers)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, handler: Handler, **kwargs) -> argparse.ArgumentParser:
        doc = (handler.__doc__ or "").strip()
        p = sub.add_parser(name, help=doc.splitlines()[0], description=doc, formatter_class=argparse.RawDescriptionHelpFormatter, **kwargs)
        p.set_defaults(handler=handler)
        return p

    model = sub.add_parser("model", help="manage the embedding model")
    model_sub = model.add_subparsers(dest="model_command", required=True, metavar="ACTION")
    prep = model_sub.add_parser("prepare", help=cmd_model_prepare.__doc__.strip().splitlines()[0], description=cmd_model_prepare.__doc__)
    prep.add_argument("--quiet", action="store_true")
    prep.set_defaults(handler=cmd_model_prepare)

    p = add("ingest", cmd_ingest)
    p.add_argument("--fetch", action="store_true", help="download the listed programme pages first")
    p.add_argument("--quiet", action="store_true", help="print only when something changed or was skipped")
    p.add_argument("--json", action="store_true", help="print the report as JSON")

    p = add("bench", cmd_bench)
    p.add_argument("--quick", action="store_true", help="smaller runs (for a smoke test)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.handler(args)
    except AssistantError as exc:
        if args.debug:
            raise
        print(f"assistant: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("assistant: avbrutt", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
