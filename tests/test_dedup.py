from __future__ import annotations

from summitdata.dedup import group_near_duplicates, minhash_signature
from tests.conftest import STORY


def test_signature_is_deterministic() -> None:
    assert minhash_signature(" ".join(STORY)) == minhash_signature(" ".join(STORY))


def test_republished_copy_groups_with_original_and_other_stories_do_not() -> None:
    original = "\n".join(STORY)
    # a wire copy: different credit, one paragraph trimmed, a sentence edited
    copy = "\n".join(["TOKYO (Pacific Wire) —" + STORY[0].split("—", 1)[1], STORY[1], STORY[2]])
    other = (
        "WOODSIDE, California — U.S. President Joe Biden and Chinese leader Xi Jinping agreed on Wednesday to "
        "resume military-to-military communications and to curb the flow of fentanyl precursors, after four "
        "hours of talks at an estate south of San Francisco."
    )
    ids = ["a", "b", "c"]
    groups = group_near_duplicates(ids, [minhash_signature(t) for t in (original, copy, other)])
    assert groups == {"a": "a", "b": "a", "c": "c"}


def test_missing_signature_is_its_own_group() -> None:
    assert group_near_duplicates(["x", "y"], [[], []]) == {"x": "x", "y": "y"}
