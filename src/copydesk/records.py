"""The plain records that flow through the pipeline.

readers → Page | Reject | Skipped;  clean → LineVerdict per line;  segment → StorySpan per story;
annotate → Story;  writers take Story, Reject and LineFate (the audit).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any, NamedTuple


@dataclass(frozen=True, slots=True)
class Page:
    """One crawled page as text, before anything is decided about it."""

    doc_id: str
    text: str
    url: str | None = None
    source: str | None = None  # the outlet: URL host, else a `source` field, else folder name
    date: str | None = None  # ISO date the input gave (header line or field), if any
    origin: str = ""  # where it came from (file, file:line), for messages
    markup: Markup | None = None  # what the HTML said besides the text (HTML inputs only)
    # How the page was read short of whole, if it was: "NUL characters dropped", ...
    degraded: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Reject:
    """An input record that could not be read, and why."""

    origin: str
    reason: str
    doc_id: str | None = None
    # The input records this reject stands for: more than one only for the summary reject
    # that ends a file's list of rejects once it reaches the cap (readers/dispatch.py).
    count: int = 1


def reject_group(reason: str) -> str:
    """The kind of a reject's reason, as stats.json counts it: the text before its first
    colon ("invalid JSON", "no story", "internal error")."""
    return reason.split(":")[0]


@dataclass(frozen=True, slots=True)
class Skipped:
    """Records of an archive passed over on purpose (a WARC's requests, images, redirects):
    not pages and not errors, only counted."""

    origin: str
    reason: str
    count: int


class Fate(StrEnum):
    """What became of one input line."""

    BODY = "body"
    CAPTION = "caption"
    METADATA = "metadata"
    REMOVED = "removed"
    BLANK = "blank"


class Reason(StrEnum):
    """Why a line was removed from the story text."""

    OUTLET_CHROME = "outlet-chrome"  # repeats across pages of the same outlet
    REPEATED = "repeated-in-page"  # printed before on this page (galleries twice)
    NAVIGATION = "navigation"  # menus, link lists, breadcrumbs
    SHARE_SIGNUP = "share-signup"  # share buttons, newsletter, sign-in, follow us
    TIMESTAMP = "timestamp"  # "Updated 10:30", "5 min read"
    NOTICE = "notice"  # cookies, subscription, paywall, copyright
    APPEAL = "appeal"  # donation / support appeals
    ADVERT = "advert"  # "Advertisement", sponsored
    RELATED = "related-links"  # "Recommended Articles" and what follows it
    CODE = "code"  # the page's machinery as text: unfilled templates, script statements
    COMMENTS = "readers-comments"  # under a "12 thoughts on “Headline”" heading
    PAGE_TITLE = "page-title"  # the <title>-like first line, "Headline | site"
    OFF_STORY = "off-story"  # outside any story: the classifier's verdict


class LineVerdict(NamedTuple):
    """The cleaner's decision for one line of a page (blank lines included). A named tuple, not
    a frozen dataclass: a page makes hundreds, and the dataclass's __init__ costs three times
    as much."""

    number: int  # 0-based line index in Page.text.split("\n")
    text: str
    fate: Fate  # BODY (story text), CAPTION, REMOVED or BLANK; METADATA is set by annotate
    reason: Reason | None = None  # for REMOVED
    score: float = 0.0  # the classifier's content probability, for explanations
    # What the cleaner's parsers found (its features), so segment and annotate need not parse
    # every line again: the line opens with a wire dateline; it is a correction note.
    dateline: bool = False
    correction: bool = False
    # The outlet pass saw the line on the outlet's pages of other stories: its template, were
    # the classifier to keep it (a teaser block, an author box).
    house: bool = False


@dataclass(frozen=True, slots=True)
class StorySpan:
    """One story found on a page: which lines are its text, which its captions."""

    position: int  # order on the page, 0-based
    primary: bool
    body_lines: tuple[int, ...]  # line numbers, in page order
    captions: tuple[tuple[int, ...], ...]  # each caption's lines, the credited line last
    start: int  # first line of the story's region (headline candidates lie just above)
    end: int  # one past its last line


@dataclass(frozen=True, slots=True)
class Dateline:
    place: str
    agency: str | None = None


@dataclass(frozen=True, slots=True)
class Caption:
    text: str
    credit: str | None = None


@dataclass(frozen=True, slots=True)
class Markup:
    """What a page's HTML says about its own story, beyond the text the extractor kept.

    Annotation prefers these to what it can infer from text for the page's primary story.
    """

    headline: str | None = None
    date: str | None = None  # ISO date of publication
    byline: str | None = None
    canonical_url: str | None = None
    lang: str | None = None  # ISO 639-1, from <html lang>
    captions: tuple[Caption, ...] = ()
    comments: tuple[str, ...] = ()  # readers' comments under the story, each a paragraph


@dataclass(slots=True)
class Story:
    """One story as the user gets it: one line of stories.jsonl (one row of stories.parquet).

    `story_id` is derived from the page and the story's place on it; `doc_id`, `source` (the
    outlet) and `url` are the page's; `position` is the story's order on the page and
    `primary` marks the page's own story. `body` holds the paragraphs, parted by a blank
    line. `cluster_id` is shared by every copy of one story, `canonical` marks the copy a
    reader should get, and `relation` says how this copy differs from it (`identical`,
    `truncated`, `earlier`, `corrected`, `edited`; None for the canonical copy).
    """

    story_id: str
    doc_id: str
    source: str | None
    url: str | None
    position: int
    primary: bool
    headline: str | None
    byline: str | None
    dateline: Dateline | None
    date: str | None
    lang: str | None
    body: str
    captions: list[Caption] = field(default_factory=list)
    corrections: list[str] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)  # readers', in the output with --comments
    cluster_id: str = ""  # the same for every copy of one story (cluster/)
    canonical: bool = True  # the copy of its cluster a reader should get
    relation: str | None = None  # to the canonical copy (cluster.relation); None for it

    def to_dict(self) -> dict[str, Any]:
        """The story as plain values: a row of stories.jsonl."""
        return asdict(self)

    @classmethod
    def from_dict(cls, row: dict[str, Any]) -> Story:
        """A row of stories.jsonl or stories.parquet back as a Story."""
        dateline = row.get("dateline")
        return cls(**{
            **row,
            "dateline": Dateline(**dateline) if dateline else None,
            "captions": [Caption(**c) for c in row.get("captions") or ()],
            "corrections": list(row.get("corrections") or ()),
        })


@dataclass(frozen=True, slots=True)
class Copy:
    """One copy of a story in its cluster: a member of a line of clusters.jsonl."""

    story_id: str
    doc_id: str
    source: str | None  # the outlet that ran it
    date: str | None
    relation: str | None  # to the canonical copy; None for the canonical copy itself
    similarity: float  # the share of its text found in the canonical copy


@dataclass(frozen=True, slots=True)
class ClusterRecord:
    """The copies of one story across outlets: one line of clusters.jsonl.

    `canonical` is the story id of the copy a reader should get; `headline` and `dateline`
    are its own; `first_date` and `last_date` span the copies' dates; `outlets` are the
    outlets that ran it, sorted; `members` are the copies, the canonical one first.
    """

    cluster_id: str
    size: int
    canonical: str
    headline: str | None
    dateline: Dateline | None
    first_date: str | None
    last_date: str | None
    outlets: tuple[str, ...]
    members: tuple[Copy, ...]

    def to_dict(self) -> dict[str, Any]:
        """The cluster as plain values: a line of clusters.jsonl."""
        row = asdict(self)
        row["outlets"] = list(self.outlets)
        row["members"] = [asdict(m) for m in self.members]
        return row

    @classmethod
    def from_dict(cls, row: dict[str, Any]) -> ClusterRecord:
        dateline = row.get("dateline")
        return cls(**{
            **row,
            "dateline": Dateline(**dateline) if dateline else None,
            "outlets": tuple(row["outlets"]),
            "members": tuple(Copy(**m) for m in row["members"]),
        })


class LineFate(NamedTuple):
    """One line of the audit: an input line and what became of it. A named tuple, as
    LineVerdict: every line of every page gets one (to be counted, without --audit)."""

    doc_id: str
    number: int
    text: str
    fate: Fate
    story_id: str | None = None  # the story whose body/caption/metadata it became
    field: str | None = None  # for METADATA: headline, byline, dateline, date, correction
    reason: Reason | None = None  # for REMOVED
