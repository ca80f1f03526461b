"""Grouping copies of the same story: MinHash signatures over word shingles, with LSH bands.

Two documents belong to the same story when the estimated Jaccard similarity of their sets of
word 5-shingles is at least `SIMILARITY` (wire copies that outlets trim, retitle or lightly
edit). Candidates are found through LSH bands (`BANDS` bands of `ROWS` signature values), so
grouping costs one indexed lookup per document, not a comparison with every stored document.
"""

from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass

import numpy as np

PERMUTATIONS = 64
BANDS = 16
ROWS = PERMUTATIONS // BANDS
SHINGLE = 5
SIMILARITY = 0.6
_WORD = re.compile(r"\w+", re.UNICODE)


@functools.cache
def _coefficients() -> tuple[np.ndarray, np.ndarray]:
    # Fixed seed: signatures must be identical across runs and machines.
    rng = np.random.default_rng(20250507)
    a = rng.integers(0, np.iinfo(np.uint64).max, size=PERMUTATIONS, dtype=np.uint64) | 1
    b = rng.integers(0, np.iinfo(np.uint64).max, size=PERMUTATIONS, dtype=np.uint64)
    return a, b


def shingles(text: str) -> set[str]:
    """Lower-cased word 5-shingles (the whole word sequence when shorter)."""
    words = _WORD.findall(text.lower())
    if len(words) < SHINGLE:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i:i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}


def signature(text: str) -> np.ndarray:
    """The MinHash signature (PERMUTATIONS unsigned 64-bit values) of `text`."""
    grams = shingles(text)
    if not grams:
        return np.full(PERMUTATIONS, np.iinfo(np.uint64).max, dtype=np.uint64)
    digests = b"".join(hashlib.blake2b(g.encode("utf-8"), digest_size=8).digest()
                       for g in sorted(grams))
    x = np.frombuffer(digests, dtype="<u8")
    a, b = _coefficients()
    # Multiply-add modulo 2**64 (uint64 arithmetic wraps): one random hash per permutation.
    values = np.outer(x, a) + b
    return values.min(axis=0)


def bands(sig: np.ndarray) -> list[int]:
    """LSH band keys of a signature, as signed 64-bit integers (DuckDB BIGINT)."""
    keys = []
    for band in range(BANDS):
        chunk = sig[band * ROWS:(band + 1) * ROWS]
        digest = hashlib.blake2b(band.to_bytes(2, "little") + chunk.tobytes(), digest_size=8)
        keys.append(int.from_bytes(digest.digest(), "little", signed=True))
    return keys


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of the shingle sets behind two signatures."""
    return float(np.mean(a == b))


@dataclass(frozen=True, slots=True)
class StoryCandidate:
    doc_id: str
    story_id: str
    signature: np.ndarray


def choose_story(doc_id: str, sig: np.ndarray, candidates: list[StoryCandidate]) -> str:
    """The story of the most similar candidate above SIMILARITY, else a new story (`doc_id`).

    Ties go to the smallest document id, so the choice does not depend on lookup order.
    """
    best: tuple[float, str] | None = None
    story = doc_id
    for cand in sorted(candidates, key=lambda c: c.doc_id):
        if cand.doc_id == doc_id:
            continue
        score = similarity(sig, cand.signature)
        if score >= SIMILARITY and (best is None or score > best[0]):
            best = (score, cand.doc_id)
            story = cand.story_id
    return story
