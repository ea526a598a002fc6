"""The export report: valid, self-contained HTML with every section; redaction; triage; the CLI."""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest

from linkmotive import LABELS
from linkmotive.errors import InputError, MissingDependencyError
from linkmotive.report import Redactor, build_report, parse_want

SAMPLE = Path(__file__).resolve().parent.parent / "examples" / "sample-linkedin-export.zip"
SECTIONS = ["overview", "by-month", "motives", "uncertain", "templates", "triage", "connections", "about"]
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Checker(HTMLParser):
    """Fails on unclosed, stray or mis-nested tags; collects ids, tags and attribute URLs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.ids: list[str] = []
        self.tags: set[str] = set()
        self.urls: list[tuple[str, str, str]] = []
        self.doctype = ""

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.add(tag)
        for k, v in attrs:
            if k == "id":
                self.ids.append(v)
            if k in ("src", "href", "xlink:href", "action", "data"):
                self.urls.append((tag, k, v or ""))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        self.tags.add(tag)  # <rect .../> inside SVG

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
        else:
            self.stack.pop()


def check(page: str) -> Checker:
    c = Checker()
    c.feed(page)
    c.close()
    assert c.doctype.lower() == "doctype html"
    assert not c.errors, c.errors[:5]
    assert not c.stack, f"unclosed: {c.stack}"
    assert len(c.ids) == len(set(c.ids)), "duplicate ids"
    return c


def assert_self_contained(page: str, c: Checker) -> None:
    assert not c.tags & {"script", "link", "iframe", "object", "embed", "base"}
    assert "@import" not in page and "url(" not in page
    for tag, attr, url in c.urls:
        if attr == "src" or tag != "a":
            assert url.startswith("data:"), (tag, attr, url[:60])
        else:  # links: in-page anchors, or a sender's profile in an unredacted report
            assert url.startswith(("#", "https://www.linkedin.com/in/")), url


@pytest.fixture(scope="module")
def report():
    return build_report(SAMPLE, charts="svg")


@pytest.fixture(scope="module")
def redacted():
    return build_report(SAMPLE, redact=True, charts="svg")


def sample_csv_text() -> str:
    with zipfile.ZipFile(SAMPLE) as zf:
        return "\n".join(zf.read(n).decode("utf-8") for n in zf.namelist())


# -- the HTML -------------------------------------------------------------------------------------------------------
def test_report_html_is_valid_and_self_contained(report):
    page = report.to_html()
    c = check(page)
    assert_self_contained(page, c)
    for svg in re.findall(r"<svg\b.*?</svg>", page, flags=re.S):  # the inline charts are well-formed XML
        ET.fromstring(svg.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1))


def test_report_has_every_section(report):
    c = check(report.to_html())
    assert set(SECTIONS) <= set(c.ids)
    assert {f"motive-{lab}" for lab in LABELS} <= set(c.ids)
    assert sum(i.startswith("template-") for i in c.ids) == len(report.templates) >= 4


def test_report_sections_have_content(report):
    page = report.to_html()
    shares = report.shares()
    assert sum(shares.values()) == len(report.people) > 150
    assert all(shares[lab] > 0 for lab in LABELS)
    assert len(report.by_month()) == 12 and all(sum(c.values()) for c in report.by_month().values())
    for lab in LABELS:
        assert report.typical(lab), lab
        assert report.phrases[lab], lab
        assert all(r.pred.label == lab and not r.pred.uncertain for r in report.typical(lab))
    assert report.uncertain() and all(r.pred.uncertain for r in report.uncertain())
    assert "cue: " in page  # the explain features, e.g. "cue: asks for advice or mentoring"


def test_report_templates_group_different_senders(report):
    groups = report.templates
    assert all(g.senders >= 2 and g.senders == len(g.members) for g in groups)
    lead_gen = [g for g in groups if "done-for-you outbound" in g.members[0].item.text]
    assert len(lead_gen) == 1 and len(lead_gen[0].members) == 6 and lead_gen[0].label == "sell"
    flagged = {id(r) for g in groups for r in g.members}
    assert all((r.template is not None) == (id(r) in flagged) for r in report.reaches)


@pytest.mark.parametrize("want", [("buy",), ("learn",), ("learn", "buy")])
def test_report_triage_follows_want(report, want):
    report.want = want
    try:
        rows = report.triage()
        assert rows and all(p_want >= 0.25 for _, _, p_want in rows)
        assert all(r.pred.label in want for _, r, _ in rows[:10])
        scores = [s for _, _, s in rows]
        assert scores == sorted(scores, reverse=True)
        assert len({p.key for p, _, _ in rows}) == len(rows)
    finally:
        report.want = ("learn", "buy")


def test_report_templates_count_half_in_triage(report):
    report.want = ("sell",)
    try:
        rows = report.triage(n=10_000)
        for _, r, score in rows:
            expected = r.p_want(("sell",)) * (0.5 if r.template is not None else 1.0)
            assert score == pytest.approx(expected)
    finally:
        report.want = ("learn", "buy")


# -- redaction ------------------------------------------------------------------------------------------------------
def test_report_redaction_leaves_no_email_phone_or_profile_url(redacted):
    raw = sample_csv_text()
    emails = set(re.findall(r"[\w.+-]+@[\w-]+\.[\w.]+", raw))
    urls = set(re.findall(r"https?://[^\s,\"]+", raw))
    phones = {"+31 6 5550 1234", "07700 900412", "+44 7700 900318", "(555) 010-2231"}
    assert len(emails) > 20 and len(urls) > 300 and all(p in raw for p in phones)
    page, summary = redacted.to_html(), redacted.summary()
    for out in (page, summary):
        assert not [e for e in emails if e in out]
        assert not [u for u in urls if u in out]
        assert not [p for p in phones if p in out]
        assert "linkedin.com/in/" not in out and "@example." not in out
    assert "http" not in page
    assert_self_contained(page, check(page))


def test_report_redaction_removes_names(redacted):
    page = redacted.to_html()
    senders = {r.item.sender for r in redacted.reaches}
    assert len(senders) > 100
    assert not [s for s in senders if s in page]
    assert "Robin" not in page and "Achterberg" not in page  # the owner, greeted in most messages
    assert "Person 1" in page and "[name]" in page
    assert "sample-linkedin-export.zip" not in page


def test_report_unredacted_shows_names(report):
    page = report.to_html()
    assert "Robin" in page and "Not redacted" in page


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mail me: a.b-c@example.co.uk!", "Mail me: [email]!"),
        ("Call (555) 010-2231 or +31 6 5550 1234", "Call [phone] or [phone]"),
        ("Worked there 2017-2020 and sold 40,000 units", "Worked there 2017-2020 and sold 40,000 units"),
        ("See https://www.linkedin.com/in/x-y and vimeo.com/abc", "See [link] and [link]"),
        ("Dear Dr. Okonkwo, hello", "Dear Dr. [name], hello"),
        ("Thanks for reading.\n\nBest,\nJo Stranger", "Thanks for reading.\n\nBest,\n[name]"),
        ("Sam said hi to Samantha", "[name] said hi to Samantha"),
    ],
)
def test_report_redactor_text(text, expected):
    assert Redactor(["Sam Okafor"]).text(text) == expected


def test_report_redactor_off_changes_nothing():
    r = Redactor(["Sam Okafor"], on=False)
    assert r.text("Hi Sam, sam@example.com") == "Hi Sam, sam@example.com"
    assert r.person("k", "Sam Okafor") == "Sam Okafor"


# -- charts ---------------------------------------------------------------------------------------------------------
def test_report_matplotlib_charts(report):
    pytest.importorskip("matplotlib")
    report.charts = "matplotlib"
    try:
        page = report.to_html()
    finally:
        report.charts = "svg"
    c = check(page)
    assert_self_contained(page, c)
    assert page.count('src="data:image/png;base64,') == 3 and "<svg" not in page


def test_report_falls_back_to_svg_without_matplotlib(report, monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib now raises ImportError
    report.charts = "auto"
    try:
        page = report.to_html()
        assert page.count("<svg") == 3 and "data:image/png" not in page
        report.charts = "matplotlib"
        with pytest.raises(MissingDependencyError, match=r"linkmotive\[report\]"):
            report.to_html()
    finally:
        report.charts = "svg"


# -- odd exports and options -----------------------------------------------------------------------------------------
def test_report_connections_only_export(tmp_path):
    path = tmp_path / "export"
    path.mkdir()
    (path / "Connections.csv").write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\nAda,Quill,,,Acme,Buyer,01 Jan 2025\n",
        encoding="utf-8",
    )
    report = build_report(path, charts="svg")
    assert report.people == [] and len(report.connections) == 1
    c = check(report.to_html())
    assert set(SECTIONS) <= set(c.ids)
    assert "0 people reached out" in report.summary()


@pytest.mark.parametrize("bad", ["", "learn,shop", ["buy", "Sell"]])
def test_report_parse_want_rejects_unknown(bad):
    with pytest.raises(InputError, match="--want must be"):
        parse_want(bad)


def test_report_write_is_atomic_and_refuses_a_folder(report, tmp_path):
    out = report.write(tmp_path / "sub" / "r.html")
    assert out.read_text("utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in out.parent.iterdir()] == ["r.html"]
    with pytest.raises(InputError, match="is a folder"):
        report.write(tmp_path)


# -- command line ---------------------------------------------------------------------------------------------------
def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "linkmotive", *args], capture_output=True, text=True, timeout=300)


def test_cli_report_end_to_end(tmp_path):
    out = tmp_path / "report.html"
    proc = run("report", str(SAMPLE), "--output", str(out), "--want", "learn,buy", "--redact")
    assert proc.returncode == 0, proc.stderr
    assert "linkmotive: wrote" in proc.stderr
    assert all(lab in proc.stdout for lab in LABELS) and "answer first (want: learn, buy)" in proc.stdout
    assert "Robin" not in proc.stdout
    page = out.read_text("utf-8")
    assert_self_contained(page, check(page))


@pytest.mark.parametrize(
    ("args", "match"),
    [(("--want", "shop"), "--want must be"), (("--output", "."), "is a folder")],
)
def test_cli_report_usage_errors(tmp_path, args, match):
    proc = run("report", str(SAMPLE), *args)
    assert proc.returncode == 2 and match in proc.stderr and "Traceback" not in proc.stderr


def test_cli_report_missing_export(tmp_path):
    proc = run("report", str(tmp_path / "nope.zip"), "--output", str(tmp_path / "r.html"))
    assert proc.returncode == 2 and "does not exist" in proc.stderr
    assert not (tmp_path / "r.html").exists()
