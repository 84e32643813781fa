"""Name normalisation and deterministic ids, shared by every stage."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

_DASHES = re.compile(r"[\-\u2010-\u2015\u2212_]+")
_PUNCT = re.compile(r"[^\w\s]+")
_SPACE = re.compile(r"\s+")


def normalize(name: str) -> str:
    """Normalise a name as the guideline's scoring does.

    Lower case, Unicode NFKC, hyphens/dashes/underscores read as spaces, other punctuation
    dropped, white space collapsed, a trailing plural "s" dropped.
    """
    return _normalize_short(name) if len(name) <= 120 else _normalize(name)


def _normalize(name: str) -> str:
    text = unicodedata.normalize("NFKC", name).lower()
    text = _DASHES.sub(" ", text)
    text = _PUNCT.sub("", text)
    text = _SPACE.sub(" ", text).strip()
    if len(text) > 3 and text.endswith("s") and not text.endswith("ss"):
        text = text[:-1]
    return text


#: Names recur within and across abstracts: the short ones are normalised once (bounded memory).
_normalize_short = lru_cache(maxsize=1 << 14)(_normalize)


def stable_id(prefix: str, *parts: object) -> str:
    """A short deterministic id: `prefix` plus 16 hex digits of SHA-1 over the parts."""
    digest = hashlib.sha1("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()
    return f"{prefix}-{digest[:16]}"
