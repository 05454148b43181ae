import datetime as dt
import io
import re
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
from django.core.management import call_command
from pypdf import PdfReader
from weasyprint import HTML

from portal import pdf
from tests.documents.helpers import get_built
from tests.factories import SpokespersonFactory

KAZAKH_LETTERS = "әғқңөұүһі"
PDF_TEMPLATES = Path(__file__).resolve().parents[2] / "templates" / "pdf"


def pdf_text(content: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def pdf_fonts(content: bytes) -> set[str]:
    fonts = set()
    for page in PdfReader(io.BytesIO(content)).pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    return fonts


@pytest.fixture
def recording_server():
    """A real HTTP server on loopback that records every request it receives."""
    requests = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            requests.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}", requests
    server.shutdown()


def render_string(html: str) -> bytes:
    return HTML(
        string=html, base_url=pdf.BASE_URL, url_fetcher=pdf.StaticOnlyURLFetcher()
    ).write_pdf()


def test_kazakh_letters_survive_in_the_shipped_font():
    spokesperson = SpokespersonFactory.build(
        surname_kk=KAZAKH_LETTERS.upper(), name_kk=KAZAKH_LETTERS, agency__name_kk="Әкімдік"
    )
    content = pdf.render_pdf(
        "pdf/spokesperson_directory.html",
        {"spokespersons": [spokesperson], "generated_on": dt.date(2026, 3, 20)},
        language="kk",
    )
    assert f"{KAZAKH_LETTERS.upper()} {KAZAKH_LETTERS}" in pdf_text(content)
    # Every glyph comes from the font the project ships, none from the machine's fallbacks.
    assert {font.split("+")[1] for font in pdf_fonts(content)} == {
        "Portal-Sans",
        "Portal-Sans-Bold",
    }


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        f"file://{pdf.__file__}",
        "data:text/plain;base64,cm9vdDp4OjA6MA==",
        "https://example.com/static/pdf/pdf.css",
        "http://portal.invalid/static/pdf/pdf.css",
    ],
)
def test_the_fetcher_refuses_files_data_and_other_hosts(url):
    """Asked directly: WeasyPrint's own fetcher would answer each of these."""
    with pytest.raises(pdf.RefusedURL):
        pdf.StaticOnlyURLFetcher().fetch(url)


def test_the_fetcher_never_calls_a_loopback_address(recording_server):
    address, requests = recording_server
    with pytest.raises(pdf.RefusedURL):
        pdf.StaticOnlyURLFetcher().fetch(f"{address}/static/pdf/pdf.css")
    assert requests == []


def test_the_fetcher_serves_the_stylesheet_under_its_base():
    response = pdf.StaticOnlyURLFetcher().fetch(f"{pdf.BASE_URL}static/pdf/pdf.css")
    assert response.headers["Content-Type"] == "text/css"
    assert b"@font-face" in response.read()


def test_network_addresses_in_content_are_never_fetched(recording_server):
    address, requests = recording_server
    render_string(
        f'<img src="{address}/tracker.png"><link rel="stylesheet" href="{address}/x.css">'
        f'<p style="background: url({address}/bg.png)">x</p>'
    )
    assert requests == []


def test_static_paths_outside_the_static_folders_are_refused():
    fetcher = pdf.StaticOnlyURLFetcher()
    for url in (
        f"{pdf.BASE_URL}static/../portal/settings.py",
        f"{pdf.BASE_URL}media/secret.txt",
        f"{pdf.BASE_URL}static/nope.css",
    ):
        with pytest.raises(pdf.RefusedURL):
            fetcher.fetch(url)


def test_the_fetcher_serves_the_shipped_font():
    response = pdf.StaticOnlyURLFetcher().fetch(f"{pdf.BASE_URL}static/fonts/DejaVuSans.ttf")
    assert response.read()[:4] == b"\x00\x01\x00\x00"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "title", "surname"),
    [
        ("kk", "Баспасөз хатшыларының анықтамалығы", "Әбенова"),
        ("ru", "Справочник пресс-секретарей", "Абенова"),
        ("en", "Directory of spokespersons", "Abenova"),
    ],
)
def test_directory_pdf_in_each_language(client, language, title, surname):
    SpokespersonFactory(surname_kk="Әбенова", surname_ru="Абенова", surname_en="Abenova")
    response = get_built(client, f"/{language}/directory/pdf/")  # built in Celery
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.getvalue())
    assert title in text
    assert surname in text


@pytest.mark.django_db
def test_directory_pdf_leaves_out_unpublished_entries(client):
    SpokespersonFactory(surname_en="Publishedova")
    SpokespersonFactory(surname_en="Hiddenova", confirmed_at=None)
    text = pdf_text(get_built(client, "/en/directory/pdf/").getvalue())
    assert "Publishedova" in text
    assert "Hiddenova" not in text


