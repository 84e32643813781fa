"""Read PubMed / MEDLINE XML (`PubmedArticleSet`, as from efetch or the annual baseline).

Records are `<PubmedArticle>`s and `<PubmedBookArticle>`s (book chapters: title and abstract
from `<BookDocument>`). Id is the PMID. A structured abstract's sections are joined as "LABEL: text" in order;
`<CopyrightInformation>` is left out. Titles and sections keep the text of inline markup
(`<i>`, `<sup>`). No DTD is fetched or loaded; numeric character references are decoded once.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator

from kg.model import Document

from .build import document
from .xmlfile import read_xml, text_of
from .report import Reject
from .source import Source
from .text import doi, plain
from .xmlstream import LINE_LIMIT

ARTICLES = frozenset({"PubmedArticle", "PubmedBookArticle"})


def abstract_text(abstract: ET.Element | None) -> str:
    """The sections of an `<Abstract>` joined in order, labelled ones as "LABEL: text"."""
    if abstract is None:
        return ""
    parts = []
    for section in abstract.findall("AbstractText"):
        text = " ".join(text_of(section).split())
        if not text:
            continue
        label = plain(section.get("Label"))
        parts.append(f"{label}: {text}" if label else text)
    return " ".join(parts)


def _year(article: ET.Element) -> str | None:
    pub_date = article.find("Journal/JournalIssue/PubDate")
    if pub_date is not None:
        year = pub_date.findtext("Year") or pub_date.findtext("MedlineDate")
        if year:
            return year
    return article.findtext("ArticleDate/Year")


def _authors(article: ET.Element) -> list[str]:
    names = []
    for author in article.findall("AuthorList/Author"):
        name = plain(author.findtext("CollectiveName")) or plain(" ".join(
            p for p in (author.findtext("ForeName") or author.findtext("Initials"),
                        author.findtext("LastName"), author.findtext("Suffix")) if p))
        if name:
            names.append(name)
    return names


def _doi(entry: ET.Element, article: ET.Element) -> str | None:
    for elem in [*entry.iterfind("PubmedData/ArticleIdList/ArticleId"),
                 *article.iterfind("ArticleIdList/ArticleId")]:
        if elem.get("IdType") == "doi":
            return doi(elem.text)
    for elem in article.iterfind("ELocationID"):
        if elem.get("EIdType") == "doi":
            return doi(elem.text)
    return None


def book_document(entry: ET.Element, where: str) -> Document:
    """The Document of one `<PubmedBookArticle>`."""
    book = entry.find("BookDocument")
    if book is None:
        book = ET.Element("BookDocument")
    pmid = plain(book.findtext("PMID"))
    title = text_of(book.find("ArticleTitle")) or text_of(book.find("Book/BookTitle"))
    return document(
        id=pmid, title=title, abstract=abstract_text(book.find("Abstract")), source=where,
        year=book.findtext("Book/PubDate/Year"), authors=_authors(book),
        venue=text_of(book.find("Book/BookTitle")) or None, doi=_doi(entry, book),
        url=f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/" if pmid else None,
    )


def article_document(entry: ET.Element, where: str) -> Document:
    """The Document of one `<PubmedArticle>` (or `<PubmedBookArticle>`)."""
    if entry.tag == "PubmedBookArticle":
        return book_document(entry, where)
    citation = entry.find("MedlineCitation")
    pmid = plain(citation.findtext("PMID")) if citation is not None else None
    article = citation.find("Article") if citation is not None else None
    if article is None:
        article = ET.Element("Article")
    return document(
        id=pmid, title=text_of(article.find("ArticleTitle")),
        abstract=abstract_text(article.find("Abstract")), source=where, year=_year(article),
        authors=_authors(article), venue=article.findtext("Journal/Title"), doi=_doi(entry, article),
        url=f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/" if pmid else None,
    )


def read(src: Source, fields: object = None) -> Iterator[Document | Reject]:
    """Documents from the articles of a PubMed XML file (gzip or not)."""
    return read_xml(src.name, src.lines(LINE_LIMIT), ARTICLES, article_document)
