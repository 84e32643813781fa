"""Errors raised by kg: one base class, a subclass per stage, each naming the record at fault."""

from __future__ import annotations


class KGError(Exception):
    """Base class of every error kg raises on purpose; the CLI prints it as one line."""

    code = "KG000"

    def __init__(self, message: str, *, source: str | None = None, line: int | None = None,
                 record: str | None = None) -> None:
        self.message = message
        self.source = source
        self.line = line
        self.record = record
        super().__init__(self.__str__())

    @property
    def where(self) -> str:
        """`file:line (record id)` for the record at fault, as far as it is known."""
        parts = []
        if self.source:
            parts.append(self.source if self.line is None else f"{self.source}:{self.line}")
        if self.record:
            parts.append(f"record {self.record}")
        return ", ".join(parts)

    def __str__(self) -> str:
        where = self.where
        return f"{where}: {self.message}" if where else self.message


class LoadError(KGError):
    """An input file or record could not be read."""

    code = "KG100"


class ExtractionError(KGError):
    """The extractor could not process a document."""

    code = "KG200"


class EvaluationError(KGError):
    """A gold or prediction file cannot be scored."""

    code = "KG300"


class StoreError(KGError):
    """Writing to or reading from Neo4j failed."""

    code = "KG400"


class ExportError(KGError):
    """An export could not be written."""

    code = "KG500"
