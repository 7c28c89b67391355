"""Signed forms: a form's identity and locked layout carry HMAC-SHA256 signatures made with a key the DRC
keeps (``inputs/plan/form.key``, created by ``forms`` on first use and never committed), so no edit of
unit, year, items or roles passes intake. Sample forms are signed with a published sample key and are
never accepted beside real ones."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import PipelineError
from pipeline.util.files import atomic_write

KEY_FILE = "form.key"
# Published on purpose: anyone may make sample data, and everything made from it says 示例数据.
SAMPLE_KEY = hashlib.sha256("示例数据签名密钥（公开，仅用于示例数据）".encode()).digest()


@dataclass(frozen=True)
class FormKeys:
    drc: bytes | None  # the DRC's own key; None where it has not been made here yet

    def for_form(self, sample: bool) -> bytes:
        if sample:
            return SAMPLE_KEY
        if self.drc is None:
            raise PipelineError(f"还没有填报表签名密钥（inputs/plan/{KEY_FILE}）；请先运行 forms 命令生成填报表，"
                                "密钥会随之生成")
        return self.drc


def key_id(key: bytes) -> str:
    """A short name for a key, written in each form: tells 'another key' from 'edited'."""
    return hashlib.sha256(b"key-id:" + key).hexdigest()[:12]


def sign(key: bytes, text: str) -> str:
    return hmac.new(key, text.encode("utf-8"), hashlib.sha256).hexdigest()


def verify(key: bytes, text: str, signature: str) -> bool:
    return hmac.compare_digest(sign(key, text), signature)


def load_keys(plan_dir: Path) -> FormKeys:
    path = plan_dir / KEY_FILE
    try:
        text = path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        return FormKeys(None)
    except PermissionError:
        raise PipelineError(f"没有权限读取签名密钥文件 {path}；请用生成填报表的账户运行") from None
    except (OSError, UnicodeDecodeError):
        raise PipelineError(f"签名密钥文件 {path} 无法读取或已损坏；请从备份恢复") from None
    try:
        key = bytes.fromhex(text)
    except ValueError:
        key = b""
    if len(key) != 32:
        raise PipelineError(f"签名密钥文件 {path} 已损坏（应为64位十六进制数）；请从备份恢复")
    return FormKeys(key)


def ensure_key(plan_dir: Path) -> tuple[FormKeys, bool]:
    """The DRC's keys, making the key on first use; (keys, made now)."""
    keys = load_keys(plan_dir)
    if keys.drc is not None:
        return keys, False
    key = secrets.token_bytes(32)
    atomic_write(plan_dir / KEY_FILE, key.hex().encode() + b"\n", mode=0o600)
    return FormKeys(key), True
