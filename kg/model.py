"""The typed records every stage shares: Document -> Extraction -> KnowledgeGraph.

The extraction JSON contract lives here: an `Extraction` serialises to one JSON object whose keys
include exactly those of a record in the annotation guideline (`id`, `title`, `abstract`,
`entities`, `relations`, `results`), plus kg's own keys (ids, mentions, provenance, confidence).
"""

from __future__ import annotations

import json
from array import array
from collections.abc import Sequence
from enum import Enum
from pathlib import Path
from typing import Any, Callable, ClassVar, Iterable, Iterator, Optional, Union

from pydantic import BaseModel, ConfigDict, Field, GetCoreSchemaHandler, field_validator
from pydantic_core import core_schema

from kg.errors import KGError
from kg.names import normalize, stable_id


class EntityType(str, Enum):
    """The four entity types of the guideline."""

    METHOD = "Method"
    DATASET = "Dataset"
    METRIC = "Metric"
    TASK = "Task"


class Role(str, Enum):
    """Whether a paper introduces a Method/Dataset or only uses it."""

    PROPOSED = "proposed"
    USED = "used"


class RelationType(str, Enum):
    """The guideline's seven relation types between entities."""

    EVALUATED_ON = "EVALUATED_ON"
    ADDRESSES = "ADDRESSES"
    BENCHMARK_FOR = "BENCHMARK_FOR"
    OUTPERFORMS = "OUTPERFORMS"
    BASED_ON = "BASED_ON"
    USES = "USES"
    MEASURED_BY = "MEASURED_BY"


#: Allowed (head type, tail type) pairs of each relation type, from the guideline.
RELATION_SIGNATURES: dict[RelationType, frozenset[tuple[EntityType, EntityType]]] = {
    RelationType.EVALUATED_ON: frozenset({(EntityType.METHOD, EntityType.DATASET)}),
    RelationType.ADDRESSES: frozenset({(EntityType.METHOD, EntityType.TASK)}),
    RelationType.BENCHMARK_FOR: frozenset({(EntityType.DATASET, EntityType.TASK)}),
    RelationType.OUTPERFORMS: frozenset({(EntityType.METHOD, EntityType.METHOD)}),
    RelationType.BASED_ON: frozenset({(EntityType.METHOD, EntityType.METHOD)}),
    RelationType.USES: frozenset({(EntityType.METHOD, EntityType.METHOD)}),
    RelationType.MEASURED_BY: frozenset({(EntityType.TASK, EntityType.METRIC),
                                         (EntityType.DATASET, EntityType.METRIC)}),
}


class ResultKind(str, Enum):
    """A level reached, a change, or a ratio."""

    ABSOLUTE = "absolute"
    DELTA = "delta"
    RATIO = "ratio"


class PaperLinkType(str, Enum):
    """How a paper relates to an entity it mentions."""

    PROPOSES = "PROPOSES"
    USES = "USES"
    ADDRESSES = "ADDRESSES"
    MENTIONS = "MENTIONS"


class _Record(BaseModel):
    model_config = ConfigDict(extra="ignore", populate_by_name=True, use_enum_values=False)


class Document(_Record):
    """One input paper: id, title, abstract and whatever metadata its source gives."""

    id: str
    title: str = ""
    abstract: str
    year: Optional[int] = None
    authors: list[str] = Field(default_factory=list)
    venue: Optional[str] = None
    doi: Optional[str] = None
    arxiv_id: Optional[str] = None
    url: Optional[str] = None
    source: Optional[str] = Field(default=None, description="file:line (or record number) it was read from")

    @property
    def text(self) -> str:
        """The text that extraction reads and that offsets index: title, newline, abstract."""
        return f"{self.title}\n{self.abstract}" if self.title else self.abstract


class Mention(_Record):
    """One occurrence of an entity in a document's text."""

    text: str
    start: int = Field(ge=0, description="character offset into Document.text")
    end: int = Field(ge=0)
    sentence: int = Field(ge=0, description="sentence index in Document.text")


