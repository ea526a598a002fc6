"""HTML and charts for :mod:`linkmotive.report`: one page, no scripts, nothing fetched.

Charts are PNG images embedded as ``data:`` URIs when matplotlib is
installed (``pip install 'linkmotive[report]'``), and otherwise inline SVG
drawn here, so the report works with the core install.
"""

from __future__ import annotations

import base64
import io
from collections import Counter
from collections.abc import Sequence
from html import escape
from typing import TYPE_CHECKING, Any

from .errors import missing_dependency
from .labels import LABEL_DESCRIPTIONS, LABELS

if TYPE_CHECKING:
    from .report import Reach, Report

COLORS = {"network": "#0072B2", "learn": "#009E73", "avoid-mistakes": "#E69F00", "sell": "#D55E00", "buy": "#CC79A7"}
"""One colour per motive (Okabe-Ito palette, readable with colour-blindness)."""

CSS = """
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:#1d232a;
 max-width:1080px;margin:0 auto;padding:0 20px 40px;background:#fff}
h1{font-size:28px;margin:28px 0 4px}h2{font-size:21px;margin:36px 0 8px;border-bottom:1px solid #dde2e8;
 padding-bottom:4px}h3{font-size:17px;margin:22px 0 6px}
nav a{margin-right:14px}a{color:#0b5cad}.muted{color:#5b6672}.small{font-size:13px}
table{border-collapse:collapse;width:100%;margin:8px 0 12px}th,td{text-align:left;padding:5px 8px;
 border-bottom:1px solid #e8ecf0;vertical-align:top}th{background:#f4f6f8;font-weight:600}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}td.nw{white-space:nowrap}
.dot{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:6px}
.tag{display:inline-block;padding:1px 7px;border-radius:10px;font-size:12px;background:#eef1f4;margin:1px 4px 1px 0}
.tag.warn{background:#fff1d6}.tag.tpl{background:#fde3d8}
blockquote{margin:6px 0 10px;padding:6px 12px;border-left:3px solid #cfd6de;background:#fafbfc;white-space:pre-wrap}
.chip{display:inline-block;padding:2px 9px;margin:2px 4px 2px 0;border:1px solid #d5dbe1;border-radius:12px;
 font-size:13px}
.chart{margin:8px 0;overflow-x:auto}.chart img{max-width:100%}
details{margin:6px 0;border:1px solid #e3e7eb;border-radius:6px;padding:6px 10px}summary{cursor:pointer}
"""


# -- charts ------------------------------------------------------------------------------------------------------------
def _pct(n: int, total: int) -> str:
    return f"{n / total:.0%}" if total else "0%"


def _month(key: str, i: int) -> str:
    """``"2025-03"`` as ``"Mar"``, with the year on the first column and on every January."""
    y, m = key.split("-")
    name = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")[int(m) - 1]
    return f"{name} {y}" if i == 0 or m == "01" else name


def svg_bars(counts: Counter[str], title: str) -> str:
    """Horizontal bars, one per motive, with counts and shares (inline SVG)."""
    total, top = sum(counts.values()), max(counts.values(), default=0) or 1
    lw, bw, row = 130, 390, 30
    h = row * len(LABELS) + 10
    parts = [
        f'<svg role="img" aria-label="{escape(title)}" viewBox="0 0 640 {h}" width="640" height="{h}">',
        f"<title>{escape(title)}</title>",
    ]
    for i, lab in enumerate(LABELS):
        y, w = 5 + i * row, round(bw * counts[lab] / top)
        parts.append(f'<text x="{lw - 8}" y="{y + 18}" text-anchor="end" font-size="14">{lab}</text>')
        parts.append(f'<rect x="{lw}" y="{y + 4}" width="{max(w, 1)}" height="20" rx="3" fill="{COLORS[lab]}"/>')
        parts.append(
            f'<text x="{lw + w + 8}" y="{y + 18}" font-size="13">{counts[lab]} ({_pct(counts[lab], total)})</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def svg_months(months: dict[str, Counter[str]], title: str) -> str:
    """Stacked columns: people per motive per month (inline SVG)."""
    keys = list(months)
    top = max((sum(c.values()) for c in months.values()), default=0) or 1
    col, gap, plot_h, left = 34, 10, 200, 40
    w = max(640, left + len(keys) * (col + gap) + 20)
    h = plot_h + 80
    parts = [
        f'<svg role="img" aria-label="{escape(title)}" viewBox="0 0 {w} {h}" width="{w}" height="{h}">',
        f"<title>{escape(title)}</title>",
        f'<line x1="{left}" y1="{plot_h + 10}" x2="{w - 10}" y2="{plot_h + 10}" stroke="#9aa5b1"/>',
        f'<text x="{left - 6}" y="{24}" text-anchor="end" font-size="12">{top}</text>',
        f'<text x="{left - 6}" y="{plot_h + 10}" text-anchor="end" font-size="12">0</text>',
    ]
    y: float  # the top of the next block, moving up the column
    for i, k in enumerate(keys):
        x, y = left + 8 + i * (col + gap), plot_h + 10
        for lab in LABELS:
            n = months[k][lab]
            if n:
                bh = plot_h * n / top
                y -= bh
                parts.append(
                    f'<rect x="{x}" y="{y:.1f}" width="{col}" height="{bh:.1f}" fill="{COLORS[lab]}">'
                    f"<title>{k}: {lab} {n}</title></rect>"
                )
        parts.append(
            f'<text x="{x + col / 2}" y="{plot_h + 26}" text-anchor="middle" font-size="11">{_month(k, i)}</text>'
        )
    lx = left
    for lab in LABELS:
        parts.append(f'<rect x="{lx}" y="{plot_h + 44}" width="12" height="12" fill="{COLORS[lab]}"/>')
        parts.append(f'<text x="{lx + 16}" y="{plot_h + 55}" font-size="12">{lab}</text>')
        lx += 24 + 8 * len(lab)
    parts.append("</svg>")
    return "".join(parts)


def _png(fig: Any, alt: str) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, bbox_inches="tight", metadata={"Software": None})
    return f'<img alt="{escape(alt)}" src="data:image/png;base64,{base64.b64encode(buf.getvalue()).decode()}">'


