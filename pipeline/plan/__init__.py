"""Step 1, plan: the notice parsed into items, units and measures (docs/DESIGN.md §2–§3)."""

from pipeline.plan.load import build_plan, load_plan
from pipeline.plan.model import Item, Measure, Plan

__all__ = ["Item", "Measure", "Plan", "build_plan", "load_plan"]
