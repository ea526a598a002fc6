"""Reading LinkedIn data exports: the shipped sample, and exports broken the ways real ones are."""

from __future__ import annotations

import zipfile
from collections import Counter
from datetime import datetime
from pathlib import Path

import pytest

from linkmotive.errors import ExportError, InputError
from linkmotive.export import fix_mojibake, parse_date, read_linkedin_export

SAMPLE = Path(__file__).resolve().parent.parent / "examples" / "sample-linkedin-export.zip"
ME = "https://www.linkedin.com/in/me-myself"

NOTES = 'Notes:\n"Some e-mail addresses may be missing from this file."\n\n'
CONNECTIONS = (
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    "Ada,Quill,https://www.linkedin.com/in/ada-quill,ada@example.com,Harwell Foods,Procurement Manager,08 Feb 2025\n"
    "Ben,Oduya,https://www.linkedin.com/in/ben-oduya,,,Software Engineer,14 Nov 2019\n"
    ",,,,,,07 Jun 2024\n"
)
INVITATIONS = (
    "From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl\n"
    f'Cleo Vance,Me Myself,"1/29/25, 2:37 PM",Could you send a quote for 400 pallets?,INCOMING,https://www.linkedin.com/in/cleo-vance,{ME}\n'
    f'Ada Quill,Me Myself,"2/3/25, 9:05 AM",,INCOMING,https://www.linkedin.com/in/ada-quill,{ME}\n'
    f'Dan Empty,Me Myself,"2/4/25, 9:05 AM",,INCOMING,https://www.linkedin.com/in/dan-empty,{ME}\n'
    f'Me Myself,Eve Out,"2/5/25, 10:00 AM",Hi Eve!,OUTGOING,{ME},https://www.linkedin.com/in/eve-out\n'
)
MESSAGES = (
    "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,SUBJECT,CONTENT,FOLDER\n"
    # newest first, as LinkedIn writes it: the reader must sort by DATE
    f"c1,,Me Myself,{ME},Finn Roe,https://www.linkedin.com/in/finn-roe,2025-03-02 10:00:00 UTC,,Sure!,INBOX\n"
    f'c1,,Finn Roe,https://www.linkedin.com/in/finn-roe,Me Myself,{ME},2025-03-01 09:00:00 UTC,,"Loved your talk, could I pick your brain?",INBOX\n'
    f"c2,,Me Myself,{ME},Gus Lee,https://www.linkedin.com/in/gus-lee,2025-03-05 09:00:00 UTC,,I started this one,INBOX\n"
    f"c2,,Gus Lee,https://www.linkedin.com/in/gus-lee,Me Myself,{ME},2025-03-06 09:00:00 UTC,,Thanks,INBOX\n"
)


def make_export(tmp_path: Path, files: dict[str, str | bytes], *, as_zip: bool = True, folder: str = "") -> Path:
    """Write ``files`` as a ZIP (or a folder), optionally inside a sub-folder."""
    data = {name: (v.encode("utf-8") if isinstance(v, str) else v) for name, v in files.items()}
    if not as_zip:
        root = tmp_path / "export"
        for name, b in data.items():
            (root / folder / name).parent.mkdir(parents=True, exist_ok=True)
            (root / folder / name).write_bytes(b)
        return root
    path = tmp_path / "Basic_LinkedInDataExport_03-10-2025.zip"
    with zipfile.ZipFile(path, "w") as zf:
        for name, b in data.items():
            zf.writestr(f"{folder}{name}", b)
    return path


def standard(tmp_path: Path, **kw) -> Path:
    return make_export(
        tmp_path,
        {"Connections.csv": NOTES + CONNECTIONS, "Invitations.csv": INVITATIONS, "messages.csv": MESSAGES},
        **kw,
    )


