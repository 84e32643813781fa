"""Turn BibTeX/TeX markup in titles, abstracts and names into plain Unicode text.

Accents (`\\'{o}`, `\\"u`, `\\v{s}`, `{\\c c}`) become composed letters, named letters (`\\ss`, `\\o`,
`\\ae`, `\\l`) their characters, escapes (`\\&`, `\\%`, `\\_`) their symbol, `~` a space, `--`/`---`
dashes, ``` `` ```/`''` quotes; formatting commands (`\\emph`, `\\texttt`, ...) and any other command
are dropped while their argument's text is kept, and grouping braces go. Math (`$...$`, `$$...$$`,
`\\(...\\)`) is kept verbatim.
"""

from __future__ import annotations

import re
import unicodedata

_MATH = re.compile(r"(?<!\\)\$\$.+?(?<!\\)\$\$|(?<!\\)\$.+?(?<!\\)\$|\\\(.+?\\\)", re.S)
_TOKEN = re.compile(r"""
    \\(?P<acc>['"`^~=.])\s*(?:\{\s*(?P<arg1>\\?[A-Za-z])\s*\}|(?P<arg2>\\?[A-Za-z]))
  | \\(?P<lacc>[uvHcdrkbt])(?:\s*\{\s*(?P<larg1>\\?[A-Za-z])\s*\}|\s+(?P<larg2>[A-Za-z]))
  | \\(?P<cmd>[A-Za-z]+)\s*(?P<empty>\{\})?
  | \\(?P<sym>[^A-Za-z])
  | (?P<dash>---?)
  | (?P<quote>``|'')
  | (?P<tie>~)
  | (?P<brace>[{}])
""", re.X)

_ACCENTS = {
    "'": "\u0301", "`": "\u0300", "^": "\u0302", '"': "\u0308", "~": "\u0303", "=": "\u0304",
    ".": "\u0307", "u": "\u0306", "v": "\u030c", "H": "\u030b", "c": "\u0327", "d": "\u0323",
    "r": "\u030a", "k": "\u0328", "b": "\u0331", "t": "\u0361",
}
_NAMED = {
    "ss": "ß", "o": "ø", "O": "Ø", "ae": "æ", "AE": "Æ", "oe": "œ", "OE": "Œ", "aa": "å",
    "AA": "Å", "l": "ł", "L": "Ł", "i": "ı", "j": "ȷ", "dh": "ð", "DH": "Ð", "th": "þ", "TH": "Þ",
    "ng": "ŋ", "NG": "Ŋ", "dj": "đ", "DJ": "Đ", "TeX": "TeX", "LaTeX": "LaTeX", "BibTeX": "BibTeX",
    "ldots": "…", "dots": "…", "textemdash": "—", "textquoteright": "’",
    "textquoteleft": "‘", "textregistered": "®", "texttrademark": "™", "copyright": "©",
    "textasciitilde": "~", "textbackslash": "\\", "S": "§", "P": "¶", "pounds": "£", "euro": "€",
    "hyphen": "-", "hyph": "-", "textendash": "–", "par": " ", "newline": " ", "quad": " ", "qquad": " ",
}
_SYMBOLS = {"-": "", "\\": " ", ",": " ", ";": " ", ":": " ", "!": "", " ": " ", "/": "", "@": ""}
_DASHES = {"--": "–", "---": "—"}
_QUOTES = {"``": "“", "''": "”"}


def _letter(arg: str) -> str:
    return {"\\i": "i", "\\j": "j"}.get(arg, arg.lstrip("\\"))


def _replace(match: re.Match[str]) -> str:
    kind = match.lastgroup
    group = match.group
    if group("acc") is not None:
        base = _letter(group("arg1") or group("arg2"))
        return unicodedata.normalize("NFC", base + _ACCENTS[group("acc")])
    if group("lacc") is not None:
        base = _letter(group("larg1") or group("larg2"))
        return unicodedata.normalize("NFC", base + _ACCENTS[group("lacc")])
    if group("cmd") is not None:
        return _NAMED.get(group("cmd"), "")
    if group("sym") is not None:
        return _SYMBOLS.get(group("sym"), group("sym"))
    if kind == "dash":
        return _DASHES[group("dash")]
    if kind == "quote":
        return _QUOTES[group("quote")]
    if kind == "tie":
        return " "
    return ""  # a grouping brace


def tex_to_unicode(text: str) -> str:
    """Plain Unicode for TeX markup outside math; math spans are left as written."""
    if "\\" not in text and "{" not in text and "~" not in text and "--" not in text \
            and "``" not in text and "''" not in text:
        return text
    out = []
    last = 0
    for math in _MATH.finditer(text):
        out.append(_TOKEN.sub(_replace, text[last:math.start()]))
        out.append(math.group())
        last = math.end()
    out.append(_TOKEN.sub(_replace, text[last:]))
    return "".join(out)
