"""The command line: `copydesk run`, `clean`, `summary`, `clusters`, `diff`, `report`."""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from copydesk import __version__
from copydesk.writers import FORMATS

# Exit codes a script can rely on.
EXIT_OK = 0  # the run completed (some records may be in rejects.jsonl: see stats.json)
EXIT_FAILED = 1  # the run could not complete (output not writable, interrupted, a bug)
EXIT_USAGE = 2  # wrong arguments
EXIT_NOTHING_READ = 3  # the run completed but not one page could be read

_EPILOG = """exit codes:
  0  completed (records that could not be read are listed in OUT/rejects.jsonl)
  1  could not complete (unwritable output, interrupted, internal error)
  2  wrong arguments
  3  completed, but no input page could be read at all
"""


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="copydesk",
        description="Turn raw news crawls into clean, annotated stories, one record per story.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--version", action="version", version=f"copydesk {__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = sub.add_parser(
        "run",
        help="clean, segment and annotate every page of the inputs",
        description=(
            "Read pages (.txt files, one page each with an optional first line "
            "`date YYYY-MM-DD`; .jsonl/.jsonl.gz records with id, text or html, and optional "
            "url, date, source; .html/.htm pages; .warc archives (their HTML responses) and "
            ".wet archives (their text), each also gzipped), learn each outlet's chrome in a "
            "first pass, then write one "
            "record per story to OUT/stories.jsonl (or .parquet), unreadable records to "
            "OUT/rejects.jsonl and counts to OUT/stats.json."
        ),
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    run.add_argument("inputs", nargs="+", metavar="INPUT", help="files, directories or globs")
    run.add_argument(
        "-o", "--out", required=True,
        help="output directory (with --engine spark, also a URL: s3a://…, hdfs://…)",
    )
    run.add_argument(
        "--format", choices=FORMATS, default="jsonl",
        help="stories as JSON Lines (default) or Parquet",
    )
    run.add_argument(
        "--workers", type=int, default=1, metavar="N",
        help="worker processes (default 1; 0 means one per core)",
    )
    run.add_argument(
        "--audit", action="store_true",
        help="also write OUT/audit.jsonl: every input line and what became of it",
    )
    run.add_argument("--quiet", action="store_true", help="no progress bar, no summary")
    run.add_argument(
        "--report", action="store_true",
        help="also write OUT/report/: the run as pages to browse (see `copydesk report`)",
    )
    run.add_argument(
        "--comments", action="store_true",
        help="keep the readers' comments of HTML pages: a `comments` field in every story",
    )
    _extractor_option(run)
    run.add_argument(
        "--engine", choices=("local", "spark"), default="local",
        help="local worker processes (default), or Apache Spark (copydesk[spark])",
    )
    run.add_argument(
        "--master", metavar="URL",
        help="with --engine spark: Spark's master, local[N] or a cluster's URL (default: "
        "spark-submit's, else local[N] with N from --workers)",
    )

    clean = sub.add_parser(
        "clean",
        help="print the stories of one page (or of each page in a file) for a person to read",
        description="Clean, segment and annotate the pages of FILE and print their stories.",
    )
    clean.add_argument("file", metavar="FILE")
    _extractor_option(clean)
    clean.add_argument(
        "--explain", action="store_true",
        help="also list every removed line with its reason, and each metadata line",
    )

    summary = sub.add_parser("summary", help="print a short summary of a finished run")
    summary.add_argument("out", type=Path, metavar="OUT")

    clusters = sub.add_parser(
        "clusters",
        help="print the largest clusters of a finished run: headline, size, outlets",
        description="Print the largest clusters in OUT/clusters.jsonl, for a person to read.",
    )
    clusters.add_argument("out", type=Path, metavar="OUT")
    clusters.add_argument(
        "-n", "--top", type=int, default=20, metavar="N", help="how many (default 20)"
    )

    diff = sub.add_parser(
        "diff",
        help="show how the copies of one cluster differ from its canonical copy",
        description=(
            "Show each copy of the cluster CLUSTER_ID paragraph by paragraph against the "
            "canonical copy: '-' a paragraph of the canonical copy the copy lacks, '+' one "
            "the copy adds; paragraphs they share are counted, not printed."
        ),
    )
    diff.add_argument("out", type=Path, metavar="OUT")
    diff.add_argument("cluster_id", metavar="CLUSTER_ID")

    report = sub.add_parser(
        "report",
        help="write OUT/report/: a finished run as pages to browse, opened from disk",
        description=(
            "Write OUT/report/index.html and the pages beside it: the run's figures, its "
            "clusters (sorted, filtered), each cluster's copies against the canonical one, "
            "and each page's lines with what became of them (from OUT/audit.jsonl, written "
            "by `copydesk run --audit`). Open index.html in a browser: no server needed."
        ),
    )
    report.add_argument("out", type=Path, metavar="OUT")
    return p


