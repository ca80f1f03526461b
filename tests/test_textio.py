from __future__ import annotations

from pathlib import Path

import pytest

from multipolar.errors import InputError
from multipolar.textio import decode, read_text


def test_invalid_utf8_is_replaced_and_counted() -> None:
    decoded = decode(b"Putin met Xi" + b"\xff\xfe ok", "x")
    assert decoded.replaced == 2
    assert decoded.text.startswith("Putin met Xi")


def test_genuine_replacement_characters_are_not_counted() -> None:
    assert decode("a \ufffd b".encode(), "x").replaced == 0


def test_bom_is_dropped() -> None:
    assert decode(b"\xef\xbb\xbfHello", "x").text == "Hello"


def test_binary_is_rejected() -> None:
    with pytest.raises(InputError, match="binary"):
        decode(b"\x89PNG\x00\x00", "img.png")


def test_missing_directory_and_oversize_inputs(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_text(str(tmp_path / "nope.txt"), max_bytes=100)
    with pytest.raises(InputError, match="is a directory"):
        read_text(str(tmp_path), max_bytes=100)
    big = tmp_path / "big.txt"
    big.write_text("x" * 101)
    with pytest.raises(InputError, match="above the limit"):
        read_text(str(big), max_bytes=100)


# -- language ---------------------------------------------------------------------------------

def test_language_detection_offline() -> None:
    from multipolar.textio import detect_language

    french = detect_language("Le président a déclaré lundi que la France enverrait des "
                             "troupes dans la région pour soutenir le gouvernement.")
    assert (french.code, french.coded, french.name) == ("fr", False, "French")
    assert "--any-language" in french.warning()
    english = detect_language("Russian President Vladimir Putin visited Beijing on Monday "
                              "for talks with Xi Jinping on trade and security.")
    assert english.code == "en" and english.coded
    # too short to tell: taken as English, the coder's language
    assert detect_language("Hola.").code == "en"
