"""Reading text input safely: size bounds, binary detection, lenient UTF-8 decoding, and the
language of a text (py3langid: a small offline detector whose model ships in its wheel)."""

from __future__ import annotations

import functools
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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


# -- language --------------------------------------------------------------------------------

# The coder reads English only (spaCy English model, English lexicons). Other languages are
# detected, stored with their language and not coded unless the user forces it.
CODED_LANGUAGES = frozenset({"en"})
LANGUAGE_SAMPLE = 3000  # characters of the text the detector reads
MIN_LETTERS = 40  # below this many letters the text is too short to tell: taken as English
MIN_PROBABILITY = 0.90  # a less certain guess is taken as English
LANGUAGE_NAMES = {
    "en": "English", "fr": "French", "es": "Spanish", "de": "German", "it": "Italian",
    "pt": "Portuguese", "nl": "Dutch", "ru": "Russian", "uk": "Ukrainian", "pl": "Polish",
    "tr": "Turkish", "ar": "Arabic", "fa": "Persian", "he": "Hebrew", "zh": "Chinese",
    "ja": "Japanese", "ko": "Korean", "hi": "Hindi", "ur": "Urdu", "id": "Indonesian",
    "vi": "Vietnamese", "sv": "Swedish", "no": "Norwegian", "da": "Danish", "fi": "Finnish",
    "el": "Greek", "cs": "Czech", "ro": "Romanian", "hu": "Hungarian", "sr": "Serbian",
    "hr": "Croatian", "bg": "Bulgarian", "ca": "Catalan",
}
_LETTER = re.compile(r"[^\W\d_]")


@dataclass(frozen=True, slots=True)
class Language:
    code: str  # ISO 639-1, e.g. "en", "fr"
    probability: float  # the detector's normalised probability; 1.0 when taken as English

    @property
    def name(self) -> str:
        return LANGUAGE_NAMES.get(self.code, self.code)

    @property
    def coded(self) -> bool:
        """True when the English coder reads this language."""
        return self.code in CODED_LANGUAGES

    def warning(self) -> str:
        return (f"the text looks {self.name} ({self.code}, p={self.probability:.2f}); the coder "
                "reads English only, so no events, actors or facts are coded from it (it is "
                "kept with its language; --any-language codes it anyway)")


@functools.cache
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> Language:
    """The language of `text` (offline, py3langid). Short or uncertain texts are taken as
    English (the default): a wrong "not English" would drop a document's events."""
    sample = text[:LANGUAGE_SAMPLE]
    if len(_LETTER.findall(sample)) < MIN_LETTERS:
        return Language("en", 1.0)
    code, probability = _identifier().classify(sample)
    if probability < MIN_PROBABILITY:
        return Language("en", 1.0)
    return Language(str(code), round(float(probability), 3))
