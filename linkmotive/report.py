"""The "Why do people link with me?" report from a LinkedIn data export.

:func:`build_report` reads an export with :func:`linkmotive.export.read_linkedin_export`,
classifies every incoming invitation, every conversation someone else started
and every connection's headline, and gathers what the report shows:

- the share of each motive among the people who reached out, overall and by month;
- per motive, the most typical messages and the phrases that drove them
  (aggregated from :func:`linkmotive.explain`);
- the uncertain predictions, to review by hand;
- template and mass outreach: groups of near-identical messages from different
  senders (:func:`linkmotive.datasets.near_duplicates`);
- a triage list: who to answer first given the motives you want;
- optionally redacted: names, e-mail addresses, phone numbers and URLs removed.

:meth:`Report.to_html` renders one self-contained HTML file (no scripts, no
external fonts or styles; charts are inline SVG, or PNG made with matplotlib
when it is installed) and :meth:`Report.summary` a short table for the terminal.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import InputError
from .export import IncomingText, LinkedInExport, read_linkedin_export
from .labels import LABELS

if TYPE_CHECKING:
    from .model import Model, Prediction

__all__ = ["DEFAULT_WANT", "Person", "Reach", "Redactor", "Report", "TemplateGroup", "build_report", "parse_want"]

DEFAULT_WANT: tuple[str, ...] = ("learn", "buy")
"""Motives ranked first in the triage list when ``--want`` is not given."""
TEMPLATE_THRESHOLD = 0.6
"""Jaccard similarity of character 5-grams above which two messages count as the same template."""
TEMPLATE_MIN_CHARS = 60
"""Shorter messages ("Hi Robin!") are too alike by chance to call templates."""
TEMPLATE_WEIGHT = 0.5
"""Triage weight of a message that is part of a template group (mass outreach counts half)."""
TOP_EXAMPLES = 4
EXPLAIN_PER_LABEL = 12
TRIAGE_ROWS = 25
UNCERTAIN_ROWS = 40

_EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
_URL = re.compile(
    r"(?:https?://|www\.)\S+|\b(?:[\w-]+\.)+(?:com|org|net|io|co|nl|de|fr|es|be|uk|eu|me|in|ly|app)/\S*", re.I
)
_PHONE = re.compile(r"(?<![\w/])\+?\(?\d[\d\s().-]{6,}\d(?![\w/])")
_GREETING = re.compile(
    r"\b(Hi|Hello|Hey|Dear|Hallo|Hoi|Bonjour|Salut|Hola|Ciao|Good (?:morning|afternoon|evening))"
    r"(\s+(?:Mr|Mrs|Ms|Dr)\.?)?\s+([A-Z][\w'’-]+)"
)
_ROLE = re.compile(r"'(me|you)_([^']+)'")  # the model's pronoun-role features: 'you_post' = "you ... post"
_SIGNOFF = re.compile(
    r"((?:Best|Regards|Kind regards|Best regards|Thanks|Cheers|Thank you|Sincerely|Groeten|Grüße)[,!.]?[ \t]*\n\s*)"
    r"([^\n]{1,60})$"
)


def parse_want(value: str | Iterable[str] | None) -> tuple[str, ...]:
    """The ``--want`` motives as a tuple of labels; ``"learn,buy"`` and ``["learn", "buy"]`` both work.

    Examples
    --------
    >>> parse_want("learn, buy")
    ('learn', 'buy')
    """
    if value is None:
        return DEFAULT_WANT
    parts = value.split(",") if isinstance(value, str) else list(value)
    want = tuple(dict.fromkeys(p.strip() for p in parts if p.strip()))
    bad = [w for w in want if w not in LABELS]
    if bad or not want:
        raise InputError(
            f"--want must be a comma-separated list of {', '.join(LABELS)}; got {value!r}. Fix: e.g. --want learn,buy."
        )
    return want


class Redactor:
    """Replaces names, e-mail addresses, phone numbers and URLs; does nothing when ``on`` is False.

    Names are the ones the export holds (senders, recipients, connections,
    you), matched word by word with a capital first letter, plus any
    capitalised word after a greeting ("Hi Sam") or alone on the line after a
    sign-off. People are shown as "Person 1", "Person 2"...

    Examples
    --------
    >>> r = Redactor(["Sam Okafor"], on=True)
    >>> r.text("Hi Sam, call +44 7700 900123 or mail sam@example.com - Sam Okafor")
    'Hi [name], call [phone] or mail [email] - [name] [name]'
    """

    def __init__(self, names: Iterable[str], on: bool = True) -> None:
        self.on = on
        tokens = {t for n in names for t in re.findall(r"[^\W\d_][\w'’-]*", n or "") if len(t) >= 2 and t[0].isupper()}
        alt = "|".join(sorted(map(re.escape, tokens), key=len, reverse=True))
        self._names = re.compile(rf"(?<![\w-])(?:{alt})(?![\w-])") if tokens else None
        self._names_ci = re.compile(rf"(?<![\w-])(?:{alt})(?![\w-])", re.I) if tokens else None
        self._people: dict[str, str] = {}

    def person(self, key: str, name: str) -> str:
        if not self.on:
            return name or "(no name)"
        return self._people.setdefault(key, f"Person {len(self._people) + 1}")

    def text(self, s: str) -> str:
        if not self.on or not s:
            return s
        s = _EMAIL.sub("[email]", s)
        s = _URL.sub("[link]", s)
        s = _PHONE.sub(lambda m: "[phone]" if sum(c.isdigit() for c in m.group(0)) >= 9 else m.group(0), s)
        s = _GREETING.sub(lambda m: f"{m.group(1)}{m.group(2) or ''} [name]", s)
        s = _SIGNOFF.sub(lambda m: f"{m.group(1)}[name]", s)
        return self._names.sub("[name]", s) if self._names else s

    def feature(self, s: str) -> str:
        """An explanation feature (``"message word 'robin'"``): names matched whatever their case."""
        if not self.on or not self._names_ci:
            return s
        return self._names_ci.sub("[name]", self.text(s))


@dataclass
class Reach:
    """One incoming invitation or first message, classified."""

    item: IncomingText
    pred: Prediction
    template: int | None = None

    def p_want(self, want: Sequence[str]) -> float:
        return sum(self.pred.scores[w] for w in want)


@dataclass
class Person:
    """Everyone who reached out, once: their reaches and the most confident one."""

    key: str
    reaches: list[Reach]

    @property
    def best(self) -> Reach:
        with_text = [r for r in self.reaches if r.item.text] or self.reaches
        return max(with_text, key=lambda r: r.pred.confidence)

    @property
    def label(self) -> str:
        return self.best.pred.label

    @property
    def first_date(self) -> datetime | None:
        dates = [r.item.date for r in self.reaches if r.item.date]
        return min(dates) if dates else None


@dataclass
class TemplateGroup:
    """Near-identical messages from different senders."""

    id: int
    members: list[Reach]
    similarity: float

    @property
    def senders(self) -> int:
        return len({r.item.key for r in self.members})

    @property
    def label(self) -> str:
        return Counter(r.pred.label for r in self.members).most_common(1)[0][0]


@dataclass
class Report:
    """Everything the report shows; build it with :func:`build_report`."""

    source: str
    want: tuple[str, ...]
    redactor: Redactor
    reaches: list[Reach]
    people: list[Person]
    connections: list[tuple[IncomingText, Prediction]]
    templates: list[TemplateGroup]
    phrases: dict[str, list[tuple[str, float, int]]]
    notes: list[str]
    counts: Counter[str]
    charts: str = "auto"
    model_name: str = "the shipped default model"
    generated: dict[str, Any] = field(default_factory=dict)

    @property
    def redacted(self) -> bool:
        return self.redactor.on

    def shares(self) -> Counter[str]:
        """People per motive (each person once, by their most confident reach)."""
        return Counter(p.label for p in self.people)

    def by_month(self) -> dict[str, Counter[str]]:
        """People per motive per month of their first reach (``"2025-03"``), in order, gaps filled."""
        months: dict[str, Counter[str]] = defaultdict(Counter)
        for p in self.people:
            d = p.first_date
            if d:
                months[f"{d:%Y-%m}"][p.label] += 1
        if not months:
            return {}
        keys = sorted(months)
        y, m = map(int, keys[0].split("-"))
        out: dict[str, Counter[str]] = {}
        while f"{y:04d}-{m:02d}" <= keys[-1]:
            out[f"{y:04d}-{m:02d}"] = months.get(f"{y:04d}-{m:02d}", Counter())
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return out

    def typical(self, label: str, n: int = TOP_EXAMPLES) -> list[Reach]:
        """The most confident messages of a motive: personal ones first, then at most one per template group."""
        seen: set[int] = set()
        out = []
        for r in sorted(self.reaches, key=lambda r: (r.template is not None, -r.pred.confidence)):
            if r.pred.label != label or not r.item.text or r.pred.uncertain:
                continue
            if r.template is not None:
                if r.template in seen:
                    continue
                seen.add(r.template)
            out.append(r)
            if len(out) >= n:
                break
        return out

    def uncertain(self) -> list[Reach]:
        """Reaches whose confidence is under the model's threshold, least confident first."""
        return sorted((r for r in self.reaches if r.pred.uncertain), key=lambda r: r.pred.confidence)

    def triage(self, n: int = TRIAGE_ROWS) -> list[tuple[Person, Reach, float]]:
        """``(person, their strongest reach, P(a wanted motive))``, best first; template messages count half."""
        rows = []
        for p in self.people:
            r = max(p.reaches, key=lambda r: r.p_want(self.want))
            score = r.p_want(self.want) * (TEMPLATE_WEIGHT if r.template is not None else 1.0)
            if r.p_want(self.want) >= 0.5:
                rows.append((p, r, score))
        rows.sort(key=lambda t: (-t[2], -(t[1].item.date or datetime.min).timestamp()))
        return rows[:n]

    def to_html(self) -> str:
        """The report as one self-contained HTML page."""
        from ._report_html import render

        return render(self)

    def summary(self) -> str:
        """A short plain-text table for the terminal."""
        shares, people = self.shares(), max(1, len(self.people))
        unc = Counter(r.pred.label for r in self.reaches if r.pred.uncertain)
        conn = Counter(p.label for _, p in self.connections)
        span = self.generated.get("span", "")
        lines = [
            f"linkmotive report: {self.source}",
            f"  {len(self.people)} people reached out ({self.counts['invitations']} invitations, "
            f"{self.counts['conversations']} conversations{span}); {len(self.connections)} connections",
            f"  {'motive':<16}{'people':>7}{'share':>8}{'uncertain':>11}{'connections':>13}",
        ]
        for lab in LABELS:
            lines.append(f"  {lab:<16}{shares[lab]:>7}{shares[lab] / people:>8.0%}{unc[lab]:>11}{conn[lab]:>13}")
        t = self.templates
        lines.append(
            f"  template groups: {len(t)} ({sum(len(g.members) for g in t)} messages from "
            f"{sum(g.senders for g in t)} senders)"
        )
        top = [f"{self.redactor.person(p.key, r.item.sender)} ({r.pred.label} {s:.0%})" for p, r, s in self.triage(3)]
        lines.append(f"  answer first (want: {', '.join(self.want)}): {'; '.join(top) or 'nobody scores 50%+'}")
        return "\n".join(lines)

    def write(self, path: Any) -> Path:
        """Write the HTML to ``path`` (atomically: the file appears only when complete)."""
        dst = check_output(path)
        dst.parent.mkdir(parents=True, exist_ok=True)
        page = self.to_html()
        fd, tmp = tempfile.mkstemp(dir=dst.parent, prefix=f".{dst.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(page)
            os.replace(tmp, dst)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return dst


def check_output(path: Any) -> Path:
    """The report's output path, refused early when it is a folder."""
    dst = Path(path)
    if dst.is_dir():
        raise InputError(f"--output {str(dst)!r} is a folder. Fix: name a file, e.g. {str(dst / 'report.html')!r}.")
    return dst


def _templates(reaches: list[Reach], threshold: float) -> list[TemplateGroup]:
    from .datasets import near_duplicates

    idx = [i for i, r in enumerate(reaches) if len(r.item.text) >= TEMPLATE_MIN_CHARS]
    if len(idx) < 2:
        return []
    parent = list(range(len(idx)))

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    sims: dict[int, list[float]] = defaultdict(list)
    for a, b, jac in near_duplicates([reaches[i].item.text for i in idx], threshold):
        parent[find(a)] = find(b)
        sims[a].append(jac)
    groups: dict[int, list[int]] = defaultdict(list)
    for a in range(len(idx)):
        groups[find(a)].append(a)
    out: list[TemplateGroup] = []
    for members in groups.values():
        reach = [reaches[idx[a]] for a in members]
        if len({r.item.key for r in reach}) < 2:
            continue
        jacs = [j for a in members for j in sims[a]]
        out.append(TemplateGroup(0, sorted(reach, key=lambda r: r.item.date or datetime.min), sum(jacs) / len(jacs)))
    out.sort(key=lambda g: (-len(g.members), g.members[0].item.text))
    for n, g in enumerate(out, 1):
        g.id = n
        for r in g.members:
            r.template = n
    return out


def _phrases(report_reaches: list[Reach], model: Model) -> dict[str, list[tuple[str, float, int]]]:
    from .api import explain

    out: dict[str, list[tuple[str, float, int]]] = {}
    for lab in LABELS:
        mine = sorted(
            (r for r in report_reaches if r.pred.label == lab and r.item.text), key=lambda r: -r.pred.confidence
        )
        weight: defaultdict[str, float] = defaultdict(float)  # a Counter holds ints for mypy
        count: Counter[str] = Counter()
        for r in mine[:EXPLAIN_PER_LABEL]:
            for c in explain(r.item.text, headline=r.item.headline, model=model, top=8).toward:
                name = c.feature.removeprefix("message ").replace("headline ", "headline: ")
                name = _ROLE.sub(lambda m: f"'{'I/we' if m.group(1) == 'me' else 'you'} … {m.group(2)}'", name)
                if name.startswith("shape: length"):
                    continue
                weight[name] += c.weight
                count[name] += 1
        top = sorted(weight.items(), key=lambda fw: fw[1], reverse=True)[:8]  # what Counter.most_common(8) gives
        out[lab] = [(f, round(w, 2), count[f]) for f, w in top]
    return out


def build_report(
    export: Any,
    *,
    want: str | Iterable[str] | None = None,
    redact: bool = False,
    model: Model | None = None,
    me: str | None = None,
    charts: str = "auto",
    template_threshold: float = TEMPLATE_THRESHOLD,
) -> Report:
    """Classify a LinkedIn export and gather the report.

    Parameters
    ----------
    export : str, Path or LinkedInExport
        The export ZIP or folder, or an export opened with
        :func:`~linkmotive.export.read_linkedin_export`.
    want : str or list of str, optional
        The motives you want to answer first (``"learn,buy"``); default
        :data:`DEFAULT_WANT`.
    redact : bool, default=False
        Remove names, e-mail addresses, phone numbers and URLs from the report.
    model : Model, optional
        A model from :func:`linkmotive.load` or :func:`linkmotive.train`.
    me : str, optional
        Your name or profile URL, when the export does not make it clear.
    charts : {"auto", "svg", "matplotlib"}, default="auto"
        ``"auto"`` uses matplotlib when installed, else inline SVG drawn here.
    template_threshold : float, default=0.6
        Similarity above which messages from different senders are one template.

    Returns
    -------
    Report

    Examples
    --------
    >>> from linkmotive.export import sample_export_path
    >>> report = build_report(sample_export_path(), want="buy", charts="svg")
    >>> report.triage(1)[0][1].pred.label
    'buy'
    >>> "<script" in report.to_html()
    False
    """
    want_t = parse_want(want)
    if charts not in ("auto", "svg", "matplotlib"):
        raise InputError(f"charts must be 'auto', 'svg' or 'matplotlib', got {charts!r}.")
    ex = export if isinstance(export, LinkedInExport) else read_linkedin_export(export, me=me)
    from .api import classify, default_model  # after the cheap checks: this imports scikit-learn and spaCy

    m = model if model is not None else default_model()
    items = list(ex)
    incoming = [i for i in items if i.source != "connection"]
    conns = [i for i in items if i.source == "connection"]
    preds = classify([i.text for i in incoming], headline=[i.headline for i in incoming], model=m) if incoming else []
    reaches = [Reach(i, p) for i, p in zip(incoming, preds)]
    cpreds = classify([i.text for i in conns], kind="headline", model=m) if conns else []
    templates = _templates(reaches, template_threshold)
    by_person: dict[str, list[Reach]] = defaultdict(list)
    for r in reaches:
        by_person[r.item.key].append(r)
    people = [Person(k, v) for k, v in by_person.items()]
    names = {*ex.names, *(i.sender for i in items)}
    redactor = Redactor(names, on=redact)
    dates = [d for d in (i.date for i in incoming) if d]
    span = f", {min(dates):%b %Y} to {max(dates):%b %Y}" if dates else ""
    return Report(
        source="your LinkedIn export" if redact else ex.path.name,
        want=want_t,
        redactor=redactor,
        reaches=reaches,
        people=people,
        connections=list(zip(conns, cpreds)),
        templates=templates,
        phrases=_phrases(reaches, m),
        notes=ex.summary_notes(),
        counts=ex.counts,
        charts=charts,
        model_name="the shipped default model" if model is None else "a model you passed",
        generated={"span": span, "files": sorted(ex.files)},
    )
