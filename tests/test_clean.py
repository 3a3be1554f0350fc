from __future__ import annotations

import json
from pathlib import Path

import pytest
from lxml.html import HtmlElement
from trafilatura.utils import load_html

from summitdata.clean import clean
from summitdata.clean.clean import clean_author, clean_page, looks_like_html, strip_boilerplate
from summitdata.ingest.fetch.charset import detect_charset
from summitdata.ingest.rawstore import RawStore
from summitdata.steps.clean import clean_batch
from summitdata.store.parquet_io import read_parquet
from summitdata.store.stages import Batch
from tests.conftest import STORY, article_html, seed_article


def test_article_text_is_clean(story_html: str) -> None:
    result = clean_page(story_html.encode())
    assert result.status == "article", result.reject_detail
    assert result.title == "Leaders meet in Tokyo"
    assert result.published == "2023-03-16"
    assert result.author == "Jane Doe"
    assert result.canonical_url == "https://test-times.example/2023/03/16/leaders-meet"
    lines = result.text.split("\n")
    assert lines == STORY
    for leak in ("READ MORE", "Officials shake hands", "newsletter", "Related", "©", "Home"):
        assert leak not in result.text
    assert result.removed_lines >= 1
    assert len(result.minhash) == 128


@pytest.mark.parametrize(
    "line",
    [
        "READ MORE :“Azerbaijani President Meets Italian Prime Minister in Rome”",
        "Read more: Why the summit matters",
        "RELATED: Kishida to step down",
        "Share this article",
        "Sign up for our morning newsletter to get the news in your inbox",
        "Additional reporting by Jane Doe in Seoul and John Roe in Tokyo",
        "Photo: Yonhap",
        "Photo by Victor Moriyama/Getty Images",
        "© 2024 Example Media",
    ],
)
def test_boilerplate_lines_are_removed(line: str) -> None:
    kept, removed = strip_boilerplate(f"The leaders met on Friday.\n{line}\nThey agreed to talk again.")
    assert kept == ["The leaders met on Friday.", "They agreed to talk again."]
    assert removed == 1


def test_story_lines_that_start_like_promos_are_kept() -> None:
    text = ("Related talks will follow in May, officials said.\nSharing of missile data begins this year.\n"
            "Photos by the two governments' press offices showed the leaders shaking hands.")
    assert strip_boilerplate(text) == (text.split("\n"), 0)


def test_author_cleanup() -> None:
    assert clean_author("By Jane Doe and John Roe", "Test Times") == "Jane Doe; John Roe"
    assert clean_author("Test Times", "Test Times") is None
    assert clean_author("View all posts by Mary Major | desk@example.com", None) == "Mary Major"


def test_other_language_is_rejected() -> None:
    korean = ["한국과 일본 정상이 서울에서 만나 양국 관계 발전 방안을 논의했다. 두 정상은 출입국 절차 간소화와 "
              "제3국 위기 시 자국민 대피 협력에 합의했다고 대통령실이 밝혔다."] * 4
    result = clean_page(article_html("한일 정상회담", korean, "https://k.example/1").encode())
    assert (result.status, result.reject_reason) == ("rejected", "other_language")


def test_the_language_model_loads_as_py3langid_loads_it_and_then_from_its_cache(tmp_path, monkeypatch) -> None:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    from summitdata.clean import language_model

    monkeypatch.setenv(language_model.CACHE_ENV, str(tmp_path))
    theirs = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    texts = [" ".join(STORY), "한국과 일본 정상이 서울에서 만나 양국 관계 발전 방안을 논의했다.",
             "Les dirigeants se sont rencontrés à Tokyo pour parler de commerce.",
             "Die Staatschefs trafen sich in Berlin."]

    def same(ours: LanguageIdentifier) -> None:
        assert [ours.classify(t) for t in texts] == [theirs.classify(t) for t in texts]
        assert [ours.classify(t)[0] for t in texts] == ["en", "ko", "fr", "de"]
        assert ours.tk_nextmove == theirs.tk_nextmove and ours.tk_row == theirs.tk_row
        assert ours.tk_output == theirs.tk_output and ours.nb_classes == theirs.nb_classes

    same(language_model.load_identifier())  # decompressed, then written to the cache
    folder = language_model.cache_folder()
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{a}.npy" for a in language_model.ARRAYS)

    def no_decompressing(*_: object) -> None:
        raise AssertionError("decompressed again")

    with monkeypatch.context() as patched:
        patched.setattr(language_model.lzma, "decompress", no_decompressing)
        same(language_model.load_identifier())  # from the cache
    (folder / "ptc.npy").write_bytes(b"broken")
    same(language_model.load_identifier())  # a broken cache is written again
    assert language_model.load_identifier().nb_ptc.shape == theirs.nb_ptc.shape
    monkeypatch.setenv(language_model.CACHE_ENV, str(tmp_path / "file"))
    (tmp_path / "file").write_text("not a folder")
    same(language_model.load_identifier())  # a cache that cannot be written: decompressed each time
    assert not list(tmp_path.glob(".*tmp"))