# -- the sample ------------------------------------------------------------------------------------------------------
def test_export_sample_yields_every_source():
    ex = read_linkedin_export(SAMPLE)
    items = list(ex)
    by_source = Counter(i.source for i in items)
    assert by_source["invitation"] >= 150 and by_source["message"] >= 60 and by_source["connection"] >= 250
    assert {i.kind for i in items if i.source != "connection"} == {"message"}
    assert {i.kind for i in items if i.source == "connection"} == {"headline"}
    assert "in:robin-achterberg-5c1e0a" in ex.me
    assert not [i for i in items if i.sender == "Robin Achterberg"], "the owner's own messages must be left out"
    assert ex.counts["outgoing invitations"] == 25 and ex.counts["conversations you started"] >= 15
    assert all(i.text or i.headline for i in items)
    assert all(i.date is not None for i in items)


def test_export_sample_repairs_mojibake_and_strips_html():
    items = list(read_linkedin_export(SAMPLE))
    names = {i.sender for i in items}
    assert "José" in {n.split()[0] for n in names}
    assert not any("Ã" in n for n in names)
    sponsored = [i for i in items if "webinar" in i.text]
    assert sponsored and not any("<p" in i.text or "&quot;" in i.text for i in sponsored)
    assert any(i.text.startswith("I’m a big fan") for i in items)


def test_export_sample_is_rebuilt_by_its_script():
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_sample_export", SAMPLE.parent / "make_sample_export.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    with zipfile.ZipFile(SAMPLE) as zf:
        shipped = {n: zf.read(n) for n in zf.namelist()}
    assert module.build() == shipped


def test_export_sample_folder_equals_zip(tmp_path):
    with zipfile.ZipFile(SAMPLE) as zf:
        zf.extractall(tmp_path / "unpacked")
    assert list(read_linkedin_export(tmp_path / "unpacked")) == list(read_linkedin_export(SAMPLE))


# -- what the reader yields -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("as_zip", [True, False])
def test_export_reads_incoming_only(tmp_path, as_zip):
    ex = read_linkedin_export(standard(tmp_path, as_zip=as_zip))
    items = list(ex)
    inv = [i for i in items if i.source == "invitation"]
    assert [(i.sender, i.text, i.headline) for i in inv] == [
        ("Cleo Vance", "Could you send a quote for 400 pallets?", None),
        ("Ada Quill", "", "Procurement Manager at Harwell Foods"),  # empty message: classified by the headline
    ]
    assert inv[0].date == datetime(2025, 1, 29, 14, 37) and inv[0].row == 1 and inv[0].file == "Invitations.csv"
    msgs = [i for i in items if i.source == "message"]
    assert [(i.sender, i.text, i.conversation_id) for i in msgs] == [
        ("Finn Roe", "Loved your talk, could I pick your brain?", "c1")
    ]
    conns = [i for i in items if i.source == "connection"]
    assert [i.text for i in conns] == ["Procurement Manager at Harwell Foods", "Software Engineer"]
    assert conns[0].email == "ada@example.com"
    assert ex.counts["incoming invitations without a message or known headline"] == 1
    assert ex.counts["connections without a position"] == 1


def test_export_files_in_a_subfolder(tmp_path):
    path = standard(tmp_path, folder="Complete_LinkedInDataExport_03-10-2025/")
    assert Counter(i.source for i in read_linkedin_export(path)) == {"invitation": 2, "message": 1, "connection": 2}


def test_export_missing_files_are_tolerated_and_noted(tmp_path):
    ex = read_linkedin_export(make_export(tmp_path, {"Invitations.csv": INVITATIONS}))
    items = list(ex)
    assert [i.sender for i in items] == ["Cleo Vance"]  # Ada has no message and no known headline now
    assert any("messages.csv is not in the export" in n for n in ex.summary_notes())
    assert any("Connections.csv is not in the export" in n for n in ex.summary_notes())


def test_export_renamed_and_reordered_columns(tmp_path):
    invitations = (
        "direction,message,sent_at,to,from\n"
        "INCOMING,Could you quote 500 boxes?,2025-02-01 10:00:00,Me Myself,Hana Sato\n"
        "OUTGOING,Hi!,2025-02-02 10:00:00,Ivo Bell,Me Myself\n"
    )
    connections = "Company;Title\n".replace(";", ",") + "Acme,Student\n"
    ex = read_linkedin_export(make_export(tmp_path, {"Invitations.csv": invitations, "Connections.csv": connections}))
    items = list(ex)
    assert [(i.sender, i.text, i.date) for i in items if i.source == "invitation"] == [
        ("Hana Sato", "Could you quote 500 boxes?", datetime(2025, 2, 1, 10, 0))
    ]
    assert [i.text for i in items if i.source == "connection"] == ["Student at Acme"]


