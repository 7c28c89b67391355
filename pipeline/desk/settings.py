"""The desk's part of config.toml: how long links stay valid, how often the 催报通知 may go out, the upload cap.

    [desk]
    grace_days = 14               # links stay valid this many days after the year's deadline
    reminder_cooldown_hours = 24  # the desk sends the 催报通知 at most this often
    [desk.years.2019]
    links_until = "2027-06-30"    # instead of deadline + grace_days
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from pipeline.errors import PipelineError
from pipeline.settings import Settings
from pipeline.util.tomlfile import Fields

MAX_UPLOAD_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class DeskConfig:
    year: int
    deadline: dt.date
    links_until: dt.datetime  # the end of that day, local time
    reminder_cooldown: dt.timedelta
    max_upload: int = MAX_UPLOAD_BYTES


def chinese_date(text: str, where: str) -> dt.date:
    """'2020年1月17日' (as config.toml writes deadlines) or '2020-01-17'."""
    found = re.fullmatch(r"\s*(\d{4})\s*[年-]\s*(\d{1,2})\s*[月-]\s*(\d{1,2})\s*日?\s*", text)
    try:
        return dt.date(*(int(g) for g in found.groups())) if found else dt.date.fromisoformat(text)
    except ValueError:
        raise PipelineError(f"{where}：“{text}”不是日期，请写作 2020年1月17日 或 2020-01-17") from None


def desk_config(settings: Settings, year: int) -> DeskConfig:
    config = settings.year(year)
    where = f"配置文件 {settings.path} 的 [desk] "
    desk = Fields(settings.data.get("desk", {}), where)
    own = Fields(desk.table.get("years", {}).get(str(year), {}), f"配置文件 {settings.path} 的 [desk.years.{year}] ")
    deadline = chinese_date(config.deadline, f"配置文件 {settings.path} 中 {year} 年度的 deadline")
    grace = desk.number("grace_days")
    until = own.date("links_until", deadline + dt.timedelta(days=14 if grace is None else grace))
    end = dt.datetime.combine(until, dt.time(23, 59, 59)).astimezone()
    hours = desk.number("reminder_cooldown_hours")
    cooldown = dt.timedelta(hours=24 if hours is None else hours)
    return DeskConfig(year, deadline, end, cooldown)
