from __future__ import annotations

from summitdata.clean.minhash import minhash_signature
from summitdata.link.dedup import MAX_BUCKET, group_near_duplicates
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


def test_groups_are_connected_components_named_by_their_smallest_id() -> None:
    # b agrees with a on the first 80 of 128 values and c with b on the last 80: a and c agree on 32,
    # under the 50% threshold, yet all three are one story through b
    a = list(range(128))
    b = a[:80] + [1000 + k for k in range(48)]
    c = [2000 + k for k in range(48)] + b[48:]
    groups = group_near_duplicates(["m", "k", "z"], [a, b, c])
    assert groups == {"m": "k", "k": "k", "z": "k"}


def test_a_bucket_larger_than_max_bucket_still_groups_its_copies() -> None:
    ids = [f"copy-{n:03d}" for n in range(MAX_BUCKET + 50)]
    groups = group_near_duplicates(ids, [list(range(128))] * len(ids))
    assert set(groups.values()) == {"copy-000"}
