"""What every engine does alike: a run's options, its counts, and the rules that decide its
output, so that two engines given the same inputs write the same files.

An engine only schedules: it reads records, runs the pipeline's functions on them and writes
what they return, by these rules.

Which record wins when two share a doc_id: the one of least `claim` (the SHA-256 of its
text, then its origin): decided by the records themselves, so the same whatever the order of
the inputs or the engine. The others are rejects ("duplicate doc_id"). Ids come from the
record (JSONL `id`, WARC-Record-ID) or from the file's path under the input given, so two
files of one folder never share one.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any

from copydesk.pipeline import STAGES
from copydesk.readers.extract import DEFAULT_EXTRACTOR
from copydesk.readers.html import HtmlReading
from copydesk.records import Page, Reject, Story, reject_group
from copydesk.writers import FORMATS
from copydesk.writers.output import story_row

if TYPE_CHECKING:
    from copydesk.engines.work import PageDone


@dataclass(frozen=True)
class RunOptions:
    fmt: str = "jsonl"  # stories as JSON Lines or Parquet
    audit: bool = False  # also write every input line's fate
    workers: int = 1  # worker processes
    quiet: bool = False  # no progress bar
    extractor: str = DEFAULT_EXTRACTOR  # how HTML becomes text
    comments: bool = False  # keep the readers' comments of HTML pages (a `comments` field)

    def __post_init__(self) -> None:
        if self.fmt not in FORMATS:
            raise ValueError(f"unknown format {self.fmt!r}: {' or '.join(FORMATS)}")
        if self.workers < 1:
            raise ValueError(f"workers must be 1 or more, not {self.workers}")

    @property
    def html(self) -> HtmlReading:
        """How the run reads HTML pages."""
        return HtmlReading(self.extractor, self.comments)


@dataclass
class RunSummary:
    """A run's counts, mergeable (`a + b`) so that parts of a run counted apart (by worker,
    by input file, by partition) add up to the run's. Every input record is in exactly one of
    three: a page with stories, a page without (listed in rejects.jsonl, saying why), or a
    reject: records_in == pages_with_stories + pages_without_stories + rejects."""

    records_in: int = 0
    pages_with_stories: int = 0
    pages_without_stories: int = 0
    stories: int = 0
    rejects: int = 0
    reject_reasons: Counter[str] = field(default_factory=Counter)
    skipped: Counter[str] = field(default_factory=Counter)  # archive records passed over
    # Pages read short of whole (stray bytes, NULs, tags too deep), by how: Page.degraded.
    degraded: Counter[str] = field(default_factory=Counter)
    lines: Counter[str] = field(default_factory=Counter)
    seconds: Counter[str] = field(default_factory=Counter)
    input_bytes: int = 0
    clusters: dict[str, Any] = field(default_factory=dict)  # the corpus-wide pass's, not summed

    @property
    def pages(self) -> int:
        """Pages read and processed, with stories or without."""
        return self.pages_with_stories + self.pages_without_stories

    def __add__(self, other: RunSummary) -> RunSummary:
        summed: dict[str, Any] = {}
        for f in fields(self):
            mine, theirs = getattr(self, f.name), getattr(other, f.name)
            if f.name == "clusters":
                summed[f.name] = mine or theirs
            elif isinstance(mine, Counter):
                summed[f.name] = _sum(mine, theirs)
            else:
                summed[f.name] = mine + theirs
        return RunSummary(**summed)

    def count_page(self, done: PageDone) -> None:
        if done.no_story is None:
            self.pages_with_stories += 1
        else:
            self.pages_without_stories += 1
        self.stories += len(done.rows)
        self.degraded.update(done.degraded)
        self.lines.update(done.lines)
        for stage in (*STAGES, "fingerprint"):
            self.seconds[stage] += done.result.seconds.get(stage, 0.0)

    def reject(self, reject: Reject) -> None:
        self.rejects += reject.count
        self.reject_reasons[reject_group(reject.reason)] += reject.count

    def as_dict(self) -> dict[str, Any]:
        return {
            "records_in": self.records_in,
            "pages": self.pages,
            "pages_with_stories": self.pages_with_stories,
            "pages_without_stories": self.pages_without_stories,
            "stories": self.stories,
            "rejects": self.rejects,
            "reject_reasons": dict(self.reject_reasons.most_common()),
            "skipped": dict(self.skipped.most_common()),
            "degraded": dict(self.degraded.most_common()),
            "lines": dict(sorted(self.lines.items())),
            "input_mb": round(self.input_bytes / 1e6, 3),
            "clusters": self.clusters,
            "seconds": {k: round(v, 3) for k, v in self.seconds.items()},
        }


def _sum(a: Counter[str], b: Counter[str]) -> Counter[str]:
    # Counter's + drops counts that are not positive: a stage's 0.0 seconds is still a stage.
    total = Counter(a)
    for key, value in b.items():
        total[key] += value
    return total


Claim = tuple[int, str]


def text_bytes(page: Page) -> int:
    """A page's text as the run's input size counts it: its bytes in UTF-8."""
    return len(page.text.encode("utf-8", "replace"))


def claim(page: Page) -> Claim:
    """A page's claim to its doc_id: of pages sharing one, the least claim keeps it. The
    digest's first 8 bytes order texts as well as all 32 would (two texts apart by them are
    one chance in 2^64), in a tenth of the memory a page."""
    digest = hashlib.sha256(page.text.encode("utf-8", "surrogatepass")).digest()
    return int.from_bytes(digest[:8], "big"), page.origin


def keep(kept: dict[str, Claim], doc_id: str, mine: Claim) -> None:
    """Take a page's claim into `kept`, each doc_id's least claim so far."""
    if doc_id not in kept or mine < kept[doc_id]:
        kept[doc_id] = mine


def duplicate(doc_id: str, origin: str) -> Reject:
    """The reject of a page whose doc_id another page, of a lesser claim, keeps."""
    return Reject(origin, f"duplicate doc_id {doc_id!r}: another record with this id is kept "
                  "(the one whose text has the least SHA-256)", doc_id)


def story_line(story: Story, comments: bool = False) -> bytes:
    """A story's row as one line of JSON in UTF-8, as stories.jsonl holds it (with its
    readers' comments if `comments`)."""
    return json.dumps(story_row(story, comments), ensure_ascii=False).encode()