def test_section_index_is_not_an_article() -> None:
    teasers = [f'<a href="/s/{i}">Summit story number {i}</a> 2 hours ago' for i in range(12)]
    result = clean_page(article_html("Diplomacy", teasers, "https://t.example/diplomacy").encode())
    assert (result.status, result.reject_reason) == ("rejected", "not_article")


def test_website_page_type_is_not_an_article(story_html: str) -> None:
    page = story_html.replace('content="article"', 'content="website"')
    assert clean_page(page.encode()).reject_reason == "not_article"


@pytest.mark.parametrize("data", [b"", b"\x00\xff\xfe garbage \x00", b"<html><body></body></html>", b"<p>"])
def test_broken_input_is_a_reject_not_a_crash(data: bytes) -> None:
    result = clean_page(data)
    assert result.status == "rejected"
    assert result.reject_reason in {"empty", "not_article", "extraction_error", "other_language"}


def test_broken_markup_still_yields_the_story() -> None:
    page = article_html("Leaders meet", STORY, "https://t.example/b").replace("</p>", "", 3).replace("</article>", "")
    page = page.replace("</body></html>", "<div><span>unclosed & stray</b>")
    result = clean_page(page.encode())
    assert result.status == "article"
    assert "shuttle diplomacy" in result.text


def test_plain_text_is_sniffed() -> None:
    assert looks_like_html(b"<!DOCTYPE html><html>")
    assert not looks_like_html(b"Seoul, South Korea - On Friday, the leaders met.")


def test_seed_article_is_one_clean_article() -> None:
    seed = seed_article("cleaning a real news page (boilerplate and related links removed)")
    result = clean_page(seed)
    assert result.status == "article"
    assert "READ MORE" not in result.text
    assert "Azerbaijani" not in result.text
    source_lines = [line for line in seed.decode().splitlines() if line.strip()]
    kept = result.text.split("\n")
    # every story paragraph survives unchanged; only the promo and the credit line go
    assert len(kept) == len(source_lines) - 2
    assert all(line.strip() in source_lines for line in kept)
    assert "Rob York, director for regional affairs" in result.text


def test_a_missing_seed_page_skips_saying_what_goes_unchecked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests import conftest

    monkeypatch.setattr(conftest, "SEED", tmp_path / "shared" / "seed" / "summit-article.txt")
    with pytest.raises(pytest.skip.Exception) as skipped:
        conftest.seed_article("cleaning a real news page")
    reason = str(skipped.value)
    assert reason.startswith("cleaning a real news page is not checked: it needs the real news page")
    assert str(tmp_path / "shared" / "seed") in reason and "not on this machine" in reason


ACCENTED = ["The Elysée said Macron’s talks with Scholz in Paris on Thursday covered “defence, energy and "
            "the café owners’ protests”, and both leaders promised a joint plan before the summer summit.",
            *STORY[1:]]
TITLE = "Macron’s Élysée talks"


def _accented_page(head: str = "", latin1: bool = False) -> str:
    page = article_html(TITLE, ACCENTED, "https://t.example/fr")
    page = page.replace('<html lang="en"><head>', f'<html lang="en"><head>{head}')
    return page.translate(str.maketrans("’“”—", "'\"\"-")) if latin1 else page


@pytest.mark.parametrize(
    ("data", "declared", "title"),
    [
        pytest.param(_accented_page().encode("cp1252"), "utf-8", TITLE, id="cp1252-served-as-utf-8"),
        pytest.param(_accented_page('<meta charset="iso-8859-1">', latin1=True).encode("latin-1"), None,
                     TITLE.replace("’", "'"), id="latin-1-declared-in-meta-only"),
        pytest.param(_accented_page().encode("utf-8"), None, TITLE, id="utf-8-undeclared"),
    ],
)
def test_pages_are_decoded_once_with_the_charset_found_at_fetch(data: bytes, declared: str | None, title: str) -> None:
    charset = detect_charset(data, declared)  # what fetching records
    for given in (charset, declared, None):  # a wrong or missing charset is detected again, never replaced
        result = clean_page(data, given)
        assert result.status == "article", result.reject_detail
        assert "\ufffd" not in result.title + result.text
        assert result.title == title
        assert "Elysée" in result.text and "café" in result.text