def mpl_bars(counts: Counter[str], title: str) -> str:
    from matplotlib.figure import Figure

    total = sum(counts.values())
    fig = Figure(figsize=(6.4, 2.4))
    ax = fig.subplots()
    labels = list(LABELS)[::-1]
    vals = [counts[lab] for lab in labels]
    ax.barh(labels, vals, color=[COLORS[lab] for lab in labels])
    for y, v in enumerate(vals):
        ax.text(v, y, f" {v} ({_pct(v, total)})", va="center", fontsize=9)
    ax.set_xlim(0, max([*vals, 1]) * 1.25)
    ax.spines[["top", "right"]].set_visible(False)
    ax.set_xlabel("people")
    return _png(fig, title)


def mpl_months(months: dict[str, Counter[str]], title: str) -> str:
    from matplotlib.figure import Figure

    keys = list(months)
    fig = Figure(figsize=(max(6.4, 0.45 * len(keys) + 1.5), 3.0))
    ax = fig.subplots()
    bottom = [0] * len(keys)
    for lab in LABELS:
        vals = [months[k][lab] for k in keys]
        ax.bar([_month(k, i) for i, k in enumerate(keys)], vals, bottom=bottom, color=COLORS[lab], label=lab)
        bottom = [b + v for b, v in zip(bottom, vals)]
    ax.legend(ncol=5, fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.18), frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    ax.set_ylabel("people")
    ax.tick_params(axis="x", labelsize=8)
    return _png(fig, title)


def _engine(report: Report) -> str:
    if report.charts == "svg":
        return "svg"
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        if report.charts == "matplotlib":
            raise missing_dependency("matplotlib", "report", "Drawing report charts with matplotlib") from None
        return "svg"
    return "matplotlib"


NO_CHIPS = '<span class="muted">(no confident messages)</span>'
NO_EXAMPLES = '<p class="muted">No confident message with this motive.</p>'


# -- page --------------------------------------------------------------------------------------------------------------
def _dot(lab: str) -> str:
    return f'<span class="dot" style="background:{COLORS[lab]}"></span>{escape(lab)}'


def _when(r: Reach) -> str:
    return f"{r.item.date:%Y-%m-%d}" if r.item.date else ""


def _quote(report: Report, r: Reach, limit: int = 600) -> str:
    text = report.redactor.text(r.item.text)
    if not text:
        head = report.redactor.text(r.item.headline or "")
        return f'<span class="muted">(no message; headline: {escape(head)})</span>'
    return escape(text if len(text) <= limit else text[:limit].rstrip() + "…")


def _who(report: Report, r: Reach) -> str:
    name = escape(report.redactor.person(r.item.key, r.item.sender))
    if report.redacted or not r.item.sender_url or not r.item.sender_url.startswith("https://"):
        return name
    return f'<a href="{escape(r.item.sender_url)}" rel="noreferrer noopener">{name}</a>'


def _scores(r: Reach, n: int = 2) -> str:
    top = sorted(r.pred.scores.items(), key=lambda kv: -kv[1])[:n]
    return " / ".join(f"{escape(k)} {v:.0%}" for k, v in top)


