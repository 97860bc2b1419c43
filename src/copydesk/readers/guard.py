"""The per-record guard: a fault while reading one record costs that record, not its file.

An exception raised inside a reader's generator would end the generator, and with it every
record after the faulty one; so each reader turns one record into a Page through `guarded`,
and a fault there (a bug, or a library's on input it did not expect) becomes that record's
Reject.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import ParamSpec, TypeVar

from copydesk.records import Page, Reject, Skipped

# A message is for a person scanning rejects.jsonl: the first line, and not a page of it.
_MESSAGE_CHARS = 200

Built = TypeVar("Built")
Args = ParamSpec("Args")


def fault(exc: Exception) -> str:
    """A reject's reason for an exception no stage foresaw, in any stage of any engine: its
    type and the start of its message (which may quote the page)."""
    lines = str(exc).strip().splitlines()
    message = lines[0][:_MESSAGE_CHARS] if lines else ""
    return f"internal error: {type(exc).__name__}: {message}"


def internal_error(exc: Exception, origin: str) -> Reject:
    return Reject(origin, fault(exc))


def unreadable(origin: str, error: OSError) -> Reject:
    """A file that cannot be read (permissions, I/O error, vanished): that file's reject."""
    return Reject(origin, f"cannot read: {error.strerror or error}")


def guarded(
    origin: str, build: Callable[Args, Built], /, *args: Args.args, **kwargs: Args.kwargs
) -> Built | Reject:
    """What `build(*args, **kwargs)` returns (one record's Page or Reject), or a Reject for
    `origin` naming the exception it raised."""
    try:
        return build(*args, **kwargs)
    except Exception as exc:  # any fault in one record is that record's reject
        return internal_error(exc, origin)


@dataclass(frozen=True, slots=True)
class Pending:
    """A record read but not yet made into a Page: the costly part (JSON decoding, HTML
    extraction) as a picklable function of the record's bytes (`make`: a module-level
    function, or a functools.partial of one), so that an engine can make the Page in a worker
    process rather than where the file is read. read_file makes it at once."""

    origin: str
    make: Callable[[], Page | Reject]

    def page(self) -> Page | Reject:
        return guarded(self.origin, self.make)


def made(records: Iterable[Page | Reject | Pending | Skipped]) -> list[Page | Reject | Skipped]:
    """The records with each Pending made into its Page (or Reject), in order."""
    return [r.page() if isinstance(r, Pending) else r for r in records]
