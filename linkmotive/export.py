"""Read a LinkedIn data export ("Get a copy of your data") and yield the texts people sent you.

:func:`read_linkedin_export` takes the ZIP LinkedIn e-mails (``Basic_`` or
``Complete_LinkedInDataExport_MM-DD-YYYY.zip``) or the folder it unpacks to,
and yields one :class:`IncomingText` per thing to classify:

- every **incoming invitation** (``Invitations.csv``, ``Direction`` = ``INCOMING``),
  with its message; an invitation without a message is kept only when the
  sender's position is known from ``Connections.csv`` (it is then classified
  by that headline, LABELS.md rule 6);
- the **first message of every conversation someone else started**
  (``messages.csv``); conversations you started are left out;
- every **connection's position**, as headline-like text
  (``"<Position> at <Company>"``, from ``Connections.csv``).

The layouts below were looked up, not guessed, in szabgab/linkedin-csv.rs
``src/lib.rs`` (serde structs with ``deny_unknown_fields`` for each file, and
the comment on the ``Notes:`` preamble) and in a public write-up that measured
the headers of about 30 real exports from 2020 to 2026 and cites LinkedIn's
help pages "Downloading your account data" (a1339364) and "Export connections
from LinkedIn" (a566336); ``Profile.csv`` is the least certain of them:

``Invitations.csv``
    ``From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl``;
    the two camelCase URL columns were added in late 2023. ``Sent At`` looks
    like ``1/29/26, 2:37 PM`` (no time zone); ``Direction`` is ``INCOMING`` or
    ``OUTGOING``; ``Message`` is mostly empty.
``messages.csv``
    ``CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT
    PROFILE URLS,DATE,SUBJECT,CONTENT,FOLDER`` and, in some years,
    ``ATTACHMENTS``, ``IS MESSAGE DRAFT``, ``IS CONVERSATION DRAFT``
    (``RECIPIENT PROFILE URLS`` arrived in mid-2023). ``DATE`` is
    ``2025-06-01 14:03:22 UTC``; ``FOLDER`` is ``INBOX``, ``ARCHIVE``, ``SPAM``
    or empty; since 2026 every field is quoted and ``CONTENT`` may hold line
    breaks or HTML (sponsored InMail).
``Connections.csv``
    Three lines of notes (``Notes:``, one quoted sentence about missing e-mail
    addresses, a blank line), then
    ``First Name,Last Name,URL,Email Address,Company,Position,Connected On``
    (``URL`` arrived in mid-2023; exports before mid-2021 have no notes).
    ``Connected On`` looks like ``08 Feb 2026``; members who hid their profile
    leave only the date.
``Profile.csv``
    One row about you: ``First Name,Last Name,...,Headline,...``.

Columns are found by name, not position (case, spaces, underscores and quotes
ignored, with a few aliases), the header is searched for rather than skipped,
and the files may sit at the root of the ZIP or in a sub-folder. Text is read
as UTF-8 with or without BOM (UTF-16 and Windows-1252 re-saves are accepted
too), and UTF-8 that was decoded as Windows-1252 ("JosÃ©") is repaired.
"""

from __future__ import annotations

import csv
import html
import io
import re
import zipfile
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from .errors import ExportError
from .text import is_blank

__all__ = [
    "IncomingText",
    "LinkedInExport",
    "fix_mojibake",
    "parse_date",
    "person_key",
    "read_linkedin_export",
    "sample_export_path",
]

FILES = {"invitations": "Invitations.csv", "messages": "messages.csv", "connections": "Connections.csv"}
MAX_MEMBER_BYTES = 1 << 30
"""Refuse a file in the export larger than 1 GiB (a real messages.csv is tens of MB)."""
HEADER_SEARCH_ROWS = 50