@pytest.mark.parametrize("preamble", ["", NOTES, '"Notes:"\n"quoted notes"\n\n', "Notes:\n\n\n\n"])
def test_export_connections_with_or_without_notes(tmp_path, preamble):
    items = list(read_linkedin_export(make_export(tmp_path, {"Connections.csv": preamble + CONNECTIONS})))
    assert [i.sender for i in items] == ["Ada Quill", "Ben Oduya"]


def test_export_connections_before_the_url_column(tmp_path):
    old = "First Name,Last Name,Email Address,Company,Position,Connected On\nAda,Quill,,Acme,Buyer,7-Feb-22\n"
    (item,) = read_linkedin_export(make_export(tmp_path, {"Connections.csv": old}))
    assert item.text == "Buyer at Acme" and item.sender_url is None and item.date == datetime(2022, 2, 7)


@pytest.mark.parametrize(
    "encode",
    [
        lambda s: s.encode("utf-8"),
        lambda s: b"\xef\xbb\xbf" + s.encode("utf-8"),  # UTF-8 with BOM
        lambda s: s.encode("utf-16"),  # an Excel "Unicode text" re-save
        lambda s: s.encode("cp1252"),  # an Excel CSV re-save on Windows
    ],
    ids=["utf8", "utf8-bom", "utf16", "cp1252"],
)
def test_export_encodings(tmp_path, encode):
    text = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\nRenée,Müller,,,Café Été,Chef,01 Jan 2025\n"
    (item,) = read_linkedin_export(make_export(tmp_path, {"Connections.csv": encode(NOTES + text)}))
    assert (item.sender, item.text) == ("Renée Müller", "Chef at Café Été")


def test_export_mojibake_in_names_and_messages(tmp_path):
    mangled = INVITATIONS.replace("Cleo Vance", "JosÃ© MartÃ­nez").replace("Could you", "Iâ€™d like a quote. Could you")
    (item,) = [i for i in read_linkedin_export(make_export(tmp_path, {"Invitations.csv": mangled})) if i.text]
    assert item.sender == "José Martínez"
    assert item.text.startswith("I’d like a quote.")


def test_export_messages_drafts_empty_first_message_and_owner_from_messages(tmp_path):
    messages = (
        "CONVERSATION ID,FROM,SENDER PROFILE URL,RECIPIENT PROFILE URLS,DATE,CONTENT,FOLDER,IS MESSAGE DRAFT\n"
        f"c1,Kai Wren,https://www.linkedin.com/in/kai-wren,{ME},2025-05-01 09:00:00 UTC,,INBOX,No\n"
        f"c1,Kai Wren,https://www.linkedin.com/in/kai-wren,{ME},2025-05-01 09:01:00 UTC,Here is my deck as promised,INBOX,No\n"
        f"c2,Me Myself,{ME},https://www.linkedin.com/in/lin-ho,2025-05-02 09:00:00 UTC,Draft text,INBOX,Yes\n"
        f"c3,Me Myself,{ME},https://www.linkedin.com/in/mo-ray,2025-05-03 09:00:00 UTC,Hello Mo,INBOX,No\n"
        f"c3,Mo Ray,https://www.linkedin.com/in/mo-ray,{ME},2025-05-04 09:00:00 UTC,Hi back,INBOX,No\n"
        f"c5,Oz Park,https://www.linkedin.com/in/oz-park,{ME},2025-05-06 09:00:00 UTC,\u200b\u00ad,INBOX,No\n"
        f"c4,Nia Bloom,https://www.linkedin.com/in/nia-bloom,{ME},2025-05-05 09:00:00 UTC,"
        '"<p class=""spinmail-quill-editor__spin-break"">Hi %FIRSTNAME%,</p><p>Join our webinar &amp; win</p>",SPAM,No\n'
    )
    ex = read_linkedin_export(make_export(tmp_path, {"messages.csv": messages}))
    items = list(ex)
    assert [(i.sender, i.text, i.folder) for i in items] == [
        ("Kai Wren", "Here is my deck as promised", "INBOX"),
        ("Nia Bloom", "Hi %FIRSTNAME%,\nJoin our webinar & win", "SPAM"),
    ]
    assert ex.me == {"in:me-myself"}
    assert ex.counts["draft messages"] == 1 and ex.counts["conversations you started"] == 1


