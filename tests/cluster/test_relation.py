"""How a copy differs from the canonical copy, from paragraph keys alone."""

import numpy as np

from copydesk.cluster.fingerprint import Profile
from copydesk.cluster.relation import Relation, relation


def profile(paragraphs: tuple[int, ...], day: int = 20250501, corrections=frozenset()) -> Profile:
    keys = np.array(paragraphs, dtype=np.uint64).tobytes()
    return Profile("s", day, 10 * len(paragraphs), keys, frozenset(corrections), True)


CANON = profile((1, 2, 3, 4, 5, 6))


def test_identical() -> None:
    assert relation(profile((1, 2, 3, 4, 5, 6)), CANON) is Relation.IDENTICAL


def test_truncated_whole_paragraphs_or_mid_paragraph() -> None:
    assert relation(profile((1, 2, 3)), CANON) is Relation.TRUNCATED
    assert relation(profile((1, 2, 3, 99)), CANON) is Relation.TRUNCATED  # cut inside the 4th


def test_earlier_by_date_or_by_the_update_it_lacks() -> None:
    assert relation(profile((7, 2, 3, 4, 5, 6), day=20250430), CANON) is Relation.EARLIER
    # Same day, a new first paragraph, and the last two paragraphs not yet written.
    assert relation(profile((7, 2, 3, 4)), CANON) is Relation.EARLIER


def test_corrected_either_way() -> None:
    fixed = profile((1, 2, 3, 4, 5, 6), corrections={42})
    assert relation(fixed, CANON) is Relation.CORRECTED
    assert relation(CANON, fixed) is Relation.CORRECTED


def test_edited() -> None:
    assert relation(profile((1, 2, 8, 4, 5, 9)), CANON) is Relation.EDITED
