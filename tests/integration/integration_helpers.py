"""Helpers shared by the Neo4j integration tests (imported by name: this folder is on sys.path)."""

from __future__ import annotations

import socket
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus" / "trending-papers.txt"


def trending_extraction(tmp_path_factory) -> Path:
    """extraction.jsonl of ../shared/corpus/trending-papers.txt, made once per test session."""
    path = tmp_path_factory.getbasetemp() / "trending-extraction.jsonl"
    if not path.exists():
        from kg.pipeline import build

        out = tmp_path_factory.mktemp("trending")
        build([str(CORPUS)], out, formats=())
        (out / "extraction.jsonl").replace(path)
    return path


def free_port() -> int:
    """A TCP port nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