def test_export_me_overrides_detection(tmp_path):
    items = list(read_linkedin_export(standard(tmp_path), me="Finn Roe"))
    senders = {i.sender for i in items if i.source == "message"}
    assert senders == {"Me Myself"}  # Finn is "me" now, so the conversation Me Myself started counts


def test_export_can_be_iterated_twice(tmp_path):
    ex = read_linkedin_export(standard(tmp_path))
    assert list(ex) == list(ex)


# -- clear errors ----------------------------------------------------------------------------------------------------
def test_export_missing_column_names_file_and_column(tmp_path):
    broken = INVITATIONS.replace("Direction", "Sense")
    ex = read_linkedin_export(make_export(tmp_path, {"Invitations.csv": broken}))
    with pytest.raises(ExportError, match=r"Invitations\.csv.*'Direction'"):
        list(ex)


def test_export_connections_without_position_column(tmp_path):
    broken = NOTES + "First Name,Last Name,URL\nAda,Quill,\n"
    with pytest.raises(ExportError, match=r"Connections\.csv.*'Position'.*First Name"):
        list(read_linkedin_export(make_export(tmp_path, {"Connections.csv": broken})))


def test_export_messages_without_content_column(tmp_path):
    broken = MESSAGES.replace("CONTENT", "BODYTEXT")
    with pytest.raises(ExportError, match=r"messages\.csv.*'CONTENT'"):
        list(read_linkedin_export(make_export(tmp_path, {"messages.csv": broken})))


def test_export_binary_garbage_is_an_error_not_a_crash(tmp_path):
    with pytest.raises(ExportError, match=r"Connections\.csv"):
        list(read_linkedin_export(make_export(tmp_path, {"Connections.csv": bytes(range(256)) * 20})))


@pytest.mark.parametrize(
    ("setup", "match"),
    [
        (lambda p: p / "nope.zip", "does not exist"),
        (lambda p: (p / "x.zip").write_bytes(b"not a zip at all") and p / "x.zip", "not a ZIP file or a folder"),
        (lambda p: (p / "e").mkdir() or p / "e", "holds none of Invitations.csv"),
    ],
    ids=["missing", "not-a-zip", "empty-folder"],
)
def test_export_bad_paths(tmp_path, setup, match):
    with pytest.raises(ExportError, match=match):
        read_linkedin_export(setup(tmp_path))


def test_export_zip_without_linkedin_files(tmp_path):
    with pytest.raises(ExportError, match="holds none of") as info:
        read_linkedin_export(make_export(tmp_path, {"Profile.csv": "First Name,Last Name\nA,B\n"}))
    assert isinstance(info.value, InputError) and isinstance(info.value, ValueError)


# -- helpers ---------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("raw", "fixed"),
    [("JosÃ©", "José"), ("BjÃ¶rk", "Björk"), ("Iâ€™m", "I’m"), ("SÃO PAULO", "SÃO PAULO"), ("plain", "plain")],
)
def test_export_fix_mojibake(raw, fixed):
    assert fix_mojibake(raw) == fixed


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1/29/26, 2:37 PM", datetime(2026, 1, 29, 14, 37)),
        ("1/29/26, 2:37\u202fPM", datetime(2026, 1, 29, 14, 37)),
        ("2025-06-01 14:03:22 UTC", datetime(2025, 6, 1, 14, 3, 22)),
        ("08 Feb 2026", datetime(2026, 2, 8)),
        ("2024/02/01 15:02:55 UTC", datetime(2024, 2, 1, 15, 2, 55)),
        ("", None),
        ("yesterday", None),
    ],
)
def test_export_parse_date(raw, expected):
    assert parse_date(raw) == expected
