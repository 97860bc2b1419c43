"""How a copy differs from its cluster's canonical copy, from their paragraph keys."""

from __future__ import annotations

from enum import StrEnum

from copydesk.cluster.fingerprint import Profile


class Relation(StrEnum):
    IDENTICAL = "identical"  # the same paragraphs (typography and dateline aside)
    TRUNCATED = "truncated"  # the canonical's first paragraphs, the rest cut
    EARLIER = "earlier"  # a version before an update: dated earlier, or ends where the
    #                      canonical goes on with paragraphs the copy lacks
    CORRECTED = "corrected"  # carries a correction the canonical lacks, or the reverse
    EDITED = "edited"  # anything else: trimmed or reworded sentences, paragraphs moved


def relation(copy: Profile, canonical: Profile) -> Relation:
    mine, theirs = copy.paragraphs, canonical.paragraphs
    if mine == theirs:
        return Relation.IDENTICAL if copy.corrections == canonical.corrections else (
            Relation.CORRECTED
        )
    if _truncated(mine, theirs):
        return Relation.TRUNCATED
    if copy.corrections != canonical.corrections:
        return Relation.CORRECTED
    if copy.day and canonical.day and copy.day < canonical.day:
        return Relation.EARLIER
    where = {key: i for i, key in enumerate(theirs)}
    # The copy's last paragraph is one of the canonical's, and the canonical goes on after
    # it: the update the copy was published before.
    if mine and mine[-1] in where and where[mine[-1]] < len(theirs) - 1:
        return Relation.EARLIER
    return Relation.EDITED


def _truncated(mine: tuple[int, ...], theirs: tuple[int, ...]) -> bool:
    """The copy is the canonical's first paragraphs, its last one perhaps cut mid-way."""
    if not mine or len(mine) > len(theirs):
        return False
    if mine == theirs[: len(mine)]:
        return True
    return len(mine) >= 2 and mine[:-1] == theirs[: len(mine) - 1]
