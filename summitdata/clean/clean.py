"""Cleaning: raw page bytes -> article text and metadata, or a reject with its reason."""

from __future__ import annotations

import copy
import re
import threading
import unicodedata
from concurrent.futures import Future
from dataclasses import asdict, dataclass, field
from functools import cache

import lxml.html
import trafilatura
from py3langid.langid import LanguageIdentifier
from trafilatura.utils import load_html

from summitdata.clean.language_model import load_identifier
from summitdata.clean.minhash import minhash_signature
from summitdata.clean.page_meta import extract_meta
from summitdata.ingest.fetch.charset import decode_page

MIN_WORDS = 60
SHORT_STORY_SHARE = 0.5  # a text of MIN_WORDS+ words, this share in running text, is a story (a news brief)
MIN_LANGUAGE_CHARS = 200  # below this, trust the identifier only when it is confident
LANGUAGE_CONFIDENCE = 0.9
LANGUAGE_SAMPLE_CHARS = 2000
MIN_BODY_PARAGRAPHS = 2  # paragraphs of at least BODY_PARAGRAPH_WORDS words
BODY_PARAGRAPH_WORDS = 20
LONG_TEXT_WORDS = 200  # a story this long counts even when its paragraphs were run together
FULL_RETRY_SHARE = 0.5  # the fast extraction kept less than this share of the page's paragraph words: retry in full
BLOCK_TAGS = {"p", "div", "td", "th", "li", "blockquote", "h1", "h2", "h3", "h4", "pre", "section", "article", "font"}
NOT_TEXT = ("script", "style", "noscript", "template")
AS_WRITTEN = ("pre", "textarea", "script", "style")  # where a line break in the source is one
SOURCE_LINE_BREAK = re.compile(r"[ \t\r\f]*\n\s*")
CAPTIONS = ["//figcaption"]
# og:type "blog" is what several blog engines declare on each post
ARTICLE_PAGETYPES = {"article", "newsarticle", "reportagenewsarticle", "blogposting", "analysisnewsarticle", "blog"}

# Lines that extraction keeps but that are not part of the story.
BOILERPLATE = re.compile(
    r"""^\s*(?:
        (?:read|see|watch|listen)\s+(?:more|also)\b.*        # READ MORE: ..., See also ...
      | (?:also\s+read|related(?:\s+(?:stories|articles|coverage|news))?|recommended|more\s+on\s+this\s+story
         |most\s+(?:read|popular)|trending|editor'?s\s+picks?)\s*[:：\-–—|].*
      | (?:share|share\s+this(?:\s+(?:article|story))?|copy\s+link|click\s+to\s+share|follow\s+us\s+on)\b.{0,80}
      | (?:sign\s+up|subscribe)\b.{0,160}(?:newsletter|inbox|email|updates).*
      | (?:photo|image|picture|video|file\s+photo)\s*(?:credit)?\s*[:：].{0,200}
      | (?:photo|image|picture)s?\s+(?:by|courtesy\s+of)(?:\s+\S+){1,6}             # a credit, not a sentence
      | \(?(?:additional\s+)?(?:reporting|writing|editing)\s+by\b.{0,300}
      | (?:©|\(c\)|copyright\b).{0,200}
      | advertisement
    )\s*$""",
    re.IGNORECASE | re.VERBOSE,
)
HTML_START = re.compile(rb"<(?:!doctype|html|head|body|meta|title|link|style|script|div|p|br|b|a|span|table|article)\b",
                        re.IGNORECASE)
SNIFF_BYTES = 65536  # pages can open with pages of server warnings (<br /><b>Deprecated</b>: ...)
AUTHOR_NOISE = re.compile(r"^(?:by\s+|written\s+by\s+|view\s+all\s+posts\s+by\s+)", re.IGNORECASE)


@dataclass
class CleanResult:
    """The outcome of cleaning one page: an article (reject_reason None) or a reject."""

    status: str  # article | rejected
    reject_reason: str | None = None  # empty | other_language | not_article | extraction_error
    reject_detail: str | None = None
    title: str | None = None
    author: str | None = None
    published: str | None = None
    site_name: str | None = None
    language: str | None = None
    canonical_url: str | None = None
    page_type: str | None = None
    text: str = ""
    n_words: int = 0
    n_paragraphs: int = 0
    removed_lines: int = 0
    minhash: list[int] = field(default_factory=list)

    def to_row(self) -> dict:
        return asdict(self)


def strip_boilerplate(text: str) -> tuple[list[str], int]:
    """Split into paragraphs (one a line) and drop promo, share, credit and caption lines."""
    kept, removed = [], 0
    for line in text.splitlines():
        line = unicodedata.normalize("NFC", line).strip()
        if not line:
            continue
        if BOILERPLATE.match(line):
            removed += 1
            continue
        kept.append(line)
    return kept, removed


