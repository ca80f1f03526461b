"""Memory stays flat over a long ingest: no cache keyed on document text grows without bound
(issue 16). RSS after 2,000 distinct short documents is within 10% of RSS after 200."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from multipolar import Analyzer

pytestmark = pytest.mark.slow

COUNTRIES = ("China", "Russia", "France", "Brazil", "India", "Kenya", "Turkey", "Japan",
             "Mexico", "Egypt", "Germany", "Iran", "Nigeria", "Canada", "Peru", "Vietnam")
CITIES = ("Paris", "Nairobi", "Lima", "Hanoi", "Cairo", "Ankara", "Tokyo", "Berlin", "Tehran",
          "Lagos", "Ottawa", "Moscow", "Beijing", "Delhi", "Brasilia", "Mexico City")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


def rss_bytes() -> int:
    """Resident set size of this process, from /proc/self/statm (pages)."""
    with open("/proc/self/statm", encoding="ascii") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def documents(start: int, stop: int) -> Iterator[tuple[str, str]]:
    """Short distinct news-like texts: every number, name and date differs between documents."""
    for i in range(start, stop):
        a, b = COUNTRIES[i % 16], COUNTRIES[(i // 16 + 1 + i) % 16]
        city, month = CITIES[(i * 7) % 16], MONTHS[i % 12]
        yield (f"{a} and {b} signed an agreement in {city} on {month} {1 + i % 28}, "
               f"{1990 + i % 35}, worth ${100 + i} million. Minister Ola{i}x Bern{i}ova said "
               f"\"the talks on project {i} were useful\" and warned of {i + 3} new tariffs.",
               f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}")


def test_memory_is_flat_over_a_long_ingest() -> None:
    if not os.path.exists("/proc/self/statm"):
        pytest.skip("needs /proc/self/statm (Linux) to read the resident set size")
    analyzer = Analyzer()
    for _ in analyzer.pipe(documents(0, 200)):
        pass
    after_200 = rss_bytes()
    for _ in analyzer.pipe(documents(200, 2_000)):
        pass
    after_2000 = rss_bytes()
    assert after_2000 <= after_200 * 1.10, (
        f"RSS grew from {after_200 / 2**20:.0f} MiB after 200 documents to "
        f"{after_2000 / 2**20:.0f} MiB after 2,000")