# Logical column -> accepted header names, normalised by _norm(). The first name is LinkedIn's own.
COLUMNS: dict[str, dict[str, tuple[str, ...]]] = {
    "invitations": {
        "from": ("from", "sender", "inviter", "fromname", "invitername"),
        "to": ("to", "recipient", "invitee", "toname", "inviteename"),
        "sent_at": ("sentat", "date", "sent", "senton", "timestamp"),
        "message": ("message", "note", "content", "text", "invitationmessage"),
        "direction": ("direction", "invitationdirection", "type"),
        "inviter_url": ("inviterprofileurl", "inviterurl", "fromurl", "senderprofileurl"),
        "invitee_url": ("inviteeprofileurl", "inviteeurl", "tourl", "recipientprofileurl"),
    },
    "messages": {
        "conversation_id": ("conversationid", "threadid", "conversation"),
        "from": ("from", "sender", "sendername"),
        "sender_url": ("senderprofileurl", "senderurl", "fromurl", "fromprofileurl"),
        "to": ("to", "recipients", "recipient"),
        "recipient_urls": ("recipientprofileurls", "recipienturls", "recipientprofileurl"),
        "date": ("date", "sentat", "timestamp", "time"),
        "content": ("content", "message", "body", "text"),
        "folder": ("folder",),
        "draft": ("ismessagedraft", "isdraft", "draft"),
    },
    "connections": {
        "first_name": ("firstname", "first", "givenname"),
        "last_name": ("lastname", "last", "surname", "familyname"),
        "url": ("url", "profileurl", "linkedinurl", "publicprofileurl"),
        "email": ("emailaddress", "email", "emails"),
        "company": ("company", "companyname", "organization", "organisation", "employer"),
        "position": ("position", "title", "jobtitle", "headline", "currentposition"),
        "connected_on": ("connectedon", "connectedat", "connectiondate", "date"),
    },
    "profile": {
        "first_name": ("firstname",),
        "last_name": ("lastname",),
        "headline": ("headline",),
    },
}
REQUIRED = {
    "invitations": ("from", "message", "direction"),
    "messages": ("conversation_id", "from", "content"),
    "connections": ("position",),
    "profile": ("first_name", "last_name"),
}

_DATE_FORMATS = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d",
    "%m/%d/%y, %I:%M %p",
    "%m/%d/%Y, %I:%M %p",
    "%m/%d/%y %I:%M %p",
    "%m/%d/%Y %H:%M",
    "%Y/%m/%d %H:%M:%S",
    "%d %b %Y",
    "%d %B %Y",
    "%d-%b-%y",
    "%d-%b-%Y",
    "%m/%d/%Y",
    "%m/%d/%y",
)

# UTF-8 read as Windows-1252: a lead byte (Â..ô) followed by 1-3 continuation bytes (0x80-0xBF as cp1252).
_CONT = "".join(bytes([b]).decode("cp1252", errors="replace") for b in range(0x80, 0xC0)).replace("\ufffd", "")
_CONT += "\x81\x8d\x8f\x90\x9d"
_C = f"[{re.escape(_CONT)}]"
_MOJIBAKE = re.compile(f"[\u00c2-\u00df]{_C}|[\u00e0-\u00ef]{_C}{{2}}|[\u00f0-\u00f4]{_C}{{3}}")
_TAG = re.compile(r"<\s*(?:br|/p|/div|/li)\s*/?\s*>", re.I)
_ANY_TAG = re.compile(r"<[a-zA-Z/][^<>]{0,500}>")
_SLUG = re.compile(r"linkedin\.com/in/([^/?#\s]+)", re.I)


def fix_mojibake(text: str) -> str:
    """Repair UTF-8 that was decoded as Windows-1252 (``"JosÃ©"`` → ``"José"``); other text is unchanged.

    Examples
    --------
    >>> fix_mojibake("JosÃ© MartÃ­nez, SougÃ©-Meijer")
    'José Martínez, Sougé-Meijer'
    >>> fix_mojibake("SÃO PAULO")
    'SÃO PAULO'
    """

    def repair(m: re.Match[str]) -> str:
        s = m.group(0)
        for enc in ("cp1252", "latin-1"):
            try:
                return s.encode(enc).decode("utf-8")
            except UnicodeError:
                continue
        return s

    return _MOJIBAKE.sub(repair, text) if text and not text.isascii() else text