def _flags(r: Reach) -> str:
    tags = []
    if r.template is not None:
        tags.append(f'<span class="tag tpl">template #{r.template}</span>')
    if r.pred.uncertain:
        tags.append('<span class="tag warn">uncertain</span>')
    if (r.item.folder or "").upper() == "SPAM":
        tags.append('<span class="tag">spam folder</span>')
    tags.append(f'<span class="tag">{escape(r.item.source)}</span>')
    return "".join(tags)


def _share_table(counts: Counter[str], what: str) -> str:
    total = sum(counts.values())
    rows = "".join(
        f'<tr><td>{_dot(lab)}</td><td class="num">{counts[lab]}</td><td class="num">{_pct(counts[lab], total)}</td>'
        f"<td>{escape(LABEL_DESCRIPTIONS[lab])}</td></tr>"
        for lab in LABELS
    )
    return (
        f'<table><tr><th>motive</th><th class="num">{escape(what)}</th><th class="num">share</th>'
        f"<th>they want to…</th></tr>{rows}</table>"
    )


def _month_table(months: dict[str, Counter[str]]) -> str:
    head = "".join(f'<th class="num">{escape(lab)}</th>' for lab in LABELS)
    rows = []
    for k, c in months.items():
        total = sum(c.values())
        cells = "".join(
            f'<td class="num">{c[lab]} <span class="muted small">{_pct(c[lab], total)}</span></td>' for lab in LABELS
        )
        rows.append(f'<tr><td>{k}</td><td class="num">{total}</td>{cells}</tr>')
    return f'<details><summary>The numbers, month by month</summary><table><tr><th>month</th><th class="num">people</th>{head}</tr>{"".join(rows)}</table></details>'


