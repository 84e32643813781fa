"""Find reported numbers in text: value, unit and kind (absolute, delta or ratio), with offsets.

Handles "17.7%", "+0.8%", "by 30.6%", "4.5x"/"4.5×"/"4.5 times", "2.1 points", "from 48.3% to
17.7%", "an order of magnitude", "3 orders of magnitude", "0.85 AUROC", "1.5 dB", "30 fps", "42 percent",
"2000 USD", "60.3\\%" (LaTeX source) and ranges ("40-90%": both ends take the unit).
Numbers that are not results (years, sizes such as "3B parameters", counts of GPUs or datasets,
section and figure numbers) are left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

#: "10, 000 + times": thousands split by a space (tokenised text, as in SciREX), taken only before a
#: ratio or percent unit (3 of 3 such numbers annotated; "60, 000 examples" stays a count).
_SPACED_THOUSANDS = r"\d{1,3}(?:, \d{3})+(?=\s?\+?\s?(?:times\b|x(?![a-zA-Z])|\u00d7|%))"
_NUM = r"(?:(?P<sign>[+\-\u2212\u00b1])\s?)?(?P<num>" + _SPACED_THOUSANDS + \
    r"|\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
#: A price written with its currency after it ("assembled ... at a cost of 2000 USD"): a cost result,
#: not a year (the one such amount in the corpus and SciREX annotations is annotated, unit "USD").
_CURRENCY = r"USD\b|US dollars\b|dollars\b|EUR\b|euros\b"
_WORD_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                 "eight": 8, "nine": 9, "ten": 10, "an": 1, "a": 1}

_MAGNITUDE = re.compile(
    r"\b(?P<count>\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|an|a)\s+"
    r"(?P<unit>orders?\s+of\s+magnitude)", re.IGNORECASE)
_NUMBER = re.compile(
    _NUM + r"(?P<space>\s?)(?P<plus>\+\s?(?=times\b|x(?![a-zA-Z])|\u00d7|%))?"
    r"(?P<unit>\\?%|percent\b|per cent\b|\u00d7|x(?![a-zA-Z])|times\b|-?fold\b|points?\b|pp\b|"
    r"p\.p\.|"
    r"percentage points?\b|dB\b|fps\b|FPS\b|ms\b|s\b|seconds?\b|minutes?\b|hours?\b|days?\b|"
    r"bits/char\b|bpc\b|BLEU\b|frames per second\b|" + _CURRENCY + r")?")

#: Words right after a bare number that make it a size or count, not a result.
#: "more than one point", "three times more often": a small number written as a word, with a unit
#: (3 of 3 such annotated in the training annotations).
_WORD_WITH_UNIT = re.compile(
    r"\b(?P<count>one|two|three|four|five|six|seven|eight|nine|ten)\s+"
    r"(?P<unit>percentage points?\b|points?\b|times\b)", re.IGNORECASE)

_COUNT_NOUNS = re.compile(
    r"^\s*(?:[kKmMbBtT]\b|[kKmMbB]\s|billion|million|thousand|parameters?|params|tokens?|GPUs?|TPUs?|"
    r"layers?|datasets?|benchmarks?|tasks?|languages?|images?|videos?|samples?|examples?|hours? of|"
    r"sentences?|documents?|papers?|classes|categories|steps?|epochs?|nodes?|agents?|models?|"
    r"participants?|users?|queries|questions?|instances?|environments?|games?|domains?|problems?|"
    r"subjects?|shots?|words?|pages?|authors?|years?|frames?|clips?|-?shot|-?way|-?dimensional|-?bit|"
    r"-?layer|-?B\b|B\b|M\b|K\b|x\d)", re.IGNORECASE)
_BEFORE_NOT_RESULT = re.compile(
    r"(?:Table|Fig\.?|Figure|Section|Sec\.?|Eq\.?|Equation|Appendix|top|Top|version|v|k\s*=|n\s*=|"
    r"N\s*=|over|across|first|using|size|length|only|just|within|after|before|every)\s*$")
#: "0.1% of the model parameters", "17% of training data": a share of the inputs, not a result.
_SHARE_OF_INPUT = re.compile(
    r"\s*of\s+(?:the\s+|its\s+|their\s+|our\s+|all\s+)?(?:\w+\s+){0,2}?(?:parameters?|params|weights|"
    r"data|training\s+(?:data|set|examples)|samples|examples|tokens|labels|annotations|neurons|layers)\b",
    re.IGNORECASE)
_DURATION_OF_DATA = re.compile(r"\s+of\s+(?:[\w'-]+\s+){0,2}?(?:data|speech|audio|video|videos|recordings?|"
                               r"footage|text|transcribed|labell?ed|annotated)\b", re.IGNORECASE)
_DURATION_UNITS = frozenset({"seconds", "second", "minutes", "minute", "hours", "hour", "days", "day"})
_DELTA_CUES = re.compile(
    r"\b(?:by|improv\w*|gain\w*|increas\w*|reduc\w*|decreas\w*|boost\w*|lower\w*|rais\w*|"
    r"outperform\w*|surpass\w*|higher|better|drop\w*|cut\w*|absolute|relative|up to|margin)\W+"
    r"(?:\w+\W+){0,3}$", re.IGNORECASE)
_FROM_TO = re.compile(r"\bfrom\s*$|\bfrom\s+[+\-]?[\d.,]+\s?(?:%|points?)?\s+to\s*$")
#: What comes before the "2" of a numbered list item "2)": a clause boundary or "and"/"or".
_ENUMERATOR_BEFORE = re.compile(r"(?:^|[.;:,(]|\band|\bor|\bthat)\s*$")
_POINT_UNITS = {"points", "point", "pp", "p.p.", "percentage points", "percentage point"}


@dataclass(frozen=True)
class Number:
    """A number reported in text: value, unit, kind and its [start, end) offsets."""

    value: float
    unit: Optional[str]
    kind: str
    start: int
    end: int
    text: str
    bare: bool = False  # no unit: a result only where a metric is named right beside it


#: "40-90%", "2–3x": a range; each end takes the unit written after the second.
_RANGE = re.compile(r"(?<![\w.\-])(\d+(?:\.\d+)?)[-\u2013](?=\d+(?:\.\d+)?\s?(\\?%|percent\b|\u00d7|x(?![a-zA-Z])))")


def _range_end(text: str, dash: int) -> bool:
    """Whether the dash at `dash` joins two numbers of a range ("40-90%")."""
    return any(match.end() == dash + 1 for match in _RANGE.finditer(text, max(0, dash - 12), dash + 24))


def _unit(raw: Optional[str]) -> Optional[str]:
    if not raw:
        return None
    raw = raw.strip()
    if raw in ("\\%", "percent", "per cent"):  # "60.3\%" in LaTeX source, "by 42 percent"
        return "%"
    if raw in ("\u00d7", "x", "times", "fold", "-fold"):
        return "x"
    if raw in _POINT_UNITS:
        return "points"
    if raw.lower().startswith("order"):
        return "order of magnitude"
    return raw


def _is_year(value: float, text: str) -> bool:
    return text.isdigit() and len(text) == 4 and 1900 <= value <= 2100


def find_numbers(text: str) -> list[Number]:
    """Every number in `text` that reads as a reported result, in text order."""
    found: list[Number] = []
    taken: list[tuple[int, int]] = []
    for match in _MAGNITUDE.finditer(text):
        count = match.group("count").lower()
        value = float(_WORD_NUMBERS.get(count, count) if count in _WORD_NUMBERS else count)
        found.append(Number(value, "order of magnitude", "ratio", match.start(), match.end(),
                            match.group()))
        taken.append((match.start(), match.end()))
    for match in _WORD_WITH_UNIT.finditer(text):
        if any(s <= match.start() < e for s, e in taken):
            continue
        unit = _unit(match.group("unit").lower())
        kind = "ratio" if unit == "x" else "delta"
        found.append(Number(float(_WORD_NUMBERS[match.group("count").lower()]), unit, kind, match.start(),
                            match.end(), match.group()))
        taken.append((match.start(), match.end()))
    for match in _NUMBER.finditer(text):
        start, end = match.start(), match.end()
        if any(s <= start < e for s, e in taken):
            continue
        num_text = match.group("num")
        # Part of a name or identifier: ResNet-50, GPT-4, CIFAR-10, v2.1, 3D, 1e-5.
        before = text[max(0, match.start("num") - 1):match.start("num")]
        after_num = text[match.end("num"):match.end("num") + 1]
        if before and (before.isalpha() or before in "-_/.") and not match.group("sign"):
            continue
        sign = match.group("sign")
        if sign and start > 0 and (text[start - 1].isalnum() or text[start - 1] in "-_/."):
            if not (text.startswith("--", start - 1) or _range_end(text, start)):
                continue  # "ResNet-50", "2-7B": the sign is a hyphen inside a name
            sign, start = None, match.start("num")  # "tokens -- 80x fewer", "40-90%": a dash, not a sign
        if after_num and (after_num.isalpha() and not match.group("unit")):
            continue
        if len(num_text) == 3 and num_text.startswith("0") and num_text.isdigit() and \
                re.search(r"\d, $", text[max(0, start - 3):start]):
            continue  # "50, 000 simulated images" (tokenised text): the rest of a number, no number of its own
        if after_num == "/" and text[match.end("num") + 1:match.end("num") + 2].isdigit():
            continue  # "1/8th of the cost", "20/20 tasks": a fraction's numerator, no level of its own
        value = float(num_text.replace(",", "").replace(" ", ""))
        raw_unit = match.group("unit")
        if raw_unit is None and (span := _RANGE.match(text, start)):
            raw_unit = span.group(2)  # "40-90%": the first end takes the unit of the second
        unit = _unit(raw_unit)
        if unit is None:
            rest = text[match.end():match.end() + 24]
            if _is_year(value, num_text) or _COUNT_NOUNS.match(rest):
                continue
            if _BEFORE_NOT_RESULT.search(text[max(0, start - 12):start]):
                continue
            if text.startswith(")", end) and num_text.isdigit() and value <= 20 and \
                    _ENUMERATOR_BEFORE.search(text, max(0, start - 6), start):
                continue  # "... datasets; 2) the efficiency ...": an item of a numbered list
            # A bare integer is a result only next to a metric-like word (handled by the caller).
        elif unit == "%" and _SHARE_OF_INPUT.match(text, end):
            continue
        elif (unit in ("s", "ms") or unit in _DURATION_UNITS) and _DURATION_OF_DATA.match(text, end):
            continue  # "3 hours of data", "262 hours of SWB-1 data": an amount of input
        elif unit == "x" and re.match(r"\s*\d", text[end:end + 3]):
            continue  # "64 x 64": a size
        elif unit in ("s", "ms") and not re.match(r"\s*(?:per|/|faster|slower|latency|\)|,|\.|;)", text[end:end + 10]):
            if unit == "s" and not match.group("space"):
                continue
        kind = "absolute"
        if unit == "x" or unit == "order of magnitude":
            kind = "ratio"
        elif _FROM_TO.search(text[max(0, start - 40):start]):
            kind = "absolute"  # "from 48.3% to 17.7%": two levels, not changes
        elif sign in ("+", "-", "\u2212") or _DELTA_CUES.search(text[max(0, start - 40):start]):
            kind = "delta"
        elif unit == "points":
            kind = "delta"
        if sign in ("-", "\u2212") and kind == "absolute":
            value = -value
        found.append(Number(abs(value) if kind == "delta" else value, unit, kind, start, end,
                            text[start:end].strip(), bare=unit is None))
    found.sort(key=lambda n: n.start)
    return found