class Provenance(_Record):
    """Where a statement came from: document, sentence, offsets, extractor and confidence."""

    document: str
    sentence: str = ""
    sentence_index: int = 0
    start: int = 0
    end: int = 0
    extractor: str = ""
    confidence: float = Field(default=1.0, ge=0.0, le=1.0)


class Packed(Sequence):
    """A sequence of records kept packed, each record made (lean) only when it is read.

    It reads as the list of records would: len, indexing, slices (a list), iteration, and
    equality with a list of the same records. pydantic takes a list of records or dicts for it
    (with the list's errors) and dumps it as that list, so JSON, dumps and the JSON Schema are
    those of `list[record_type]`. A record read from it is a copy: changing that record does not
    change what is kept. Subclasses say what they hold and how to make its i-th record.
    """

    __slots__ = ()
    record_type: ClassVar[type[BaseModel]]

    def _record(self, index: int) -> Any:
        raise NotImplementedError

    def __getitem__(self, index: Union[int, slice]) -> Any:
        if isinstance(index, slice):
            return [self._record(i) for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(f"{type(self).__name__} index out of range")
        return self._record(index)

    def __iter__(self) -> Iterator[Any]:
        return map(self._record, range(len(self)))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, (type(self), list)):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({list(self)!r})"

    def __add__(self, other: object) -> list:
        """A list of these records and then `other`'s, as `list + list` gives."""
        if not isinstance(other, (Packed, list)):
            return NotImplemented
        return [*self, *other]

    def __radd__(self, other: object) -> list:
        if not isinstance(other, list):
            return NotImplemented
        return [*other, *self]

    def extend(self, records: Iterable[Any]) -> None:
        """Add each record (or dict of one) in turn."""
        for record in records:
            self.append(record)

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        records = handler.generate_schema(list[cls.record_type])
        return core_schema.no_info_wrap_validator_function(
            cls._validate, records,
            serialization=core_schema.wrap_serializer_function_ser_schema(cls._dump, schema=records))

    @classmethod
    def _validate(cls, value: Any, validate_list: Callable[[Any], list]) -> Packed:
        return value if isinstance(value, cls) else cls(validate_list(value))

    @staticmethod
    def _dump(value: Any, dump_list: Callable[[list], Any]) -> Any:
        return dump_list(list(value))


class Evidence(Packed):
    """A relation's evidence records, packed: the strings and confidence of each in one list, its
    sentence index and offsets as C integers (a list should one not fit).

    A graph holds two or three pieces of evidence per relation; as lean records they cost some 360
    bytes each, here about 60. The strings are the records' own (the resolver shares one copy of each
    sentence per paper), and so is the confidence float, so values come back exact.
    """

    __slots__ = ("_texts", "_numbers")
    record_type = Provenance

    def __init__(self, records: Iterable[Union[Provenance, dict]] = ()) -> None:
        self._texts: list = []  # document, sentence, extractor, confidence of each record
        self._numbers: Union[array, list[int]] = array("q")  # sentence index, start, end of each
        for record in records:
            self.append(record)

    def append(self, record: Union[Provenance, dict]) -> None:
        """Add a record (or the dict of one, validated)."""
        if not isinstance(record, Provenance):
            record = Provenance.model_validate(record)
        self.add(record.document, record.sentence, record.sentence_index, record.start, record.end,
                 record.extractor, record.confidence)

    def add(self, document: str, sentence: str, sentence_index: int, start: int, end: int, extractor: str,
            confidence: float) -> None:
        """Add a record from its values (`Provenance` field order), without making it."""
        self._texts += (document, sentence, extractor, confidence)
        try:
            self._numbers += array("q", (sentence_index, start, end))
        except OverflowError:  # no longer C integers: a list keeps any int
            self._numbers = [*self._numbers, sentence_index, start, end]

    def select(self, ranges: Iterable[tuple[int, int]]) -> Evidence:
        """The records of each (start, stop) range of positions, in order, as a new Evidence."""
        selected = Evidence()
        selected._numbers = self._numbers[:0]  # C integers or a list, as here
        for first, stop in ranges:
            selected._texts += self._texts[4 * first:4 * stop]
            selected._numbers += self._numbers[3 * first:3 * stop]
        return selected

    def __len__(self) -> int:
        return len(self._texts) // 4

    def _record(self, index: int) -> Provenance:
        document, sentence, extractor, confidence = self._texts[4 * index:4 * index + 4]
        sentence_index, start, end = self._numbers[3 * index:3 * index + 3]
        return lean(Provenance(document=document, sentence=sentence, sentence_index=sentence_index, start=start,
                               end=end, extractor=extractor, confidence=confidence))



