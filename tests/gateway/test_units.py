"""Pure functions: type sniffing, Content-Disposition, client address, trends, durations."""

from __future__ import annotations

import pytest
from starlette.requests import Request

from gateway.services.analytics import trend
from gateway.services.client_address import client_address
from gateway.services.disposition import content_disposition
from gateway.services.filetypes import CorruptFileError, UnsupportedTypeError, detect
from gateway.services.status_view import seconds
from tests.gateway import samples

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("name", "make", "kind"),
    [
        ("a.pdf", samples.pdf, "pdf"),
        ("a.docx", samples.docx, "docx"),
        ("a.doc", samples.doc, "doc"),
        ("a.txt", samples.txt, "txt"),
        ("noext", samples.docx, "docx"),
        ("A.PDF", samples.pdf, "pdf"),
    ],
)
def test_detect_accepts_real_documents(name: str, make: object, kind: str) -> None:
    assert detect(make(), name).kind == kind  # type: ignore[operator]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "cp1252"])
def test_detect_accepts_text_in_the_encodings_the_extractor_reads(encoding: str) -> None:
    text = "Sofía Hernández — Zoë Ødegård\nSenior Engineer, 2019–2024\n" * 5
    assert detect(text.encode(encoding), "resume.txt").kind == "txt"


@pytest.mark.parametrize(
    ("name", "data", "error"),
    [
        ("a.docx", samples.pdf(), UnsupportedTypeError),
        ("a.pdf", samples.txt(), UnsupportedTypeError),
        ("a.txt", samples.random_bytes(), UnsupportedTypeError),
        ("a.docx", samples.zip_bomb_docx(), UnsupportedTypeError),
        ("a.pdf", samples.pdf()[:200], CorruptFileError),
        ("a.docx", b"PK\x03\x04" + samples.random_bytes(), CorruptFileError),
        ("a.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, UnsupportedTypeError),
        ("a.txt", "\ufeffnull\x00\x00\x00\x00byte".encode() * 10, UnsupportedTypeError),
    ],
)
def test_detect_refuses_disguises_and_damage(name: str, data: bytes, error: type) -> None:
    with pytest.raises(error):
        detect(data, name)


def test_content_disposition() -> None:
    assert content_disposition("cv.pdf") == 'attachment; filename="cv.pdf"'
    header = content_disposition('Zoë "x"\r\n.pdf')
    assert "\r" not in header and "\n" not in header
    assert header.startswith('attachment; filename="Zoe _x_.pdf"')
    assert header.endswith("filename*=UTF-8''Zo%C3%AB%20%22x%22.pdf")
    assert content_disposition("简历.pdf").startswith('attachment; filename=".pdf"')


def _request(peer: str, forwarded: str | None = None) -> Request:
    headers = [(b"x-forwarded-for", forwarded.encode())] if forwarded else []
    return Request({"type": "http", "headers": headers, "client": (peer, 1234)})


def test_client_address_trusts_only_configured_proxies() -> None:
    assert client_address(_request("198.51.100.1", "1.2.3.4"), []) == "198.51.100.1"
    assert client_address(_request("198.51.100.1", "1.2.3.4"), ["10.0.0.0/8"]) == "198.51.100.1"
    trusted = ["10.0.0.0/8"]
    assert client_address(_request("10.0.0.5", "1.2.3.4, 10.0.0.9"), trusted) == "1.2.3.4"
    # a client-forged left-most entry is ignored: the right-most untrusted hop wins
    assert client_address(_request("10.0.0.5", "6.6.6.6, 1.2.3.4"), trusted) == "1.2.3.4"
    assert client_address(_request("10.0.0.5"), trusted) == "10.0.0.5"


def test_trend_and_seconds() -> None:
    assert trend(12, 10) == ("+20%", True)
    assert trend(5, 10) == ("-50%", False)
    assert trend(0, 0) == ("0%", True)
    assert trend(3, 0) == ("+100%", True)
    assert seconds(1400) == "1.4s" and seconds(None) == "0.0s"
