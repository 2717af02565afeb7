from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import pytest
from conftest import REPO, write_files

from searcher.enrich.dates import date_from_filename, date_from_text, date_from_url, parse_date
from searcher.errors import CorpusError, UsageError
from searcher.readers import ReadOptions, find_files, read_file
from searcher.readers.fields import parse_field_overrides
from searcher.records import Article, Skipped

SEED_IZYUM = REPO / "corpus" / "000_ef368cae0ffc7abe.txt"
SEED_AVDIIVKA = REPO / "corpus" / "004_69dd6a1187611ae5.txt"
CHROME = (
    "Loading video",
    "02:19",
    "Buy video",
    "Content Partner",
    "Uploaded by",
    "Categories",
    "From the blog",
    "Stories not Stock",
    "View post",
    "Want a quick and expert briefing",
)


def read(path: Path, options: ReadOptions = ReadOptions()) -> list[Article | Skipped]:
    data = path.read_bytes()
    return list(read_file(path, data, hashlib.sha256(data).hexdigest(), options))


def read_one(path: Path, options: ReadOptions = ReadOptions()) -> Article:
    (record,) = read(path, options)
    assert isinstance(record, Article), record
    return record


# Plain text: the seeds as received, with their page chrome


def test_seed_izyum_title_and_body_without_chrome():
    article = read_one(SEED_IZYUM)
    assert article.title == (
        "Ukrainian fighters liberating Izyum show vast quantities of military equipment abandoned by fleeing Russians"
    )
    assert article.body.startswith("This footage shows the vast quantities")
    assert article.body.endswith("continuing to loot the territories they occupy as they withdraw.")
    for chrome in CHROME:
        assert chrome not in article.body and chrome not in article.title


def test_seed_avdiivka_title_has_glued_chrome_cut_off():
    article = read_one(SEED_AVDIIVKA)
    assert article.title == "Dramatic bodycam of Ukrainian soldiers escaping Avdiivka as Russian troops takeover city"
    assert article.body.startswith("The moments Ukrainian soldiers flee")
    assert article.body.endswith("which President Joe Biden has been lobbying for.")
    for chrome in CHROME:
        assert chrome not in article.body


def test_provenance_of_a_text_file():
    article = read_one(SEED_IZYUM)
    assert article.source == str(SEED_IZYUM)
    assert article.key == ""
    assert article.sha256 == hashlib.sha256(SEED_IZYUM.read_bytes()).hexdigest()
    assert len(article.id) == 12


def test_seeds_dates_from_text_and_outlet_from_credit_line():
    izyum, avdiivka = read_one(SEED_IZYUM), read_one(SEED_AVDIIVKA)
    # "Tuesday, September 13" and "Wednesday, September 14" pin 2022; the latest is the bound.
    assert (izyum.date, izyum.date_source) == ("2022-09-14", "text")
    # "Saturday, February 24" pins 2024.
    assert (avdiivka.date, avdiivka.date_source) == ("2024-02-24", "text")
    # Page chrome is not the article, but it names the outlet: "Uploaded by a Newsflare content
    # partner"; ITV News' podcast promo ("... What You Need To Know").
    assert (izyum.outlet, izyum.outlet_source) == ("Newsflare", "inferred")
    assert (avdiivka.outlet, avdiivka.outlet_source) == ("ITV News", "inferred")


def test_front_matter_gives_metadata(corpus_dir):
    write_files(
        corpus_dir,
        {
            "a.md": (
                "---\ntitle: Shelling in Kharkiv\ndate: 2022-09-14\noutlet: Kyiv Independent\n"
                "url: https://kyivindependent.com/a\nauthor: A. Writer\nplaces: [Kharkiv, Izium]\nlanguage: en\n"
                "topic: shelling\n---\n# Not the title\n\nBody text here.\n"
            )
        },
    )
    article = read_one(corpus_dir / "a.md")
    assert (article.title, article.date, article.date_source) == ("Shelling in Kharkiv", "2022-09-14", "meta")
    assert (article.outlet, article.outlet_source) == ("Kyiv Independent", "meta")
    assert article.url == "https://kyivindependent.com/a"
    assert [(p.name, p.region, p.source) for p in article.places] == [
        ("Kharkiv", "Kharkiv Oblast", "meta"),
        ("Izium", "Kharkiv Oblast", "meta"),
    ]
    assert article.author == "A. Writer" and article.language == "en"
    assert article.body == "Not the title\n\nBody text here."
    assert dict(article.extra) == {"topic": "shelling"}