def _extractor_option(parser: argparse.ArgumentParser) -> None:
    from copydesk.readers.extract import DEFAULT_EXTRACTOR, EXTRACTORS

    parser.add_argument(
        "--extractor", choices=sorted(EXTRACTORS), default=DEFAULT_EXTRACTOR,
        help=f"how HTML becomes text (default {DEFAULT_EXTRACTOR}; see BENCHMARKS.md)",
    )


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "run":
            return _run(args)
        if args.command == "clean":
            return _clean(args)
        if args.command == "clusters":
            from copydesk.cluster.show import print_clusters

            return print_clusters(args.out, args.top)
        if args.command == "report":
            return _report(args.out)
        if args.command == "diff":
            from copydesk.cluster.show import print_diff

            try:
                return print_diff(args.out, args.cluster_id)
            except LookupError as exc:
                print(f"copydesk: {exc.args[0]}", file=sys.stderr)
                return EXIT_USAGE
        return _summary(args.out)
    except KeyboardInterrupt:
        print("copydesk: interrupted", file=sys.stderr)
        return EXIT_FAILED
    except BrokenPipeError:
        # The reader of our output went away (`copydesk clusters OUT | head`): not a failure.
        # Point stdout at /dev/null so that flushing it at exit raises nothing more.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as exc:
        print(f"copydesk: {exc}", file=sys.stderr)
        return EXIT_FAILED


def console(argv: Sequence[str] | None = None) -> int:
    """The `copydesk` command: main(), and then the process ends."""
    code = main(argv)
    # Its last garbage collections would walk every object the run loaded (compiled kernels,
    # models, the extractor's tables), a visible part of a small run's wall. Frozen, they are
    # left to the exit. Not in main(): the process of a caller of main() goes on.
    gc.freeze()
    return code