class Columns(Packed):
    """Records of one class kept field by field, each field in a column (a list); a record is made
    (validated, lean) when read.

    A record costs its object and its field dict (some 350 bytes with ten fields, 650 with
    seventeen); here it is one slot per field. The values are the records' own objects, but for
    lists, kept as tuples (exact in size, and the empty one shared) and made lists again when read.
    """

    __slots__ = ("_columns",)

    def __init__(self, records: Iterable[Any] = ()) -> None:
        self._columns: dict[str, list] = {name: [] for name in self.record_type.model_fields}
        for record in records:
            self.append(record)

    def append(self, record: Any) -> None:
        """Add a record (or the dict of one, validated); of a subclass's record, this class's fields."""
        if not isinstance(record, self.record_type):
            record = self.record_type.model_validate(record)
        for name, column in self._columns.items():
            column.append(self._pack(name, getattr(record, name)))

    def column(self, name: str) -> list:
        """The values of one field, in order, without making the records (a new list)."""
        return list(self._columns[name])

    def __len__(self) -> int:
        return len(next(iter(self._columns.values())))

    def _record(self, index: int) -> Any:
        return lean(self.record_type(**{name: self._unpack(name, column[index])
                                        for name, column in self._columns.items()}))

    @staticmethod
    def _pack(name: str, value: Any) -> Any:
        return tuple(value) if isinstance(value, list) else value

    @staticmethod
    def _unpack(name: str, value: Any) -> Any:
        return list(value) if isinstance(value, tuple) else value


class Papers(Columns):
    """A graph's papers, as columns: a paper's record costs some 470 bytes besides its strings (the
    abstract, the largest part, is kept as it is); here 80, its authors a tuple."""

    __slots__ = ()
    record_type = Document


class Entity(_Record):
    """A Method, Dataset, Metric or Task with its canonical name and the other forms used."""

    id: str = ""
    type: EntityType
    name: str
    aliases: list[str] = Field(default_factory=list)
    role: Optional[Role] = None
    confidence: float = Field(default=1.0, ge=0.0, le=1.0)
    mentions: list[Mention] = Field(default_factory=list)
    # Filled by resolution across papers.
    papers: list[str] = Field(default_factory=list)
    support_papers: int = 0
    support_sentences: int = 0

    def model_post_init(self, __context: Any) -> None:
        if not self.id:
            self.id = entity_id(self.type, self.name)

    @property
    def key(self) -> str:
        return normalize(self.name)


class Relation(_Record):
    """A typed, directed link between two entities, named by their canonical names."""

    id: str = ""
    type: RelationType
    head: str
    tail: str
    head_id: str = ""
    tail_id: str = ""
    confidence: float = Field(default=1.0, ge=0.0, le=1.0)
    evidence: Evidence = Field(default_factory=Evidence)
    support_papers: int = 0

    def model_post_init(self, __context: Any) -> None:
        if not self.id and self.head_id and self.tail_id:
            self.id = stable_id("rel", self.type.value, self.head_id, self.tail_id)


class Entities(Columns):
    """A graph's entities, as columns: some 100 bytes an entity instead of some 600 for its record
    and its three lists (aliases, mentions, papers: tuples here)."""

    __slots__ = ()
    record_type = Entity


