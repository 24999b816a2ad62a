"""Every record kind of a commune file, by its spec: the one list a new kind is added to."""

from __future__ import annotations

from . import awards, classes, fund, learning_citizens, meetings, members
from .specs import RecordSpec

RECORD_SPECS: tuple[RecordSpec, ...] = (awards.SPEC, classes.SPEC, classes.LEARNER_SPEC, fund.SPEC, meetings.SPEC,
                                     members.SPEC)


def spec_for(kind: str) -> RecordSpec:
    """The spec of a change kind ("award", "learning_class" …); KeyError for an unknown one."""
    for spec in RECORD_SPECS:
        if spec.kind == kind:
            return spec
    raise KeyError(kind)


# Kinds Excel takes in that are not list pages of their own nor travel: the Công dân học tập list (a tab of the
# learning page; only its counts go to the province).
EXCHANGE_ONLY_SPECS: tuple[RecordSpec, ...] = (learning_citizens.SPEC,)


def exchange_specs() -> dict[str, RecordSpec]:
    """The kinds Excel imports and exports, by their Excel name ("awards", "learners" …); a kind with export
    columns only (meetings) is exported from its list but not offered for import."""
    return {spec.exchange_kind: spec for spec in (*RECORD_SPECS, *EXCHANGE_ONLY_SPECS)
            if spec.exchange_kind and spec.exchange}
