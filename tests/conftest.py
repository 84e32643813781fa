"""Shared test fixtures: paths to the repository, its examples and the shared data."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def shared() -> Path:
    if not SHARED.exists():
        pytest.fail(f"the shared data folder {SHARED} is missing (it sits next to the repository)")
    return SHARED


@pytest.fixture(scope="session")
def rules_extractor():
    """The extractor without the trained recogniser: rules, lexicon and abbreviations only."""
    from kg.extract import Extractor

    return Extractor(model=None)


@pytest.fixture(scope="session")
def extractor():
    """The extractor as shipped (trained recogniser when the package has one)."""
    from kg.extract import Extractor

    return Extractor()