def test_a_french_page_is_other_language_with_its_title_decoded() -> None:
    french = ["Les marchés européens ont reculé jeudi après la rencontre entre les dirigeants, qui n’ont pas "
              "annoncé d’accord sur l’énergie ni sur les tarifs douaniers, selon les analystes interrogés."] * 4
    data = article_html("MARCHÉS : la séance du jeudi", french, "https://fr.example/m").encode("utf-8")
    result = clean_page(data, "utf-8")
    assert (result.reject_reason, result.title) == ("other_language", "MARCHÉS : la séance du jeudi")


def test_cleaning_batches_use_the_charset_recorded_at_fetch(tmp_path: Path) -> None:
    data = _accented_page().encode("cp1252")
    sha = RawStore(tmp_path / "raw").put(data)
    batch = Batch("b1", [sha], tmp_path / "b1.parquet", charsets={sha: "cp1252"})
    assert clean_batch(batch, tmp_path / "raw", "v1") == 1
    (row,) = read_parquet(batch.path).to_pylist()
    assert (row["status"], row["title"]) == ("article", TITLE)


LONG_STORY = STORY + [p.replace("Tokyo", "Seoul").replace("Kishida", "the prime minister") for p in STORY]


@pytest.mark.parametrize("paragraphs", [LONG_STORY, [" ".join(LONG_STORY)]], ids=["paragraphs", "one-block"])
def test_a_page_typed_as_video_with_the_full_story_is_an_article(paragraphs: list[str]) -> None:
    page = article_html("Leaders meet", paragraphs, "https://t.example/v").replace('content="article"',
                                                                                  'content="video.other"')
    result = clean_page(page.encode())
    assert result.status == "article", result.reject_detail
    assert result.page_type == "video.other" and result.n_words >= 200


def test_a_fast_extraction_that_keeps_too_little_is_redone_in_full(monkeypatch: pytest.MonkeyPatch) -> None:
    real = clean._trafilatura

    def first_paragraph_when_fast(tree: HtmlElement, fast: bool, captions: bool = False) -> str:
        text = real(tree, fast, captions)
        return text.split("\n")[0] if fast else text

    monkeypatch.setattr(clean, "_trafilatura", first_paragraph_when_fast)
    result = clean_page(article_html("Leaders meet", LONG_STORY, "https://t.example/f").encode())
    assert result.status == "article", result.reject_detail
    assert result.text.split("\n") == LONG_STORY


SOUP_HEAD = "<html><head><title>Leaders meet</title></head><body>"


@pytest.mark.parametrize(
    "soup",
    [  # tables never closed, scripts between paragraphs; an unclosed <aside> swallowing the story
        SOUP_HEAD + "<aside><table><tr><td><script>var a = 1;</script>"
        + "".join(f"<p>{p}<script>track()</script><table><tr><td>" for p in STORY) + "</body></html>",
        SOUP_HEAD + "<aside><script>var a = 1;</script>"
        + "".join(f"<p>{p}<script>track()</script>" for p in STORY) + "</body></html>",
    ],
    ids=["unclosed-tables", "unclosed-aside"],
)
def test_tag_soup_still_yields_its_paragraphs(soup: str) -> None:
    assert clean._trafilatura(load_html(soup), fast=True) == ""  # "no main text found"
    result = clean_page(soup.encode())
    assert result.status == "article", result.reject_detail
    assert result.text.split("\n") == STORY and "track()" not in result.text


def test_when_no_extraction_finds_the_story_the_text_blocks_are_taken() -> None:
    soup = SOUP_HEAD + "<aside>" + "".join(f"<p>{p}<script>track()</script>" for p in STORY) + "</body></html>"
    tree = load_html(soup)
    assert [clean._trafilatura(tree, fast, captions) for fast, captions in ((True, False), (False, False),
                                                                             (False, True))] == ["", "", ""]
    assert clean_page(soup.encode()).text.split("\n") == STORY


