"""What a load run read: per-file counts and every rejected record."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Reject:
    """One input record that did not become a Document, and why."""

    source: str          # file path as given
    line: int | None     # 1-based line, or record number where lines do not apply
    record: str | None   # record id or title when known
    reason: str
    by_record: bool = False  # `line` is a record number (JSON arrays, XML out of a JSON wrapper)

    @property
    def where(self) -> str:
        """`path:line`, `path:record N`, or the path alone."""
        if self.line is None:
            return self.source
        return f"{self.source}:record {self.line}" if self.by_record else f"{self.source}:{self.line}"


@dataclass
class FileCounts:
    """Counts for one input file."""

    format: str | None = None
    read: int = 0
    loaded: int = 0
    rejected: int = 0


@dataclass
class LoadReport:
    """Counts per file and the rejects of one or more `load` runs; read == loaded + rejects."""

    files: dict[str, FileCounts] = field(default_factory=dict)
    rejects: list[Reject] = field(default_factory=list)

    @property
    def read(self) -> int:
        """Records seen, good or bad."""
        return sum(f.read for f in self.files.values())

    @property
    def loaded(self) -> int:
        """Documents yielded."""
        return sum(f.loaded for f in self.files.values())

    def file(self, name: str, format: str | None = None) -> FileCounts:
        counts = self.files.setdefault(name, FileCounts())
        if format is not None:
            counts.format = format
        return counts

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready summary: totals, per-file counts and the rejects."""
        return {
            "read": self.read,
            "loaded": self.loaded,
            "rejected": len(self.rejects),
            "files": {name: asdict(counts) for name, counts in self.files.items()},
            "rejects": [asdict(r) for r in self.rejects],
        }