def clean_author(raw: str | None, site_name: str | None) -> str | None:
    """Drop bylines' 'By', site names, e-mail addresses and URLs; keep person names."""
    if not raw:
        return None
    names = []
    for part in re.split(r"\s*(?:;|\||,?\s+and\s+|&)\s*", raw):
        part = AUTHOR_NOISE.sub("", part).strip(" ,.")
        if not part or "@" in part or "/" in part or (site_name and part.lower() == site_name.lower()):
            continue
        if not any(ch.isalpha() for ch in part) or len(part.split()) > 5:
            continue
        if part not in names:
            names.append(part)
    return "; ".join(names) or None


@cache
def _language_identifier() -> Future[LanguageIdentifier]:
    """The language model, loading in a thread (0.1 s from its cache, 0.8 s the first time, mostly
    LZMA decompression that releases the GIL), so other work goes on meanwhile. A daemon thread:
    a process that ends without cleaning does not wait for it."""
    future: Future[LanguageIdentifier] = Future()

    def load() -> None:
        try:
            future.set_result(load_identifier())
        except BaseException as exc:
            future.set_exception(exc)

    threading.Thread(target=load, name="language-model", daemon=True).start()
    return future


def load_language_model() -> None:
    """Start loading the language identifier's model, if not yet started (see `_language_identifier`)."""
    _language_identifier()


def detect_language(text: str) -> tuple[str, float]:
    """ISO 639-1 code of the text's language and the identifier's probability for it."""
    language, probability = _language_identifier().result().classify(text[:LANGUAGE_SAMPLE_CHARS])
    return language, float(probability)


def _trafilatura(tree: lxml.html.HtmlElement, fast: bool, captions: bool = False) -> str:
    """trafilatura's main text of the page ("" when it finds none); figure captions pruned unless
    `captions`. trafilatura works on its own copy of the tree."""
    doc = trafilatura.bare_extraction(
        tree, include_comments=False, fast=fast, deduplicate=False, prune_xpath=None if captions else CAPTIONS
    )
    return (doc.text or "") if doc is not None else ""


def _pieces(line: str) -> list[str]:
    """A paragraph, or the cells of a table row (trafilatura writes rows as `| cell | cell |`)."""
    return [" ".join(cell.split()) for cell in line.strip().strip("|").split("|")] if line.startswith("|") else [line]


def _unfold_layout_rows(text: str) -> str:
    """A table row with running text in a cell (a story laid out in a table) as one line a cell;
    rows of short cells (a data table) stay rows."""
    lines = []
    for line in text.splitlines():
        cells = _pieces(line)
        if line.startswith("|") and any(len(cell.split()) >= BODY_PARAGRAPH_WORDS for cell in cells):
            lines += [cell for cell in cells if cell]
        else:
            lines.append(line)
    return "\n".join(lines)


def _running_lengths(lines: list[str]) -> list[int]:
    """Word counts of the paragraphs of running text (at least BODY_PARAGRAPH_WORDS words); in a table
    row, of its cells that are (a story laid out in a table)."""
    return [n for line in lines for piece in _pieces(line) if (n := len(piece.split())) >= BODY_PARAGRAPH_WORDS]


def _is_story(lines: list[str]) -> bool:
    """Whether paragraphs read as a story: MIN_WORDS+ words, and two body paragraphs, or LONG_TEXT_WORDS+
    words, or most of the words in running text (a news brief of one paragraph)."""
    n_words, running = sum(len(line.split()) for line in lines), _running_lengths(lines)
    return n_words >= MIN_WORDS and (
        len(running) >= MIN_BODY_PARAGRAPHS or n_words >= LONG_TEXT_WORDS or sum(running) >= SHORT_STORY_SHARE * n_words
    )


def _running_words(text: str) -> int:
    """Words in the text's paragraphs of running text (boilerplate lines left out)."""
    return sum(_running_lengths(strip_boilerplate(text)[0]))


def _richness(text: str) -> tuple[int, int]:
    """How much story a candidate text holds: running words, then all words."""
    return _running_words(text), len(text.split())


def _words(tree: lxml.html.HtmlElement, tag: str) -> int:
    """Words in the page's elements of one tag (<p>: the running text it holds)."""
    return sum(len(element.text_content().split()) for element in tree.iter(tag))


def _unwrap_source_lines(tree: lxml.html.HtmlElement) -> None:
    """Make line breaks in the source text spaces, as browsers show them (except in <pre> and the like),
    so that a hard-wrapped paragraph is not cut into lines by extraction."""
    as_written = {id(e) for top in tree.iter(*AS_WRITTEN) for e in top.iter()}
    for node in tree.iter():
        if isinstance(node.tag, str) and id(node) not in as_written and node.text and "\n" in node.text:
            node.text = SOURCE_LINE_BREAK.sub(" ", node.text)
        parent = node.getparent()  # a tail is part of its parent's text
        if node.tail and "\n" in node.tail and (parent is None or id(parent) not in as_written):
            node.tail = SOURCE_LINE_BREAK.sub(" ", node.tail)