def parse_date(value: str | None) -> datetime | None:
    """Parse any of the date formats LinkedIn exports use; ``None`` when empty or unknown.

    Examples
    --------
    >>> parse_date("1/29/26, 2:37 PM")
    datetime.datetime(2026, 1, 29, 14, 37)
    >>> parse_date("2025-06-01 14:03:22 UTC").month, parse_date("08 Feb 2026").day
    (6, 8)
    """
    if not value:
        return None
    v = " ".join(value.replace("\u202f", " ").split())
    v = re.sub(r"\s*(UTC|GMT|Z)$", "", v)
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(v, fmt)
        except ValueError:
            continue
    return None


def _norm(name: str) -> str:
    return re.sub(r"[^0-9a-z]", "", name.lower())


def _clean(value: Any) -> str:
    """A cell as tidy text: mojibake repaired, HTML of sponsored messages stripped, CRLF made LF."""
    s = fix_mojibake(str(value or "")).replace("\r\n", "\n").replace("\x00", "")
    if "<" in s and _ANY_TAG.search(s):
        s = html.unescape(_ANY_TAG.sub(" ", _TAG.sub("\n", s)))
        s = "\n".join(" ".join(line.split()) for line in s.splitlines()).strip()
    return "" if is_blank(s) else s.strip()  # zero-width or control characters alone are no text


def person_key(name: str | None, url: str | None) -> str:
    """A stable key for a person: the profile-URL slug when known, else the case-folded name."""
    m = _SLUG.search(url or "")
    if m:
        return "in:" + m.group(1).rstrip("/").lower()
    if url and url.strip():
        return "url:" + url.strip().rstrip("/").lower()
    return "name:" + " ".join((name or "").split()).casefold()


@dataclass(frozen=True)
class IncomingText:
    """One text someone sent you, or a connection's headline, with where it came from.

    Attributes
    ----------
    source : {"invitation", "message", "connection"}
        The file it came from: an incoming invitation, the first message of a
        conversation someone else started, or a connection's position.
    kind : {"message", "headline"}
        How to classify ``text`` (``linkmotive.classify(..., kind=kind)``).
    text : str
        The message, or the headline for ``kind="headline"``. May be empty for
        an invitation without a message whose sender's ``headline`` is known.
    headline : str or None
        The sender's position from ``Connections.csv``, for messages.
    sender, sender_url : str, str or None
        Display name and profile URL of the sender.
    date : datetime or None
        When it was sent (connected, for connections); naive, as in the export.
    file : str
        The file inside the export, e.g. ``"Invitations.csv"``.
    row : int
        The data row in that file (1 = the first row after the header).
    conversation_id, folder, email : str or None
        Extra fields when the file has them.
    """

    source: str
    kind: str
    text: str
    headline: str | None
    sender: str
    sender_url: str | None
    date: datetime | None
    file: str
    row: int
    conversation_id: str | None = None
    folder: str | None = None
    email: str | None = None

    @property
    def key(self) -> str:
        """The sender's identity: profile-URL slug, else name."""
        return person_key(self.sender, self.sender_url)