def test_production_pdfs_find_the_collected_hashed_static_files(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    call_command(
        "collectstatic",
        interactive=False,
        verbosity=0,
        ignore_patterns=[
            "admin",
            "rest_framework",
            "drf_spectacular_sidecar",
            "django_celery_beat",
        ],
    )
    content = pdf.render_pdf(
        "pdf/spokesperson_directory.html",
        {"spokespersons": [], "generated_on": dt.date(2026, 3, 20)},
        language="en",
    )
    assert {font.split("+")[1] for font in pdf_fonts(content)} == {
        "Portal-Sans",
        "Portal-Sans-Bold",
    }


def structure_types(content: bytes) -> list[str]:
    """The structure elements' types (/H1, /P, /Table…) of a tagged PDF, in document order."""
    types = []

    def walk(node):
        node = node.get_object()
        if isinstance(node, list):
            for child in node:
                walk(child)
        elif hasattr(node, "get"):
            if "/S" in node:
                types.append(str(node["/S"]))
            if "/K" in node:
                walk(node["/K"])

    walk(PdfReader(io.BytesIO(content)).trailer["/Root"]["/StructTreeRoot"])
    return types


@pytest.mark.parametrize("template", sorted(path.name for path in PDF_TEMPLATES.glob("[!_]*.html")))
def test_every_pdf_template_gives_its_title_and_language(template):
    """WeasyPrint writes the PDF's /Title from <title> and its /Lang from <html lang>."""
    source = (PDF_TEMPLATES / template).read_text()
    assert '<html lang="{{ LANGUAGE_CODE }}">' in source
    assert re.search(r"<title>\S.*</title>", source)


@pytest.mark.parametrize(
    ("language", "title"),
    [("kk", "Баспасөз хатшыларының анықтамалығы"), ("ru", "Справочник пресс-секретарей")],
)
def test_pdfs_are_tagged_with_their_title_and_language(language, title):
    content = pdf.render_pdf(
        "pdf/spokesperson_directory.html",
        {"spokespersons": [SpokespersonFactory.build()], "generated_on": dt.date(2026, 3, 20)},
        language=language,
    )
    reader = PdfReader(io.BytesIO(content))
    root = reader.trailer["/Root"]
    assert reader.metadata.title == title
    assert root["/Lang"] == language
    assert root["/ViewerPreferences"]["/DisplayDocTitle"]  # the title, not the file name
    assert root["/MarkInfo"]["/Marked"]
    types = structure_types(content)
    assert types[:2] == ["/Document", "/H1"]  # the heading first, as on the page
    assert {"/P", "/Table", "/TH", "/TD"} <= set(types)


def tagged_part(heading: str, rows: range) -> bytes:
    """A part as `join_pdfs` gets them: tagged, on the portal's page, with a link and a
    table over two pages, and no page numbers."""
    body = "".join(f"<tr><td>{row}</td><td>Қазақ тілі {row}</td></tr>" for row in rows)
    html = (
        '<!DOCTYPE html><html lang="kk"><head><title>Медиа-жоспар</title>'
        '<link rel="stylesheet" href="/static/pdf/pdf.css">'
        "<style>@page { @bottom-right { content: none; } }</style></head>"
        f'<body><h1>{heading}</h1><p><a href="https://gov.kz/">gov.kz</a></p>'
        f"<table><thead><tr><th>№</th><th>Тақырып</th></tr></thead><tbody>{body}</tbody>"
        "</table></body></html>"
    )
    return HTML(
        string=html, base_url=pdf.BASE_URL, url_fetcher=pdf.StaticOnlyURLFetcher()
    ).write_pdf(**pdf.PDF_OPTIONS)


def test_joined_pdfs_are_tagged_as_their_parts():
    """The structure trees of the parts join into one: each page's marked content and each
    link find their elements, on that page, under the keys the whole gives them; the page
    numbers laid over the pages are a pagination artifact, outside the tags."""
    first, second = tagged_part("Бірінші", range(60)), tagged_part("Екінші", range(60, 120))
    joined = pdf.join_pdfs([first, second])

    assert structure_types(joined) == structure_types(first) + structure_types(second)[1:]
    reader = PdfReader(io.BytesIO(joined))
    assert reader.metadata.title == "Медиа-жоспар"
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "kk"
    assert root["/ViewerPreferences"]["/DisplayDocTitle"]
    assert root["/MarkInfo"]["/Marked"]
    parent_tree = root["/StructTreeRoot"]["/ParentTree"]["/Nums"]
    elements_by_key = dict(zip(parent_tree[::2], parent_tree[1::2], strict=True))
    assert len(reader.pages) == 6  # three a part
    links = 0
    for page in reader.pages:
        content = page.get_contents().get_data()
        elements = elements_by_key[page["/StructParents"]]
        assert sorted(int(mcid) for mcid in re.findall(rb"/MCID (\d+)", content)) == list(
            range(len(elements))
        )
        assert {element["/Pg"].indirect_reference for element in elements} == {
            page.indirect_reference
        }
        for annotation in page.get("/Annots", ()):
            link = elements_by_key[annotation["/StructParent"]]
            assert link["/S"] == "/Link"
            kids = [kid.get_object() for kid in link["/K"]]
            assert annotation.indirect_reference in [
                kid["/Obj"].indirect_reference for kid in kids if isinstance(kid, dict)
            ]
            links += 1
        numbers = re.findall(rb"(/\S+) Do", content)[-1].decode()  # drawn last, over the page
        assert (
            page["/Resources"]["/XObject"][numbers]
            .get_data()
            .startswith(b"/Artifact <</Type /Pagination>> BDC")
        )
    assert links == 2
    assert "1 / 6" in pdf_text(joined) and "6 / 6" in pdf_text(joined)
