"""Which of a unit's versions counts: the latest accepted one; the others are kept and said so."""

from __future__ import annotations

from pipeline.intake.codes import Code
from pipeline.intake.model import Problem, Submission
from pipeline.terms import Outcome, Severity


def no_mixing(subs: list[Submission], problems: list[Problem]) -> None:
    """Sample forms (signed with the published sample key) never stand beside real ones: refused if any real
    form was accepted."""
    accepted = [s for s in subs if s.outcome in (Outcome.ACCEPTED, Outcome.WARNED)]
    if not any(not s.sample for s in accepted):
        return
    for sub in (s for s in accepted if s.sample):
        sub.outcome, sub.measures, sub.tasks = Outcome.REJECTED, {}, {}
        problems.append(Problem(sub.file, sub.unit, "", "", Severity.ERROR, Code.SAMPLE_MIXED,
                                "这是示例数据表（用公开的示例密钥签发），不能与正式报送混用，已拒收；请使用本次下发的填报表"))


def choose_versions(subs: list[Submission], problems: list[Problem]) -> None:
    """Mark the accepted version of each unit the DRC received last (收件登记) as the one that counts: the
    填报日期 a sender types decides nothing."""
    by_unit: dict[str, list[Submission]] = {}
    for sub in subs:
        if sub.unit and sub.outcome != Outcome.IGNORED:
            by_unit.setdefault(sub.unit, []).append(sub)
    for unit, versions in by_unit.items():
        versions.sort(key=lambda s: (s.arrival, s.file))
        accepted = [s for s in versions if s.outcome != Outcome.REJECTED]
        if not accepted:
            continue
        latest = accepted[-1]
        latest.counts = True
        for older in accepted[:-1]:
            older.superseded_by = latest.file
            problems.append(Problem(older.file, unit, "", "", Severity.INFO, Code.SUPERSEDED,
                                    f"已被同一单位较新的报送“{latest.file}”取代（保留备查）"))
        for sub in versions[versions.index(latest) + 1:]:  # only rejected versions come after the latest accepted
            problems.append(Problem(sub.file, unit, "", "", Severity.INFO, Code.FALLBACK,
                                    f"该版本被退回，暂采用较早的合格版本“{latest.file}”"))
