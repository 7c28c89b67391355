"""Reading the project's TOML files with messages a clerk can act on (which file, which line, what to do)."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from pathlib import Path

from pipeline.errors import PipelineError

_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")


# tomllib's most frequent complaints, as a clerk editing the file would understand them
_READABLE = {
    "Invalid value": "值的写法有误：文字须用英文双引号括起，日期写作 YYYY-MM-DD",
    "Cannot overwrite a value": "同一个键写了两次",
    "Cannot declare": "同一节写了两次",
    "Expected '=' after a key in a key/value pair": "键后应有英文等号 =",
    "Invalid statement": "这一行既不是“键 = 值”也不是 [节名]",
    "Unterminated string": "引号没有成对",
    "Illegal character": "有不允许的字符（如全角引号或制表符）",
}


def _syntax(exc: tomllib.TOMLDecodeError) -> str:
    found = _POSITION.search(str(exc))
    where = f"第{found.group(1)}行第{found.group(2)}列" if found else "某处"
    reason = _POSITION.sub("", str(exc)).strip()
    readable = next((text for key, text in _READABLE.items() if reason.startswith(key)), reason)
    return f"{where}不符合 TOML 写法：{readable}"


def read_toml(path: Path, what: str, hint: str = "") -> dict:
    """The parsed file; any fault becomes a PipelineError naming ``what`` (单位登记表…) and ``path``."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise PipelineError(f"找不到{what} {path}" + (f"；{hint}" if hint else "")) from None
    except IsADirectoryError:
        raise PipelineError(f"{what} {path} 是一个文件夹，应为文本文件") from None
    except PermissionError:
        raise PipelineError(f"没有权限读取{what} {path}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise PipelineError(f"{what} {path} 不是 UTF-8 编码（可能以 GBK 保存）：请用记事本或 WPS "
                            "“另存为”UTF-8 编码后重试") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise PipelineError(f"{what} {path} {_syntax(exc)}") from None


_MISSING = object()


class Fields:
    """One table of a TOML file, read with typed accessors whose errors name the file, the table and the key."""

    def __init__(self, table: object, where: str) -> None:
        if not isinstance(table, dict):
            raise PipelineError(f"{where}应为一个表（[名称] 下的 键 = 值），现为 {table!r}")
        self.table, self.where = table, where

    def _get(self, key: str, default: object) -> object:
        if key in self.table:
            return self.table[key]
        if default is _MISSING:
            raise PipelineError(f"{self.where}缺少 {key}")
        return default

    def text(self, key: str, default: object = _MISSING) -> str:
        value = self._get(key, default)
        if not isinstance(value, str):
            raise PipelineError(f"{self.where}的 {key} 应为文字（用英文双引号括起），现为 {value!r}")
        return value

    def texts(self, key: str) -> tuple[str, ...]:
        value = self._get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise PipelineError(f'{self.where}的 {key} 应为文字列表，如 ["甲单位", "乙单位"]，现为 {value!r}')
        return tuple(value)

    def number(self, key: str) -> float | None:
        value = self._get(key, None)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise PipelineError(f"{self.where}的 {key} 应为数字（不加引号），现为 {value!r}")
        return float(value)

    def year(self, key: str) -> int:
        value = self._get(key, _MISSING)
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int) or not 1900 <= value <= 2200:
            raise PipelineError(f"{self.where}的 {key} 应为四位年份数字，如 2021，现为 {value!r}")
        return value

    def date(self, key: str, default: object = _MISSING) -> dt.date:
        value = self._get(key, default)
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            raise PipelineError(f"{self.where}的 {key} 应为日期，写作 YYYY-MM-DD，现为 {value!r}") from None


def tables(data: dict, key: str, where: str) -> list[dict]:
    """``[[key]]`` arrays of tables (a registry's units, a file's measures…), checked for shape."""
    value = data.get(key, [])
    if not isinstance(value, list):
        raise PipelineError(f"{where}的 {key} 应写作 [[{key}]] 表数组")
    return value
