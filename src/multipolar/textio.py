"""Reading text input safely: size bounds, binary detection, lenient UTF-8 decoding."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from multipolar.errors import InputError

# Bytes that never appear in text files; a NUL in the first block means binary.
_SNIFF_BYTES = 8192


@dataclass(frozen=True, slots=True)
class DecodedText:
    text: str
    replaced: int  # number of undecodable bytes replaced by U+FFFD


def decode(data: bytes, name: str) -> DecodedText:
    """Decode UTF-8 (with or without BOM); undecodable bytes become U+FFFD and are counted."""
    if b"\x00" in data[:_SNIFF_BYTES]:
        raise InputError(f"{name}: looks like a binary file (NUL bytes); give a text file")
    text = data.decode("utf-8-sig", errors="replace")
    replaced = text.count("\ufffd") - data.decode("utf-8-sig", errors="ignore").count("\ufffd")
    return DecodedText(text, replaced)


def read_bytes(path: str, *, max_bytes: int) -> tuple[bytes, str]:
    """Read a file (or stdin for '-') up to `max_bytes`; return (data, display name)."""
    if path == "-":
        data = sys.stdin.buffer.read(max_bytes + 1)
        name = "<stdin>"
    else:
        p = Path(path)
        if not p.exists():
            raise InputError(f"{path}: no such file")
        if p.is_dir():
            raise InputError(f"{path}: is a directory; give a file (or use `multipolar ingest`)")
        try:
            size = p.stat().st_size
            if size > max_bytes:
                raise InputError(f"{path}: {size:,} bytes, above the limit of {max_bytes:,}")
            data = p.read_bytes()
        except PermissionError:
            raise InputError(f"{path}: permission denied") from None
        except OSError as exc:
            raise InputError(f"{path}: cannot read ({exc.strerror})") from None
        name = path
    if len(data) > max_bytes:
        raise InputError(f"{name}: input above the limit of {max_bytes:,} bytes")
    return data, name


def read_text(path: str, *, max_bytes: int) -> tuple[DecodedText, str]:
    data, name = read_bytes(path, max_bytes=max_bytes)
    return decode(data, name), name