def _run(args: argparse.Namespace) -> int:
    from copydesk import api
    from copydesk.cluster.show import counted

    if args.workers < 0:
        print("copydesk: --workers must be 0 or more", file=sys.stderr)
        return EXIT_USAGE
    if args.master and args.engine != "spark":
        print("copydesk: --master is for --engine spark", file=sys.stderr)
        return EXIT_USAGE
    try:
        remote = api.url_output(args.out, args.engine, args.report)
    except ValueError as exc:
        print(f"copydesk: {exc}", file=sys.stderr)
        return EXIT_USAGE
    try:
        summary = api.run(
            args.inputs, args.out, format=args.format, workers=args.workers,
            audit=args.audit, quiet=args.quiet, extractor=args.extractor, engine=args.engine,
            master=args.master, report=args.report, comments=args.comments,
        )
    except ImportError as exc:
        if args.engine != "spark":
            raise
        print(f"copydesk: --engine spark needs copydesk[spark]: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if not args.quiet and remote:
        print(f"{counted(summary.stories, 'story', 'stories')} written to {args.out}")
    elif not args.quiet:
        folder = Path(args.out)
        _summary(folder)
        if args.report:
            print(f"report: {folder / 'report' / 'index.html'}")
    return EXIT_NOTHING_READ if summary.pages == 0 else EXIT_OK


def _report(out: Path) -> int:
    from copydesk.writers.read import NotARunError
    from copydesk.writers.report import write_report

    try:
        index = write_report(out)
    except NotARunError as exc:
        print(f"copydesk: {exc}", file=sys.stderr)
        return EXIT_USAGE
    print(f"report: {index} (open it in a browser)")
    return EXIT_OK


def _summary(out: Path) -> int:
    from copydesk.cluster.show import counted

    stats = json.loads((out / "stats.json").read_text())
    lines = stats["lines"]
    removed = {k.split(":", 1)[1]: v for k, v in lines.items() if k.startswith("removed:")}
    print(
        f"{counted(stats['records_in'], 'record')} → "
        f"{counted(stats['pages_with_stories'], 'page')} with "
        f"{counted(stats['stories'], 'story', 'stories')}, "
        f"{counted(stats['pages_without_stories'], 'page')} without a story, "
        f"{counted(stats['rejects'], 'reject')} "
        f"({stats['input_mb']} MB in {stats['seconds']['total']} s)"
    )
    print(
        f"lines: {lines.get('body', 0)} body, {lines.get('caption', 0)} caption, "
        f"{lines.get('metadata', 0)} metadata, {sum(removed.values())} removed"
    )
    for reason, n in sorted(removed.items(), key=lambda kv: -kv[1]):
        print(f"  removed {n:>7}  {reason}")
    for reason, n in stats["reject_reasons"].items():
        print(f"  rejected {n:>6}  {reason}")
    for reason, n in stats.get("skipped", {}).items():
        print(f"  skipped  {n:>6}  archive records: {reason}")
    for how, n in stats.get("degraded", {}).items():
        print(f"  degraded {n:>6}  pages read short of whole: {how}")
    if clusters := stats.get("clusters"):
        print(
            f"clusters: {clusters['clusters']} ({clusters['singletons']} of a single copy); "
            f"`copydesk clusters {out}` lists the largest"
        )
    print(f"output: {out}/")
    return EXIT_OK


def _clean(args: argparse.Namespace) -> int:
    from copydesk.clean import outlet
    from copydesk.cluster.show import counted
    from copydesk.pipeline import process_page
    from copydesk.readers import HtmlReading, read_inputs
    from copydesk.readers.guard import fault
    from copydesk.records import Fate, Page, Reject

    records = list(read_inputs([args.file], HtmlReading(args.extractor)))
    pages = [r for r in records if isinstance(r, Page)]
    chrome = outlet.learn(pages)
    for r in records:
        if isinstance(r, Reject):
            print(f"rejected {r.origin}: {r.reason}", file=sys.stderr)
    for page in pages:
        try:
            result = process_page(page, chrome)
        except Exception as exc:  # one bad page must not stop the others
            print(f"rejected {page.origin}: {fault(exc)}", file=sys.stderr)
            continue
        print(f"=== page {page.doc_id} ({page.source or 'unknown outlet'}): "
              f"{counted(len(result.stories), 'story', 'stories')}")
        for s in result.stories:
            own = "the page's own story" if s.primary else "another story"
            print(f"\n--- story {s.position + 1} ({own}) {s.story_id}")
            for name in ("headline", "byline", "date", "lang"):
                if getattr(s, name):
                    print(f"{name}: {getattr(s, name)}")
            if s.dateline:
                print(f"dateline: {s.dateline.place} ({s.dateline.agency or 'no agency'})")
            print(f"\n{s.body}\n")
            for c in s.captions:
                print(f"caption: {c.text}" + (f"  [credit: {c.credit}]" if c.credit else ""))
            for c in s.corrections:
                print(f"correction: {c}")
        if args.explain:
            print("\n--- what else became of the page's lines")
            for f in result.fates:
                if f.fate is Fate.REMOVED:
                    print(f"{f.number + 1:>5} removed ({f.reason}): {f.text[:100]}")
                elif f.fate is Fate.METADATA:
                    print(f"{f.number + 1:>5} {f.field}: {f.text[:100]}")
        print()
    return EXIT_NOTHING_READ if not pages else EXIT_OK


if __name__ == "__main__":
    sys.exit(console())
