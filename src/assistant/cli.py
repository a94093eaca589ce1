"""The `assistant` command: a thin layer over the library. Errors become one line and a non-zero exit."""

from __future__ import annotations

import argparse
import json
import os
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


def format_answer(answer) -> str:
    """An answer for the terminal: the text, then numbered sources with page and section."""
    lines = [answer.text]
    if answer.notice:
        lines.append(f"Merk: {answer.notice}")
    listed = answer.citations if answer.answerable else answer.related
    if listed:
        lines.append("")
        lines.append("Kilder:" if answer.answerable else "Relatert:")
        for n, c in enumerate(listed, start=1):
            mark = "" if c.used else " (ikke sitert)"
            date = f", {c.date}" if c.date else ""
            lines.append(f"  [{n}] {c.title}{date}, s. {c.page}, {c.section or '(uten seksjon)'}{mark}")
            lines.append(f"      «{' '.join(c.quote.split())}»")
    for p in answer.programmes:
        lines.append(f"  * {p['name']}")
    return "\n".join(lines)


def cmd_ask(args: argparse.Namespace) -> int:
    """Answer one question from the sources, with citations.

    Example: assistant ask "Hvor mye dekker Interreg?"
             assistant ask --history "Hva er Interreg?" "Hvem kan gi veiledning om det?"
    """
    from assistant.service import Assistant

    answer = Assistant.load(_settings()).ask(args.question, history=args.history)
    if args.json:
        print(json.dumps(answer.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(format_answer(answer))
    return 0


def cmd_chat(args: argparse.Namespace) -> int:
    """A conversation in the terminal; it keeps its own history. Empty line or Ctrl-D ends it.

    Example: assistant chat
    """
    from assistant.errors import QueryError
    from assistant.service import Assistant

    assistant = Assistant.load(_settings())
    history: list[str] = []
    print("Spør om internasjonalt samarbeid i Mosseregionen. Tom linje avslutter.")
    while True:
        try:
            question = input("> ")
        except EOFError:
            print()
            return 0
        if not question.strip():
            return 0
        try:
            answer = assistant.ask(question, history=history)
        except QueryError as exc:
            print(exc)
            continue
        print(format_answer(answer))
        print()
        history.append(question)


def cmd_eval(args: argparse.Namespace) -> int:
    """Run an evaluation set through Assistant.ask and report grounding metrics.

    Example: assistant eval                                   (the project's set, eval/questions.jsonl)
             assistant eval held-out.jsonl --report eval/report --check-floors
    """
    from pathlib import Path

    from assistant.evaluation.dataset import load_cases
    from assistant.evaluation.report import load_results, write_report
    from assistant.evaluation.runner import check_floors, load_floors, results_document, run_eval, summarise
    from assistant.service import Assistant
    from assistant.settings import project_root

    settings = _settings()
    path = Path(args.file) if args.file else project_root() / "eval" / "questions.jsonl"
    try:
        cases = load_cases(path)
        previous = load_results(Path(args.compare)) if args.compare else None
        floors = load_floors(Path(args.floors)) if args.check_floors else None
    except (OSError, ValueError) as exc:
        raise AssistantError(str(exc)) from None
    assistant = Assistant.load(settings)
    assistant.warm_up()
    run = run_eval(assistant, cases, meta={"file": str(path)})
    summary = summarise(run)
    if args.report:
        report = write_report(run, summary, Path(args.report), previous=previous, floors=floors)
        if not args.json:
            print(f"Rapport: {report}")
    if args.json:
        print(json.dumps(results_document(run, summary), ensure_ascii=False, indent=2))
    else:
        print(format_summary(summary))
    if floors is not None:
        violations = check_floors(summary, floors)
        for line in violations:
            print(f"Under gulvet: {line}", file=sys.stderr)
        return 1 if violations else 0
    return 0


def cmd_adapt(args: argparse.Namespace) -> int:
    """Train the query adapter on evaluation sets and write it to a folder.

    The adapter moves question vectors towards the passages that answer them (see
    src/assistant/embed/adapter.py); `make adapt` retrains the bundled one on the read sets.
    Use it with ASSISTANT_QUERY_ADAPTER=<folder>.

    Example: assistant adapt --out /tmp/adapter eval/questions.jsonl --check eval/holdout-5.jsonl
    """
    from pathlib import Path

    from assistant.embed import adapter as adapter_module
    from assistant.evaluation.adapt import examples, retrieval_hit, train_adapter
    from assistant.evaluation.dataset import load_cases
    from assistant.service import Assistant

    files = [Path(f) for f in args.files]
    try:
        cases = [case for f in files for case in load_cases(f)]
        checks = {Path(f): load_cases(Path(f)) for f in args.check}
    except (OSError, ValueError) as exc:
        raise AssistantError(str(exc)) from None
    params = adapter_module.AdapterParams(epochs=args.epochs) if args.epochs else adapter_module.AdapterParams()
    assistant = Assistant.load(_settings())
    try:
        trained, found, missing = train_adapter(assistant, files, cases, params)
    except ValueError as exc:
        raise AssistantError(str(exc)) from None
    print(f"Lærte av {len(found)} spørsmål med belegg i indeksen" + (f" ({len(missing)} uten: {', '.join(missing)})" if missing else ""))
    print(f"  treff@5 i gjenfinningen, treningssettet: {retrieval_hit(assistant, found, None):.3f} -> {retrieval_hit(assistant, found, trained):.3f}")
    for path, check_cases in checks.items():
        held, _ = examples(assistant, check_cases)
        print(f"  treff@5 i gjenfinningen, {path.name}: {retrieval_hit(assistant, held, None):.3f} -> {retrieval_hit(assistant, held, trained):.3f}")
    adapter_module.save(trained, Path(args.out))
    print(f"Skrevet: {args.out}")
    return 0


def cmd_answerability(args: argparse.Namespace) -> int:
    """Train the answerability prior on evaluation sets and write it to a folder.

    The prior declines questions that look like those the sources do not answer (see
    src/assistant/embed/answerability.py); its threshold is chosen by leaving one set out at a
    time. `make answerability` retrains the bundled one on the read sets. Use it with
    ASSISTANT_ANSWERABILITY=<folder>.

    Example: assistant answerability --out /tmp/prior eval/questions.jsonl eval/holdout.jsonl
    """
    from pathlib import Path

    from assistant.embed import answerability
    from assistant.evaluation.prior import train_prior
    from assistant.service import Assistant

    assistant = Assistant.load(_settings())
    try:
        prior, choice = train_prior(assistant, [Path(f) for f in args.files])
    except (OSError, ValueError) as exc:
        raise AssistantError(str(exc)) from None
    print(f"Lærte av {choice.answerable + choice.unanswerable} spørsmål ({choice.unanswerable} ubesvarbare)")
    print(
        f"  holdt utenfor ett sett om gangen: terskel {choice.threshold:.2f}, straff C={choice.penalty:g}; "
        f"avviser {choice.caught} av {choice.unanswerable} ubesvarbare og {choice.false_declines} av {choice.answerable} besvarbare"
    )
    answerability.save(prior, Path(args.out))
    print(f"Skrevet: {args.out}")
    return 0


def format_summary(summary: dict) -> str:
    """The overall metrics and the per-type pass counts, one per line."""
    overall = summary["overall"]
    lines = [f"{overall['passed']}/{overall['cases']} tilfeller besto alle kontroller"]
    for name, value in overall["metrics"].items():
        shown = "-" if value is None else f"{value:.3f}"
        lines.append(f"  {name:<32} {shown}")
    for kind, block in sorted(summary["by_type"].items()):
        lines.append(f"  {kind:<16} {block['passed']}/{block['cases']}")
    return "\n".join(lines)


def _programme_context():
    from assistant.service import Assistant

    assistant = Assistant.load(_settings())
    index = assistant.index.get()
    return assistant.programme_context(index)


def cmd_programmes(args: argparse.Namespace) -> int:
    """List the programme records drawn from the sources: sectors, guidance, funding, conditions.

    Example: assistant programmes
             assistant programmes --json
    """
    from assistant.programmes.match import format_records

    records, _ = _programme_context()
    if args.json:
        print(json.dumps([r.to_dict() for r in records], ensure_ascii=False, indent=2))
    else:
        print(format_records(records))
    return 0


def cmd_match(args: argparse.Namespace) -> int:
    """Run the programme matcher alone on a described need, with reasons and near misses.

    Example: assistant match "Kulturskolen vil samarbeide med en kulturskole i Spania"
    """
    from assistant.programmes.match import format_matches, match
    from assistant.validate import clean_question

    need = clean_question(args.need)
    records, rules = _programme_context()
    matches = match(need, records, rules)
    if args.json:
        print(json.dumps([m.to_dict() for m in matches], ensure_ascii=False, indent=2))
    else:
        print(format_matches(matches, top=args.top))
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    """Start the chat in the browser (Gradio). Binds 127.0.0.1 unless told otherwise.

    Example: assistant serve
             assistant serve --host 0.0.0.0 --port 8080   (reachable from other machines: set up login first)
    """
    from assistant.app import serve

    settings = _settings()
    serve(
        settings,
        host=args.host,
        port=args.port,
        users_file=settings.users_file,
        feedback_db=settings.feedback_db,
        stale_after_days=settings.stale_after_days,
        concurrency=settings.concurrency,
    )
    return 0


def cmd_feedback_export(args: argparse.Namespace) -> int:
    """Write the chat's feedback (thumbs and comments) as CSV for the secretariat.

    Example: assistant feedback export tilbakemeldinger.csv
    """
    from pathlib import Path

    from assistant.feedback import default_db_path, export_csv

    settings = _settings()
    db = settings.feedback_db or default_db_path(settings.index_dir)
    if not Path(db).is_file():
        raise AssistantError(f"ingen tilbakemeldinger ennå ({db} finnes ikke)")
    rows = export_csv(Path(db), Path(args.out))
    print(f"Skrev {rows} tilbakemeldinger til {args.out}")
    return 0


def cmd_user_add(args: argparse.Namespace) -> int:
    """Print a users-file entry with a hashed password (asked for, never echoed).

    Example: assistant user add kari --role admin >> brukere.toml
             then set ASSISTANT_USERS_FILE=brukere.toml
    """
    import getpass

    from assistant.auth import user_entry

    password = getpass.getpass("Passord: ", stream=sys.stderr)
    if password != getpass.getpass("Gjenta passord: ", stream=sys.stderr):
        raise AssistantError("passordene er ikke like")
    try:
        print(user_entry(args.name, args.role, password))
    except ValueError as exc:
        raise AssistantError(str(exc)) from None
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    """Print speed figures for this machine (model load, embedding, ingest, ...).

    Example: assistant bench
    """
    from assistant.bench import run_benchmarks

    return run_benchmarks(_settings(), quick=args.quick, as_json=args.json)


def _default_floors():
    from assistant.settings import project_root

    return project_root() / "eval" / "floors.toml"


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

    p = add("ask", cmd_ask)
    p.add_argument("question", help="the question, in Norwegian")
    p.add_argument("--history", action="append", default=[], metavar="TEXT", help="an earlier question of the conversation (repeat, oldest first)")
    p.add_argument("--json", action="store_true", help="print the answer as JSON")

    add("chat", cmd_chat)

    p = add("serve", cmd_serve)
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1: this machine only)")
    p.add_argument("--port", type=int, default=7860, help="port (default 7860)")

    feedback = sub.add_parser("feedback", help="the chat's feedback")
    feedback_sub = feedback.add_subparsers(dest="feedback_command", required=True, metavar="ACTION")
    p = feedback_sub.add_parser("export", help=cmd_feedback_export.__doc__.strip().splitlines()[0], description=cmd_feedback_export.__doc__)
    p.add_argument("out", help="the CSV file to write")
    p.set_defaults(handler=cmd_feedback_export)

    user = sub.add_parser("user", help="users of the chat's login")
    user_sub = user.add_subparsers(dest="user_command", required=True, metavar="ACTION")
    p = user_sub.add_parser("add", help=cmd_user_add.__doc__.strip().splitlines()[0], description=cmd_user_add.__doc__)
    p.add_argument("name")
    p.add_argument("--role", choices=["user", "admin"], default="user")
    p.set_defaults(handler=cmd_user_add)

    p = add("programmes", cmd_programmes)
    p.add_argument("--json", action="store_true", help="print the records as JSON")

    p = add("match", cmd_match)
    p.add_argument("need", help="the need, in Norwegian: unit, topic, partner countries, funding")
    p.add_argument("--top", type=int, default=3, help="how many matches to show in full (default 3)")
    p.add_argument("--json", action="store_true", help="print every match as JSON")

    p = add("eval", cmd_eval)
    p.add_argument("file", nargs="?", help="a JSONL question set (default: eval/questions.jsonl)")
    p.add_argument("--json", action="store_true", help="print every result as JSON")
    p.add_argument("--report", metavar="DIR", help="write results.json, report.md and plots into DIR")
    p.add_argument("--compare", metavar="PREV", help="an earlier results.json to compare with")
    p.add_argument("--check-floors", action="store_true", help="exit 1 when a metric is below its floor")
    p.add_argument("--floors", default=str(_default_floors()), metavar="TOML", help="the floors file (default: eval/floors.toml)")

    p = add("adapt", cmd_adapt)
    p.add_argument("files", nargs="+", metavar="FILE", help="JSONL question sets to learn from")
    p.add_argument("--out", required=True, metavar="DIR", help="the folder to write matrix.npy and manifest.json into")
    p.add_argument("--check", action="append", default=[], metavar="FILE", help="a held-out set to measure retrieval on (repeat)")
    p.add_argument("--epochs", type=int, default=None, help="training epochs (default: AdapterParams)")

    p = add("answerability", cmd_answerability)
    p.add_argument("files", nargs="+", metavar="FILE", help="JSONL question sets to learn from (two or more)")
    p.add_argument("--out", required=True, metavar="DIR", help="the folder to write weights.npy and manifest.json into")

    p = add("bench", cmd_bench)
    p.add_argument("--quick", action="store_true", help="smaller runs (for a smoke test)")
    p.add_argument("--json", action="store_true", help="print the figures as JSON (progress goes to stderr)")
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
    except BrokenPipeError:
        # The reader went away (`assistant ask ... | head`): nothing left to say to it.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:  # the edge: never a traceback to a user unless asked for
        if args.debug:
            raise
        print(f"assistant: uventet feil: {type(exc).__name__}: {exc} (kjør med --debug for detaljer)", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