def test_a_news_brief_of_one_paragraph_is_an_article() -> None:
    brief = article_html("Leaders meet", [f"{STORY[0]} {STORY[1]}"], "https://t.example/brief")
    result = clean_page(brief.encode())
    assert result.status == "article", result.reject_detail
    assert result.n_paragraphs == 1 and clean.MIN_WORDS <= result.n_words < clean.LONG_TEXT_WORDS


def test_hard_wrapped_paragraphs_stay_whole() -> None:
    # as blog software writes them: line breaks in the source text, which a browser shows as spaces
    lines = (p.replace(", ", ", \n ") for p in STORY)
    wrapped = "".join(f'<div>\n<span style="font-size: small;"><span>{p}</span></span></div>\n' for p in lines)
    page = article_html("Leaders meet", [], "https://t.example/w").replace("</h1>", f"</h1>{wrapped}")
    assert not set(STORY) <= set(clean._trafilatura(load_html(page), fast=True).split("\n"))  # as trafilatura cuts it
    result = clean_page(page.encode())
    assert result.text.split("\n") == STORY


def test_a_story_laid_out_in_a_table_comes_out_as_paragraphs() -> None:
    rows = "".join(f'<tr><td class="story">{p}</td></tr>' for p in STORY)
    menu = "<nav><ul>" + "".join(f"<li><a href='/{d}'>{d} desk</a></li>" for d in ("Sports", "Markets")) + "</ul></nav>"
    links = "<a href='/'>Front page</a> | <a href='/w'>World</a>"
    page = f"{SOUP_HEAD}{menu}<table><tr><td>{links}</td></tr>{rows}</table></body></html>"
    result = clean_page(page.encode())
    assert result.status == "article", result.reject_detail
    assert [line for line in result.text.split("\n") if line in STORY] == STORY  # one paragraph a cell
    assert "desk" not in result.text  # trafilatura's text, not every block of the page


def test_a_page_that_opens_with_server_warnings_is_still_html() -> None:
    warning = "<br />\n<b>Deprecated</b>: Assigning the return value of new by reference is deprecated in <b>/www/wp" \
              "-settings.php</b> on line <b>520</b><br />\n"
    page = warning * 40 + article_html("Leaders meet", STORY, "https://t.example/warn")
    assert looks_like_html(page.encode())
    result = clean_page(page.encode())
    assert result.title == "Leaders meet" and result.text.split("\n") == STORY


def test_a_story_told_in_figure_captions_is_kept() -> None:
    captions = [p.replace("Tokyo", "Osaka") for p in LONG_STORY]
    figures = "".join(f"<figure><img src='/{i}.jpg'><figcaption>{p}</figcaption></figure>"
                      for i, p in enumerate(captions))
    page = article_html("Leaders meet", ["The summit in pictures."], "https://t.example/g").replace(
        "</article>", f"{figures}</article>")
    assert "Osaka" not in clean._trafilatura(load_html(page), fast=True)  # captions pruned
    result = clean_page(page.encode())
    assert result.status == "article", result.reject_detail
    assert all(p in " ".join(result.text.split()) for p in captions)


def test_a_json_ld_news_type_is_the_page_type_over_a_generic_og_type() -> None:
    declared = {"@context": "https://schema.org", "@type": ["NewsArticle"], "headline": "Leaders meet"}
    page = article_html("Leaders meet", STORY, "https://t.example/t").replace('content="article"', 'content="website"')
    page = page.replace("</head>", f'<script type="application/ld+json">{json.dumps(declared)}</script></head>')
    result = clean_page(page.encode())
    assert (result.status, result.page_type) == ("article", "NewsArticle")


def test_a_long_comment_section_does_not_leak_into_the_story() -> None:
    comments = "".join(f"<p>Reader comment number {i}: I have followed these summits for years and I think the "
                       "leaders are only posing for the cameras while nothing changes on the ground at all.</p>"
                       for i in range(12))
    page = article_html("Leaders meet", STORY, "https://t.example/c").replace(
        "</main>", f'</main><section class="comments">{comments}</section>')
    result = clean_page(page.encode())
    assert result.status == "article" and result.text.split("\n") == STORY


def test_a_bare_year_in_the_text_is_no_publication_date() -> None:
    from summitdata.clean.page_meta import extract_meta

    def meta(body: str):
        page = f"<html><head><title>Talks</title></head><body><article>{body}</article></body></html>"
        return extract_meta(load_html(page))

    assert meta("<p>The leaders first met at a summit in 2015 and spoke of the 2016 elections.</p>").published is None
    assert meta("<p>Posted 14 March 2019. The leaders met in 2015.</p>").published == "2019-03-14"
