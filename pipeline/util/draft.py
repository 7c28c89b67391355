"""Values still to be filled in: how init marks them, and how a draft prints them."""

from __future__ import annotations

PLACEHOLDER = "待填写"  # what init writes where the notice does not say
DRAFT_BLANK = "××"  # what a draft prints where a value is still to be filled in (as 公文 drafts do)


def drafted(value: object) -> object:
    """A value as a draft prints it: what is still 待填写 becomes ××."""
    if isinstance(value, str) and PLACEHOLDER in value:
        return DRAFT_BLANK
    if isinstance(value, list):
        return [drafted(v) for v in value]
    return value