def render(report: Report) -> str:
    """The whole page."""
    engine = _engine(report)
    bars, months_chart = (mpl_bars, mpl_months) if engine == "matplotlib" else (svg_bars, svg_months)
    shares, months = report.shares(), report.by_month()
    conn = Counter(p.label for _, p in report.connections)
    total = len(report.people)
    out: list[str] = [
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<title>Why do people link with me? · linkmotive report</title>\n"
        f"<style>{CSS}</style>\n</head>\n<body>\n"
    ]
    span = report.generated.get("span", "").lstrip(", ")
    out.append(
        '<header id="top"><h1>Why do people link with me?</h1>'
        f'<p class="muted">{escape(report.source)} · {total} people reached out '
        f"({report.counts['invitations']} invitations, {report.counts['conversations']} conversations they started"
        f"{', ' + escape(span) if span else ''}) · {len(report.connections)} connections</p>"
        '<nav><a href="#overview">Overview</a><a href="#by-month">By month</a><a href="#motives">Motives</a>'
        '<a href="#uncertain">Uncertain</a><a href="#templates">Templates</a><a href="#triage">Answer first</a>'
        '<a href="#connections">Connections</a><a href="#about">About</a></nav></header>\n'
    )
    # Overview
    title = "People who reached out, by motive"
    out.append(
        f'<section id="overview"><h2>{title}</h2><p>Each person counts once, by their clearest message '
        "(an invitation without a message counts by the sender's headline).</p>"
        f'<div class="chart">{bars(shares, title)}</div>{_share_table(shares, "people")}</section>\n'
    )
    # By month
    title = "People who reached out, by month and motive"
    body = (
        f'<div class="chart">{months_chart(months, title)}</div>{_month_table(months)}'
        if months
        else "<p>No dates in the export.</p>"
    )
    out.append(
        f'<section id="by-month"><h2>By month</h2><p>The month of each person\'s first message.</p>{body}</section>\n'
    )
    # Motives
    out.append(
        '<section id="motives"><h2>Each motive: typical messages and the phrases behind them</h2>'
        "<p>The most confident messages of each motive (personal ones first, at most one per template), "
        "and the features "
        "<code>linkmotive.explain</code> found pushing hardest toward it, summed over up to a dozen messages.</p>"
    )
    for lab in LABELS:
        chips = "".join(
            f'<span class="chip" title="total weight {w:+.2f}">{escape(report.redactor.feature(f))} '
            f'<span class="muted">×{n}</span></span>'
            for f, w, n in report.phrases.get(lab, [])
        )
        examples = "".join(
            f'<blockquote>{_quote(report, r)}<br><span class="muted small">{_who(report, r)} · {_when(r)} · '
            f"{r.pred.confidence:.0%} {escape(lab)}</span></blockquote>"
            for r in report.typical(lab)
        )
        out.append(
            f'<article id="motive-{lab}"><h3>{_dot(lab)} — {shares[lab]} people</h3>'
            f'<p class="muted">They want to {escape(LABEL_DESCRIPTIONS[lab])}.</p>'
            f"<p>{chips or NO_CHIPS}</p>{examples or NO_EXAMPLES}</article>"
        )
    out.append("</section>\n")
    # Uncertain
    unc = report.uncertain()
    rows = "".join(
        f'<tr><td>{_who(report, r)}</td><td class="nw">{_when(r)}</td><td>{_scores(r)}</td><td>{_quote(report, r, 300)}</td>'
        f"<td>{_flags(r)}</td></tr>"
        for r in unc[:40]
    )
    more = f'<p class="muted">…and {len(unc) - 40} more.</p>' if len(unc) > 40 else ""
    out.append(
        '<section id="uncertain"><h2>Uncertain: worth reading yourself</h2>'
        f"<p>{len(unc)} messages fell under the model's confidence threshold for their label. "
        "The two likeliest motives are shown; least confident first.</p>"
        + (
            f"<table><tr><th>from</th><th>date</th><th>likeliest</th><th>message</th><th></th></tr>{rows}</table>{more}"
            if unc
            else "<p>None.</p>"
        )
        + "</section>\n"
    )
    # Templates
    groups = []
    for g in report.templates:
        senders = "".join(
            f"<li>{_who(report, r)} · {_when(r)} · {r.pred.label} {r.pred.confidence:.0%}</li>" for r in g.members
        )
        groups.append(
            f'<details id="template-{g.id}"><summary><span class="tag tpl">template #{g.id}</span> '
            f"{len(g.members)} messages from {g.senders} different senders · mostly {_dot(g.label)} · "
            f"similarity {g.similarity:.0%}</summary><blockquote>{_quote(report, g.members[0])}</blockquote>"
            f"<ul>{senders}</ul></details>"
        )
    out.append(
        '<section id="templates"><h2>Templates and mass outreach</h2>'
        "<p>Groups of near-identical messages sent by different people: a sequence tool, a campaign or a "
        "copied script. They count half in the triage list below.</p>"
        + ("".join(groups) or "<p>No template groups found.</p>")
        + "</section>\n"
    )
    # Triage
    tri = report.triage()
    rows = "".join(
        f'<tr><td class="num">{n}</td><td>{_who(report, r)}</td><td class="nw">{_when(r)}</td>'
        f'<td class="num">{p_want:.0%}</td><td>{_dot(r.pred.label)} {r.pred.confidence:.0%}</td>'
        f"<td>{_quote(report, r, 240)}</td><td>{_flags(r)}</td></tr>"
        for n, (_, r, p_want) in enumerate(tri, 1)
    )
    out.append(
        f'<section id="triage"><h2>Answer first: {escape(", ".join(report.want))}</h2>'
        f"<p>People ranked by the probability that what they want is one of <b>{escape(', '.join(report.want))}</b> "
        "(the sum of those motives' calibrated scores; a template message counts half). Only people at 50% or more "
        "are listed. Change the order with <code>--want</code>.</p>"
        + (
            '<table><tr><th class="num">#</th><th>who</th><th>date</th><th class="num">P(wanted)</th>'
            f"<th>motive</th><th>message</th><th></th></tr>{rows}</table>"
            if tri
            else "<p>Nobody scores 50% or more.</p>"
        )
        + "</section>\n"
    )
    # Connections
    title = "Your connections, by the motive their headline advertises"
    out.append(
        f'<section id="connections"><h2>Your connections by headline</h2><p>{len(report.connections)} connections '
        "with a position, classified as headlines (<code>Position at Company</code>; a plain job title counts as "
        "network, rule 5 of the label guide).</p>"
        + (f'<div class="chart">{bars(conn, title)}</div>{_share_table(conn, "connections")}' if conn else "")
        + "</section>\n"
    )
    # About
    notes = "".join(f"<li>{escape(n)}</li>" for n in report.notes)
    redaction = (
        "Redacted: names from the export, names after greetings and sign-offs, e-mail addresses, phone numbers and "
        "URLs were replaced, and people are numbered. Names the export does not hold (someone mentioned in a "
        "message) can remain."
        if report.redacted
        else "Not redacted: this page shows names and messages. Use <code>--redact</code> before sharing it."
    )
    from ._version import __version__

    out.append(
        '<section id="about"><h2>About this report</h2>'
        f"<p>Made offline by linkmotive {escape(__version__)} with {escape(report.model_name)}. Files read: "
        f"{escape(', '.join(report.generated.get('files', [])))}. Charts: "
        f"{'matplotlib' if engine == 'matplotlib' else 'inline SVG'}.</p><p>{redaction}</p>"
        "<p>Predictions are a model's reading of short texts: wrong sometimes, and most often on the uncertain "
        "ones listed above. Treat the page as a way to sort an inbox, not as a verdict on anyone.</p>"
        f"<ul>{notes}</ul></section>\n</body>\n</html>\n"
    )
    return "".join(out)


def chart_engines() -> Sequence[str]:
    """The chart engines available here (``"svg"`` always)."""
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return ("svg",)
    return ("svg", "matplotlib")