def test_broken_front_matter_is_skipped_with_reason(corpus_dir):
    write_files(corpus_dir, {"bad.md": "---\ntitle: [unclosed\n---\nBody\n"})
    (skipped,) = read(corpus_dir / "bad.md")
    assert isinstance(skipped, Skipped) and "front matter is not valid YAML" in skipped.reason


def test_markdown_heading_is_the_title(corpus_dir):
    write_files(corpus_dir, {"m.md": "## Drone strike on Odesa port\n\nThe port was hit overnight.\n"})
    article = read_one(corpus_dir / "m.md")
    assert article.title == "Drone strike on Odesa port"
    assert article.body == "The port was hit overnight."


def test_filename_date_and_default_outlet(corpus_dir):
    write_files(corpus_dir, {"isw_2022-09-14_report.txt": "Assessment of the day\nText.\n"})
    article = read_one(corpus_dir / "isw_2022-09-14_report.txt", ReadOptions(outlet="ISW"))
    assert (article.date, article.date_source) == ("2022-09-14", "filename")
    assert (article.outlet, article.outlet_source) == ("ISW", "option")


# Encodings


def test_cp1251_cyrillic_is_detected(corpus_dir):
    text = (
        "Обстріл Харкова\nУ неділю російські війська обстріляли Харків. Загинули троє людей, "
        "ще дванадцятеро поранені. Пошкоджено житлові будинки та школу.\n"
    )
    write_files(corpus_dir, {"uk.txt": text.encode("cp1251")})
    article = read_one(corpus_dir / "uk.txt")
    assert article.title == "Обстріл Харкова"
    assert "обстріляли Харків" in article.body


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16"])
def test_utf8_bom_and_utf16(corpus_dir, encoding):
    write_files(corpus_dir, {"b.txt": "Headline with a BOM first\nКиїв body.\n".encode(encoding)})
    article = read_one(corpus_dir / "b.txt")
    assert article.title == "Headline with a BOM first"
    assert article.body == "Київ body."


def test_binary_file_is_skipped(corpus_dir):
    write_files(corpus_dir, {"junk.txt": bytes(range(256)) * 10})
    (skipped,) = read(corpus_dir / "junk.txt")
    assert isinstance(skipped, Skipped) and "binary" in skipped.reason


def test_empty_file_is_skipped(corpus_dir):
    write_files(corpus_dir, {"empty.txt": ""})
    (skipped,) = read(corpus_dir / "empty.txt")
    assert isinstance(skipped, Skipped) and "no text" in skipped.reason


# CSV and JSON


def test_csv_columns_detected_and_rows_keyed(corpus_dir):
    write_files(
        corpus_dir,
        {
            "d.csv": (
                "published,headlines,articles,source,link,location,labels\n"
                '2022/06/23,"Kyiv, again","Body one, with comma.",reuters,https://x.org/1,Kyiv,1\n'
                "\n"
                "2022/06/24,Second,Body two.,,javascript:alert(1),,0\n"
            )
        },
    )
    first, second = read(corpus_dir / "d.csv")
    assert (first.title, first.body, first.date, first.outlet) == (
        "Kyiv, again",
        "Body one, with comma.",
        "2022-06-23",
        "Reuters",
    )
    assert (first.url, [p.name for p in first.places], first.key) == ("https://x.org/1", ["Kyiv"], "row 1")
    assert dict(first.extra) == {"labels": "1"}
    assert second.key == "row 2" and second.outlet is None
    assert second.url is None and dict(second.extra)["url"] == "javascript:alert(1)"  # never a link
    assert first.id != second.id