@dataclass
class LinkedInExport:
    """An opened export: iterate over it for :class:`IncomingText` items (it can be iterated again).

    Attributes
    ----------
    path : Path
        The ZIP or folder.
    files : dict
        Which of ``Invitations.csv``, ``messages.csv``, ``Connections.csv`` and
        ``Profile.csv`` were found, and where.
    me : set of str
        Person keys (see :func:`person_key`) taken to be the export's owner.
    notes : list of str
        What the last iteration skipped or assumed, one line each.
    counts : Counter
        Items yielded and skipped by the last iteration.
    names : set of str
        Every person's name seen by the last iteration (the report's redaction uses them).
    """

    path: Path
    files: dict[str, list[str]]
    me_hint: str | None = None
    me: set[str] = field(default_factory=set)
    notes: list[str] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)
    names: set[str] = field(default_factory=set)
    _conn_rows: list[tuple[int, dict[str, str]]] = field(default_factory=list, repr=False)

    # -- raw access ----------------------------------------------------------------------------------------------
    def _read_bytes(self, member: str) -> bytes:
        try:
            if self.path.is_dir():
                return (self.path / member).read_bytes()
            with zipfile.ZipFile(self.path) as zf:
                info = zf.getinfo(member)
                if info.file_size > MAX_MEMBER_BYTES:
                    raise ExportError(
                        f"{member} in {self.path.name} is {info.file_size:,} bytes; the limit is {MAX_MEMBER_BYTES:,}. "
                        "Fix: unpack the export and trim that file."
                    )
                return zf.read(member)
        except (OSError, zipfile.BadZipFile, RuntimeError, KeyError) as exc:
            raise ExportError(
                f"Cannot read {member} in {str(self.path)!r}: {exc}. Fix: re-download the export."
            ) from None

    def _decode(self, member: str, data: bytes) -> str:
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            return data.decode("utf-16")
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError:
            self.notes.append(f"{member}: not UTF-8; read as Windows-1252 (was it re-saved in Excel?)")
            return data.decode("cp1252", errors="replace")

    def rows(self, what: str) -> Iterator[tuple[int, dict[str, str]]]:
        """``(row number, {logical column: cell})`` for one file kind; nothing when the file is absent."""
        columns, required = COLUMNS[what], REQUIRED[what]
        for member in self.files.get(what, []):
            name = member.rsplit("/", 1)[-1]
            text = self._decode(name, self._read_bytes(member))
            if csv.field_size_limit() < 1 << 24:
                csv.field_size_limit(1 << 24)
            reader = csv.reader(io.StringIO(text, newline=""), delimiter="\t" if _tabbed(text) else ",")
            index: dict[str, int] | None = None
            seen: list[list[str]] = []
            try:
                for raw in reader:
                    if index is None:
                        seen.append(raw)
                        index = _header(raw, columns, required)
                        if index is None and len(seen) >= HEADER_SEARCH_ROWS:
                            break
                        n = 0
                        continue
                    if not any(c.strip() for c in raw):
                        continue
                    n += 1
                    row = {k: (raw[i] if i < len(raw) else "") for k, i in index.items()}
                    row["_file"] = name
                    yield n, row
            except csv.Error as exc:
                raise ExportError(
                    f"{name} in {self.path.name} is not valid CSV ({exc}, near line {reader.line_num}). "
                    "Fix: re-download the export."
                ) from None
            if index is None:
                if what == "profile":
                    continue
                found = max(seen, key=lambda r: len(_header(r, columns, ()) or {}), default=[])
                missing = [c for c in required if not any(_header([c2], {c: columns[c]}, (c,)) for c2 in found)]
                expected = ", ".join(repr(_label(what, c)) for c in (missing or required))
                raise ExportError(
                    f"{name} in {self.path.name}: no header row with the column(s) {expected} in its first "
                    f"{HEADER_SEARCH_ROWS} rows (closest row found: {found[:10]!r}). Fix: restore LinkedIn's header "
                    f"({', '.join(_label(what, c) for c in columns)}) or remove the file."
                )

    # -- the owner -----------------------------------------------------------------------------------------------
    def _find_me(self) -> None:
        votes: Counter[str] = Counter()
        if self.me_hint:
            hint = self.me_hint.strip()
            self.me = {person_key(None, hint) if "/" in hint else person_key(hint, None)}
            return
        for _, r in self.rows("invitations"):
            d = r.get("direction", "").strip().upper()
            if d.startswith("OUT"):
                votes[person_key(r["from"], r.get("inviter_url"))] += 1
                votes[person_key(r["from"], None)] += 1
            elif d.startswith("IN"):
                votes[person_key(r.get("to"), r.get("invitee_url"))] += 1
                votes[person_key(r.get("to"), None)] += 1
        for _, r in self.rows("profile"):
            votes[person_key(f"{r['first_name']} {r['last_name']}", None)] += 3
            self.names.add(_clean(f"{r['first_name']} {r['last_name']}"))
        top = {k for k, v in votes.items() if k not in ("name:",) and v >= max(votes.values(), default=0) / 3}
        self.me = top

    def _guess_me_from_messages(self, convs: dict[str, list[tuple[int, dict[str, str]]]]) -> None:
        seen: Counter[str] = Counter()
        for rows in convs.values():
            people = {person_key(r["from"], r.get("sender_url")) for _, r in rows}
            people |= {
                person_key(None, u)
                for _, r in rows
                for u in re.findall(r"https?://\S+?(?=,|$)", r.get("recipient_urls", ""))
            }
            seen.update(people)
        if seen:
            key, n = seen.most_common(1)[0]
            if n >= 2 and n >= 0.5 * len(convs):
                self.me = {key}
                self.notes.append("messages.csv: took the person in most conversations to be you (pass me= to set it)")
                return
        self.notes.append(
            "messages.csv: could not tell who you are; every conversation counted as started by someone else"
        )

    def _is_me(self, name: str | None, url: str | None) -> bool:
        return bool(self.me & {person_key(name, url), person_key(name, None)})

    # -- the texts -----------------------------------------------------------------------------------------------
    def __iter__(self) -> Iterator[IncomingText]:
        self.notes, self.counts, self.names = [], Counter(), set()
        for what, name in FILES.items():
            if what not in self.files:
                self.notes.append(f"{name} is not in the export: no {what} read")
        self._find_me()
        headlines, by_name = self._connections()
        yield from self._invitations(headlines, by_name)
        yield from self._messages(headlines, by_name)
        yield from self._connection_items()

    def _connections(self) -> tuple[dict[str, str], dict[str, str | None]]:
        headlines: dict[str, str] = {}
        by_name: dict[str, str | None] = {}
        self._conn_rows = list(self.rows("connections"))
        for _, r in self._conn_rows:
            name = _clean(f"{r.get('first_name', '')} {r.get('last_name', '')}")
            self.names.add(name)
            head = _headline(r)
            if not head:
                continue
            headlines[person_key(name, r.get("url"))] = head
            key = person_key(name, None)
            by_name[key] = None if key in by_name and by_name[key] != head else head  # ambiguous names: no headline
        return headlines, by_name

    def _lookup(
        self, headlines: dict[str, str], by_name: dict[str, str | None], name: str, url: str | None
    ) -> str | None:
        return headlines.get(person_key(name, url)) or by_name.get(person_key(name, None))

    def _invitations(self, headlines: dict[str, str], by_name: dict[str, str | None]) -> Iterator[IncomingText]:
        for n, r in self.rows("invitations"):
            name, url = _clean(r["from"]), (r.get("inviter_url") or "").strip() or None
            self.names.update({name, _clean(r.get("to"))})
            direction = r["direction"].strip().upper()
            if direction.startswith("OUT") or (not direction.startswith("IN") and self._is_me(name, url)):
                self.counts["outgoing invitations"] += 1
                continue
            text, head = _clean(r["message"]), self._lookup(headlines, by_name, name, url)
            if not text and not head:
                self.counts["incoming invitations without a message or known headline"] += 1
                continue
            self.counts["invitations"] += 1
            yield IncomingText(
                "invitation", "message", text, head, name, url, parse_date(r.get("sent_at")), r["_file"], n
            )

    def _messages(self, headlines: dict[str, str], by_name: dict[str, str | None]) -> Iterator[IncomingText]:
        convs: dict[str, list[tuple[int, dict[str, str]]]] = defaultdict(list)
        for n, r in self.rows("messages"):
            if r.get("draft", "").strip().lower() in ("yes", "true", "1"):
                self.counts["draft messages"] += 1
                continue
            convs[r["conversation_id"].strip() or f"row-{n}"].append((n, r))
        if convs and not self.me:
            self._guess_me_from_messages(convs)
        for cid, rows in convs.items():
            rows.sort(key=lambda t: (parse_date(t[1].get("date")) or datetime.max, t[0]))
            n, first = rows[0]
            name, url = _clean(first["from"]), (first.get("sender_url") or "").strip() or None
            self.names.update({name, *(_clean(x) for x in (first.get("to") or "").split(", "))})
            if self._is_me(name, url):
                self.counts["conversations you started"] += 1
                continue
            starter = person_key(name, url)
            text = ""
            for n2, r in rows:  # the first non-empty message of the starter, before anyone answers
                if person_key(_clean(r["from"]), (r.get("sender_url") or "").strip() or None) != starter:
                    break
                text = _clean(r["content"])
                if text:
                    n = n2
                    break
            head = self._lookup(headlines, by_name, name, url)
            if not text and not head:
                self.counts["conversations without text or known headline"] += 1
                continue
            self.counts["conversations"] += 1
            yield IncomingText(
                "message",
                "message",
                text,
                head,
                name,
                url,
                parse_date(first.get("date")),
                first["_file"],
                n,
                conversation_id=cid,
                folder=(first.get("folder") or "").strip() or None,
            )

    def _connection_items(self) -> Iterator[IncomingText]:
        for n, r in self._conn_rows:
            head = _headline(r)
            if not head:
                self.counts["connections without a position"] += 1
                continue
            name, url = (
                _clean(f"{r.get('first_name', '')} {r.get('last_name', '')}"),
                (r.get("url") or "").strip() or None,
            )
            self.counts["connections"] += 1
            yield IncomingText(
                "connection",
                "headline",
                head,
                None,
                name,
                url,
                parse_date(r.get("connected_on")),
                r["_file"],
                n,
                email=(r.get("email") or "").strip() or None,
            )

    def summary_notes(self) -> list[str]:
        """The notes plus one line per skipped group, for people reading the report."""
        skipped = [
            f"{v} {k}" for k, v in self.counts.items() if k not in ("invitations", "conversations", "connections")
        ]
        return [*self.notes, *(f"left out: {s}" for s in skipped)]