def _text_blocks(tree: lxml.html.HtmlElement) -> str:
    """The text of the page's innermost block elements, one a line (scripts and styles left out)."""
    tree = copy.deepcopy(tree)
    for element in list(tree.iter(*NOT_TEXT)):
        element.drop_tree()
    blocks = [
        " ".join(element.text_content().split())
        for element in tree.iter(*BLOCK_TAGS)
        if not any(True for _ in element.iterdescendants(*BLOCK_TAGS))
    ]
    return "\n".join(block for block in blocks if block)


def _falls_short(text: str, paragraph_words: int) -> bool:
    """Whether a candidate is not a story, or holds less running text than FULL_RETRY_SHARE of the page's <p> words."""
    lines = strip_boilerplate(text)[0]
    return not _is_story(lines) or sum(_running_lengths(lines)) < FULL_RETRY_SHARE * paragraph_words


def _extract_html(page: str) -> CleanResult:
    """Main text and metadata (`page_meta`) of the decoded page.

    trafilatura's fast extraction first (no readability/justext fallback: faster, and as accurate on
    real news, see README). When it falls short (`_falls_short`), the full extraction too (which also
    reads a JSON-LD `articleBody` when the markup hides the story, as behind paywalls); when the figure
    captions hold more words than the text's running text (a gallery, a story told in captions), the
    full one with captions kept too. When none is a story (tag soup that trafilatura finds no main
    text in), the page's text blocks too. The richest candidate (`_richness`) is kept, the earlier on
    a tie.
    """
    tree = load_html(page)
    if tree is None:
        return CleanResult("rejected", "empty", "no main text found")
    _unwrap_source_lines(tree)
    meta = extract_meta(tree)
    paragraph_words = _words(tree, "p")
    text = _trafilatura(tree, fast=True)
    if _falls_short(text, paragraph_words):
        text = max(text, _trafilatura(tree, fast=False), key=_richness)
    if _words(tree, "figcaption") > _running_words(text):
        text = max(text, _trafilatura(tree, fast=False, captions=True), key=_richness)
    if not _is_story(strip_boilerplate(text)[0]):
        text = max(text, _text_blocks(tree), key=_richness)
    if not text.strip():
        return CleanResult("rejected", "empty", "no main text found")
    return CleanResult(
        "article",
        title=meta.title,
        author=clean_author(meta.author, meta.site_name),
        published=meta.published,
        site_name=meta.site_name,
        canonical_url=meta.canonical_url,
        page_type=meta.page_type,
        text=_unfold_layout_rows(text),
    )


def looks_like_html(data: bytes) -> bool:
    """Whether the bytes are markup (sniffed, so cleaning depends on the content alone)."""
    return HTML_START.search(data[:SNIFF_BYTES]) is not None


def clean_page(data: bytes, charset: str | None = None) -> CleanResult:
    """Clean one page, decoded once with the `charset` found at fetch time (see `decode_page`).
    Never raises: an unusable page comes back as a reject with its reason."""
    try:
        page = decode_page(data, charset)
        result = _extract_html(page) if looks_like_html(data) else CleanResult("article", text=page)
    except Exception as exc:
        return CleanResult("rejected", "extraction_error", f"{type(exc).__name__}: {exc}"[:500])
    if result.status == "rejected":
        return result
    paragraphs, result.removed_lines = strip_boilerplate(result.text)
    if paragraphs and result.title and _same_words(paragraphs[0], result.title):
        paragraphs, result.removed_lines = paragraphs[1:], result.removed_lines + 1  # headline repeated in body
    result.text = "\n".join(paragraphs)
    result.n_paragraphs = len(paragraphs)
    result.n_words = len(result.text.split())
    if result.n_words == 0:
        return _reject(result, "empty", "no text after cleaning")
    result.language, probability = detect_language(result.text)
    if result.language != "en" and (probability >= LANGUAGE_CONFIDENCE or len(result.text) >= MIN_LANGUAGE_CHARS):
        return _reject(result, "other_language", f"language {result.language}")
    running = _running_lengths(paragraphs)
    substantial = sum(running) >= LONG_TEXT_WORDS
    if result.page_type and result.page_type.lower() not in ARTICLE_PAGETYPES and not substantial:
        return _reject(result, "not_article", f"page type {result.page_type}")  # the type alone never rejects a story
    if not _is_story(paragraphs):
        return _reject(result, "not_article", f"{result.n_words} words, {len(running)} body paragraphs")
    result.minhash = minhash_signature(result.text)
    return result


def _same_words(a: str, b: str) -> bool:
    return re.findall(r"\w+", a.lower()) == re.findall(r"\w+", b.lower())


def _reject(result: CleanResult, reason: str, detail: str) -> CleanResult:
    result.status, result.reject_reason, result.reject_detail = "rejected", reason, detail
    return result
