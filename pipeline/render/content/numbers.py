"""Numbers as a report prints them: at the precision that supports the verdict next to them."""

from __future__ import annotations

from pipeline.util.text import format_number

MAX_DIGITS = 4


def digits_for(value: float) -> int:
    return 3 if abs(value) < 1 else 2


def amount(value: float | None, unit: str = "", digits: int | None = None) -> str:
    if value is None:
        return "—"
    return f"{format_number(value, digits if digits is not None else digits_for(value))}{unit}"


def distinct(a: float, b: float, unit: str = "") -> tuple[str, str, bool]:
    """(a, b, same): both printed with as many decimals as it takes for them to differ; ``same`` when even
    four decimals print alike, and a sentence must then say 略高于 / 略低于 instead of showing them."""
    digits = max(digits_for(a), digits_for(b))
    while digits < MAX_DIGITS and format_number(a, digits) == format_number(b, digits) and a != b:
        digits += 1
    shown_a, shown_b = amount(a, unit, digits), amount(b, unit, digits)
    return shown_a, shown_b, shown_a == shown_b and a != b


def gap(value: float, goal: float, unit: str) -> str:
    """How far a value is from its goal, as a difference a reader can check against the two numbers shown."""
    shown_value, shown_goal, _ = distinct(value, goal)
    digits = max(len(s.partition(".")[2]) for s in (shown_value, shown_goal))
    difference = abs(round(float(shown_value), digits) - round(float(shown_goal), digits))
    if unit == "%":
        return f"{format_number(difference, digits)}个百分点"
    return f"{format_number(difference, digits)}{unit}"


def change(value: float, previous: float, unit: str) -> tuple[str, str]:
    """(direction, size) from one year to the next: ('提高', '2.3个百分点'), ('下降', '3.7%'), ('持平', '')."""
    diff = value - previous
    if abs(diff) < 1e-9:
        return "持平", ""
    direction = "提高" if diff > 0 else "下降"
    if unit == "%":
        return direction, f"{format_number(abs(diff), 2)}个百分点"
    if previous:
        return direction, f"{format_number(abs(diff) / abs(previous) * 100, 1)}%"
    return direction, ""