def _tabbed(text: str) -> bool:
    first = next((line for line in text.splitlines()[:5] if line.strip() and not line.startswith("Notes")), "")
    return first.count("\t") > first.count(",")


def _header(row: list[str], columns: dict[str, tuple[str, ...]], required: tuple[str, ...]) -> dict[str, int] | None:
    cells = [_norm(c) for c in row]
    index: dict[str, int] = {}
    for logical, names in columns.items():
        for alias in names:
            if alias in cells and cells.index(alias) not in index.values():
                index[logical] = cells.index(alias)
                break
    return index if all(c in index for c in required) else None


def _label(what: str, logical: str) -> str:
    """LinkedIn's own name for a logical column (``'sent_at'`` → ``'Sent At'``)."""
    names = {
        "from": "From" if what == "invitations" else "FROM",
        "to": "To" if what == "invitations" else "TO",
        "sent_at": "Sent At",
        "message": "Message",
        "direction": "Direction",
        "inviter_url": "inviterProfileUrl",
        "invitee_url": "inviteeProfileUrl",
        "conversation_id": "CONVERSATION ID",
        "sender_url": "SENDER PROFILE URL",
        "recipient_urls": "RECIPIENT PROFILE URLS",
        "date": "DATE",
        "content": "CONTENT",
        "folder": "FOLDER",
        "draft": "IS MESSAGE DRAFT",
        "first_name": "First Name",
        "last_name": "Last Name",
        "url": "URL",
        "email": "Email Address",
        "company": "Company",
        "position": "Position",
        "connected_on": "Connected On",
        "headline": "Headline",
    }
    return names.get(logical, logical)