class Relations(Columns):
    """A graph's relations, as columns: some 80 bytes a relation instead of some 400 for its record
    (the evidence is kept packed, as `Evidence`)."""

    __slots__ = ()
    record_type = Relation


class Result(_Record):
    """A number the paper reports about performance or cost, with what it measures."""

    id: str = ""
    value: float
    unit: Optional[str] = None
    kind: Optional[ResultKind] = None
    metric: Optional[str] = None
    method: Optional[str] = None
    dataset: Optional[str] = None
    baseline: Optional[str] = None
    metric_id: Optional[str] = None
    method_id: Optional[str] = None
    dataset_id: Optional[str] = None
    baseline_id: Optional[str] = None
    paper: Optional[str] = None
    text: str = Field(default="", description="the number as written, e.g. '+0.8%'")
    confidence: float = Field(default=1.0, ge=0.0, le=1.0)
    provenance: Optional[Provenance] = None

    @field_validator("value", mode="before")
    @classmethod
    def _number(cls, value: Any) -> Any:
        if isinstance(value, str):
            return float(value.replace(",", "").rstrip("%x"))
        return value


class Results(Columns):
    """A graph's results, as columns: some 135 bytes a result instead of some 750 for its record (the
    provenance stays a lean record)."""

    __slots__ = ()
    record_type = Result


class Extraction(Document):
    """One document's entities, relations and results: a record of the extraction JSON contract."""

    entities: list[Entity] = Field(default_factory=list)
    relations: list[Relation] = Field(default_factory=list)
    results: list[Result] = Field(default_factory=list)
    extractor: Optional[str] = None

    def to_json(self) -> str:
        """One line of `extraction.jsonl`: deterministic key order, no NaN, UTF-8 kept as is."""
        data = self.model_dump(mode="json", exclude=_GRAPH_ONLY_FIELDS)
        return json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":"))


#: Fields that only resolution fills; left out of per-document extraction records.
_GRAPH_ONLY_FIELDS: dict[str, Any] = {
    "entities": {"__all__": {"papers", "support_papers", "support_sentences"}},
    "relations": {"__all__": {"support_papers"}},
    "results": {"__all__": {"paper"}},
}


class PaperLink(_Record):
    """A paper-level edge: the paper proposes, uses, addresses or mentions an entity."""

    paper: str
    entity: str
    type: PaperLinkType
    confidence: float = 1.0


#: Link types by number, as `PaperLinks` stores them.
_LINK_TYPES: tuple[PaperLinkType, ...] = tuple(PaperLinkType)
_LINK_TYPE_NUMBERS: dict[PaperLinkType, int] = {t: n for n, t in enumerate(_LINK_TYPES)}


class PaperLinks(Packed):
    """A graph's paper links, kept column by column; each `PaperLink` record is made when it is read.

    A graph has about five links per paper, and as records they were the largest part of it after
    the papers themselves (some 270 bytes each, lean). Here a link is two numbers naming its paper
    and entity ids (the id strings are kept once, and are the ones the papers and entities hold),
    its type as a number and its confidence as a C double (exact): about 17 bytes.
    """

    __slots__ = ("_ids", "_numbers", "_paper", "_entity", "_type", "_confidence")
    record_type = PaperLink

    def __init__(self, links: Iterable[Union[PaperLink, dict]] = ()) -> None:
        self._ids: list[str] = []  # every paper and entity id, once
        self._numbers: dict[str, int] = {}  # id -> its place in _ids
        self._paper, self._entity = array("l"), array("l")
        self._type, self._confidence = array("b"), array("d")
        for link in links:
            self.append(link)

    def append(self, link: Union[PaperLink, dict]) -> None:
        """Add a record (or the dict of one, validated)."""
        if not isinstance(link, PaperLink):
            link = PaperLink.model_validate(link)
        self.add(link.paper, link.entity, link.type, link.confidence)

    def add(self, paper: str, entity: str, link_type: PaperLinkType, confidence: float) -> None:
        """Add a link from its values, without making a record."""
        self._paper.append(self._number(paper))
        self._entity.append(self._number(entity))
        self._type.append(_LINK_TYPE_NUMBERS[PaperLinkType(link_type)])
        self._confidence.append(confidence)

    def _number(self, name: str) -> int:
        number = self._numbers.get(name)
        if number is None:
            number = self._numbers[name] = len(self._ids)
            self._ids.append(name)
        return number

    def __len__(self) -> int:
        return len(self._paper)

    def _record(self, index: int) -> PaperLink:
        return lean(PaperLink(paper=self._ids[self._paper[index]], entity=self._ids[self._entity[index]],
                              type=_LINK_TYPES[self._type[index]], confidence=self._confidence[index]))