def test_csv_field_override_and_missing_column(corpus_dir):
    write_files(corpus_dir, {"d.csv": "Heading,story_text,day\nT,Body,14/09/2022\n"})
    options = ReadOptions(fields=parse_field_overrides(["body=story_text", "date=day"]))
    (article,) = read(corpus_dir / "d.csv", options)
    assert (article.title, article.body, article.date) == ("T", "Body", "2022-09-14")
    (skipped,) = read(corpus_dir / "d.csv", ReadOptions(fields={"body": "nope"}))
    assert isinstance(skipped, Skipped) and "no column named nope" in skipped.reason


def test_csv_without_text_column_is_skipped(corpus_dir):
    write_files(corpus_dir, {"n.csv": "a,b\n1,2\n"})
    (skipped,) = read(corpus_dir / "n.csv")
    assert "no text column" in skipped.reason and "--field body=COLUMN" in skipped.reason


def test_unknown_field_override_is_a_usage_error():
    with pytest.raises(UsageError):
        parse_field_overrides(["colour=x"])
    with pytest.raises(UsageError):
        parse_field_overrides(["title"])


def test_day_first_inferred_per_column(corpus_dir):
    write_files(corpus_dir, {"d.csv": "title,text,date\nA,x,04/05/2017\nB,y,25/05/2017\n"})
    a, b = read(corpus_dir / "d.csv")
    assert (a.date, b.date) == ("2017-05-04", "2017-05-25")
    write_files(corpus_dir, {"d.csv": "title,text,date\nA,x,04/05/2017\nB,y,5/25/2017\n"})
    a, b = read(corpus_dir / "d.csv")
    assert (a.date, b.date) == ("2017-04-05", "2017-05-25")


def test_jsonl_bad_line_is_skipped_rest_kept(corpus_dir):
    lines = [
        json.dumps({"headline": "One", "content": "First body"}),
        "{not json",
        "",
        json.dumps({"title": "Two", "text": "Second", "publisher": {"name": "AP"}}),
    ]
    write_files(corpus_dir, {"x.jsonl": "\n".join(lines) + "\n"})
    one, bad, two = read(corpus_dir / "x.jsonl")
    assert (one.title, one.body, one.key) == ("One", "First body", "line 1")
    assert isinstance(bad, Skipped) and bad.key == "line 2" and "invalid JSON" in bad.reason
    assert (two.title, two.outlet, two.key) == ("Two", "Associated Press", "line 4")


@pytest.mark.parametrize(
    "document",
    [
        [{"title": "A", "body": "x"}, {"title": "B", "body": "y"}],
        {"articles": [{"title": "A", "body": "x"}, {"title": "B", "body": "y"}], "count": 2},
    ],
)
def test_json_list_or_wrapped_list(corpus_dir, document):
    write_files(corpus_dir, {"x.json": json.dumps(document)})
    assert [(a.title, a.key) for a in read(corpus_dir / "x.json")] == [("A", "item 1"), ("B", "item 2")]


def test_json_non_object_item_is_skipped(corpus_dir):
    write_files(corpus_dir, {"x.json": json.dumps([{"title": "A", "body": "x"}, 5])})
    good, bad = read(corpus_dir / "x.json")
    assert good.title == "A" and isinstance(bad, Skipped) and bad.key == "item 2"


def test_invalid_json_is_skipped(corpus_dir):
    write_files(corpus_dir, {"x.json": '{"title": '})
    (skipped,) = read(corpus_dir / "x.json")
    assert "invalid JSON" in skipped.reason


# HTML

PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Missile strike on Kharkiv | Example News</title>
<meta property="og:site_name" content="Example News">
<meta property="og:title" content="Example News">
<meta property="og:url" content="https://example.org/2022/09/14/missile-strike">
<meta property="article:published_time" content="2022-09-14T08:00:00+00:00">
</head><body><nav>Home | World | Sport</nav>
<article><h1>Missile strike on Kharkiv</h1>
<p>A missile struck an apartment block in Kharkiv on Wednesday morning, regional officials said.</p>
<p>Rescuers worked through the day to free people trapped under the rubble of the building.</p>
<p>The strike was the third on the city this week, according to the regional governor.</p>
</article><footer>Copyright Example News. Cookie policy.</footer></body></html>"""


def test_html_page_metadata_and_main_text(corpus_dir):
    write_files(corpus_dir, {"page.html": PAGE})
    article = read_one(corpus_dir / "page.html")
    assert article.title == "Missile strike on Kharkiv"  # og:title is the site name: <title> minus suffix
    assert (article.outlet, article.outlet_source) == ("Example News", "html")
    assert (article.date, article.date_source) == ("2022-09-14", "html")
    assert article.url == "https://example.org/2022/09/14/missile-strike"
    assert "apartment block in Kharkiv" in article.body
    assert "Cookie policy" not in article.body and "Home | World" not in article.body
    assert article.language == "en"


def test_html_without_text_is_skipped(corpus_dir):
    write_files(corpus_dir, {"empty.html": "<html><head><title>Nothing</title></head><body></body></html>"})
    (skipped,) = read(corpus_dir / "empty.html")
    assert isinstance(skipped, Skipped)


# Finding files


def test_find_files_walks_folders_skips_hidden_and_counts_other_types(corpus_dir):
    write_files(
        corpus_dir,
        {
            "a.txt": "x",
            "sub/b.csv": "x",
            ".hidden/c.txt": "x",
            ".d.txt": "x",
            "img.png": b"\x89PNG",
            "sub/style.css": "x",
        },
    )
    files, others = find_files([corpus_dir])
    assert [p.relative_to(corpus_dir).as_posix() for p in files] == ["a.txt", "sub/b.csv"]
    assert sorted(p.name for p in others) == ["img.png", "style.css"]


def test_missing_path_is_an_error(tmp_path):
    with pytest.raises(CorpusError, match="no such file or folder"):
        find_files([tmp_path / "nope"])


def test_explicit_file_of_unknown_type_is_reported(corpus_dir):
    write_files(corpus_dir, {"notes.docx": b"PK\x03\x04"})
    (skipped,) = read(corpus_dir / "notes.docx")
    assert "unsupported file type '.docx'" in skipped.reason


# Dates in metadata


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2022-08-01T16:23:25Z", "2022-08-01"),
        ("2022/06/23", "2022-06-23"),
        ("4/5/2017", "2017-04-05"),
        ("25/12/2016", "2016-12-25"),
        ("Wed 05 Apr 2017", "2017-04-05"),
        ("September 13, 2022", "2022-09-13"),
        ("Mon, 01 Aug 2022 16:23:25 GMT", "2022-08-01"),
        ("20220914", "2022-09-14"),
        ("2022-02-30", None),
        ("soon", None),
        ("", None),
    ],
)
def test_parse_date(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Wed 05 Apr 2017 Syria attack symptoms", "2017-04-05"),  # a dateline
        ("KYIV, September 14, 2022 (Reuters) - Troops advanced.", "2022-09-14"),
        ("On Tuesday, September 13 troops entered Izyum.", "2022-09-13"),  # the weekday pins the year
        ("In 2016, on Tuesday, September 13 the truce began.", "2016-09-13"),  # nearest to the years named
        ("It began on September 3, 2019 and ended on 5 October 2021.", "2021-10-05"),  # the latest reported
        ("Report, September 15\nSeptember 15, 9:30 pm ET\nSee https://x.org/news/2022/09/14/a.", "2022-09-15"),
        ("Report, January 2\nJanuary 2, 9 pm ET\nSee https://x.org/2022/12/30/a.", "2023-01-02"),
        ("Troops advanced on Monday near Bakhmut.", None),  # no evidence: no date
        ("The vote is on March 31, 2099.", None),  # never in the future
    ],
)
def test_date_from_text(text, expected):
    assert date_from_text(text, today=dt.date(2026, 11, 22)) == expected


def test_dates_from_names_and_urls():
    assert date_from_filename("2022-09-14.html") == "2022-09-14"
    assert date_from_filename("000_ef368cae0ffc7abe.txt") is None
    assert date_from_filename("2022-13-01.txt") is None
    assert date_from_url("https://www.reuters.com/world/us-backs-zone-2022-08-11/") == "2022-08-11"
    assert date_from_url("https://example.org/2022/09/14/strike") == "2022-09-14"
    assert date_from_url("https://example.org/article/12345") is None