def _headline(r: dict[str, str]) -> str:
    pos, company = _clean(r.get("position")), _clean(r.get("company"))
    if not pos:
        return ""
    return f"{pos} at {company}" if company and company.lower() not in pos.lower() else pos


def _find_files(path: Path) -> dict[str, list[str]]:
    if path.is_dir():
        members = [p.relative_to(path).as_posix() for p in path.rglob("*") if p.is_file()]
    else:
        with zipfile.ZipFile(path) as zf:
            members = [i.filename for i in zf.infolist() if not i.is_dir()]
    patterns = {
        "invitations": r"invitations(\d*)\.csv",
        "messages": r"messages(\d*)\.csv",
        "connections": r"connections(\d*)\.csv",
        "profile": r"profile\.csv",
    }
    found: dict[str, list[str]] = {}
    for what, pat in patterns.items():
        hits = [m for m in members if re.fullmatch(pat, re.sub(r"[\s_-]", "", m.rsplit("/", 1)[-1].lower()))]
        if hits:
            depth = min(m.count("/") for m in hits)
            found[what] = sorted(m for m in hits if m.count("/") == depth)
    return found


def read_linkedin_export(path: Any, *, me: str | None = None) -> LinkedInExport:
    """Open a LinkedIn data export and return an iterable of the texts people sent you.

    Parameters
    ----------
    path : str or Path
        The export ZIP, or the folder it was unpacked to.
    me : str, optional
        Your name or profile URL. By default it is read from the export
        (``Invitations.csv`` directions, ``Profile.csv``, or the person in most
        conversations).

    Returns
    -------
    LinkedInExport
        Iterating yields :class:`IncomingText` items: incoming invitations,
        first messages of conversations others started, then connections'
        headlines. Files are read lazily, on iteration.

    Raises
    ------
    ExportError
        The path does not exist, is not a ZIP or folder, holds none of
        ``Invitations.csv``, ``messages.csv`` and ``Connections.csv``, or
        (while iterating) a file lacks a column it needs, naming both.

    Examples
    --------
    >>> import linkmotive.export as ex
    >>> items = list(ex.read_linkedin_export(ex.sample_export_path()))
    >>> sorted({i.source for i in items})
    ['connection', 'invitation', 'message']
    >>> next(i for i in items if i.source == "invitation").kind
    'message'
    """
    p = Path(path)
    if not p.exists():
        raise ExportError(f"The export {str(p)!r} does not exist. Fix: pass the ZIP LinkedIn sent you, or its folder.")
    if p.is_file() and not zipfile.is_zipfile(p):
        raise ExportError(
            f"{str(p)!r} is not a ZIP file or a folder. Fix: pass the LinkedIn export ZIP "
            "(Basic_/Complete_LinkedInDataExport_....zip) or the folder it unpacks to."
        )
    try:
        files = _find_files(p)
    except (OSError, zipfile.BadZipFile, RuntimeError) as exc:
        raise ExportError(f"Cannot list the files in {str(p)!r}: {exc}. Fix: re-download the export.") from None
    if not any(k in files for k in FILES):
        raise ExportError(
            f"{str(p)!r} holds none of {', '.join(FILES.values())}. Fix: request the export with connections, "
            "invitations and messages (LinkedIn: Settings > Data privacy > Get a copy of your data)."
        )
    return LinkedInExport(p, files, me_hint=me)


def sample_export_path() -> Path:
    """The sample export shipped in a checkout (``examples/sample-linkedin-export.zip``).

    Raises
    ------
    ExportError
        Outside a checkout (the sample is not part of the wheel).
    """
    p = Path(__file__).resolve().parent.parent / "examples" / "sample-linkedin-export.zip"
    if not p.is_file():
        raise ExportError(f"The sample export {str(p)!r} is not here (it ships with the source, not the wheel).")
    return p