class MergeRecord(_Record):
    """Why resolution merged a surface form or entity into a canonical entity."""

    into: str
    merged: str
    name: str
    reason: str
    paper: Optional[str] = None


class KnowledgeGraph(_Record):
    """All papers' entities, relations and results, merged into one canonical graph."""

    papers: Papers = Field(default_factory=Papers)
    entities: Entities = Field(default_factory=Entities)
    relations: Relations = Field(default_factory=Relations)
    results: Results = Field(default_factory=Results)
    links: PaperLinks = Field(default_factory=PaperLinks)
    merge_log: list[MergeRecord] = Field(default_factory=list)

    def entity_index(self) -> dict[str, Entity]:
        return {e.id: e for e in self.entities}

    def counts(self) -> dict[str, Any]:
        """Counts by kind and type, as the run report gives them."""
        by_type: dict[str, int] = {t.value: 0 for t in EntityType}
        for entity in self.entities:
            by_type[entity.type.value] += 1
        rel_types: dict[str, int] = {t.value: 0 for t in RelationType}
        for relation in self.relations:
            rel_types[relation.type.value] += 1
        return {
            "papers": len(self.papers),
            "entities": len(self.entities),
            "entities_by_type": by_type,
            "relations": len(self.relations),
            "relations_by_type": rel_types,
            "results": len(self.results),
            "paper_links": len(self.links),
        }


def entity_id(entity_type: EntityType, name: str) -> str:
    """The stable id of an entity: its type and normalised name."""
    return stable_id(entity_type.value.lower(), entity_type.value, normalize(name))


_ALL_FIELDS: dict[type, set[str]] = {}


def lean(record: Any) -> Any:
    """`record` itself, made to share one set of field names with every record of its class.

    pydantic keeps, on each record, the set of fields given when it was made (216 to 728 bytes):
    in a graph of a hundred thousand small records that set is the largest part of each one. A
    lean record counts every field as given (`model_fields_set` is all of them), which matters
    only to `model_dump(exclude_unset=True)`; values, equality, assignment and JSON are unchanged.
    The shared set holds every field name, so pydantic's `add` on assignment never changes it.
    """
    cls = type(record)
    shared = _ALL_FIELDS.get(cls)
    if shared is None:
        shared = _ALL_FIELDS[cls] = set(cls.model_fields)
    object.__setattr__(record, "__pydantic_fields_set__", shared)
    return record


def read_extraction_lines(path: Any, error: type = KGError) -> Iterator[tuple[int, Extraction]]:
    """(line number, record) of each record of a JSON-lines extraction or gold file.

    A missing file or a line that is not a valid record raises `error` naming file and line.
    """
    path = Path(path)
    if not path.exists():
        raise error("file not found", source=str(path))
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                yield number, Extraction.model_validate(json.loads(line))
            except (ValueError, TypeError) as err:
                first = str(err).splitlines()[0]
                raise error(f"not a valid extraction record: {first}", source=str(path), line=number) from None


def json_schemas() -> dict[str, dict[str, Any]]:
    """The JSON Schema of every record, generated from the models (published under schema/)."""
    return {cls.__name__: cls.model_json_schema() for cls in
            (Document, Mention, Provenance, Entity, Relation, Result, Extraction, PaperLink,
             MergeRecord, KnowledgeGraph)}
