"""Label-preserving noise for training rows: what real inboxes do to a message.

LABELS.md rule 10: names, template placeholders, capitals, punctuation and
truncation do not change the label. :func:`augment_rows` derives such variants
from labeled message rows, deterministically for a seed. Each variant is marked
``"source": "generated"`` and names its ``parent`` row; generated rows are kept
apart from the hand-written corpus (``data/generated/``) and never counted in
its statistics.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable
from typing import Any

__all__ = ["PLACEHOLDERS", "augment_rows"]

PLACEHOLDERS = (
    "[First Name]",
    "{{first_name}}",
    "{name}",
    "${name}",
    "[Name]",
    "{{firstName}}",
    "[NAME]",
    "<first name>",
)
_GREETING = re.compile(r"^(Hi|Hello|Hey|Dear|Hola|Bonjour|Hallo|Ciao|Olá|Oi|Hoi|Cześć|Hej)\s+([A-Z][\w'-]+)")
_PUNCT = re.compile(r"[.,!?;:]")


def _variants(text: str, rnd: random.Random) -> list[tuple[str, str]]:
    out = []
    m = _GREETING.match(text)
    if m:
        out.append(("placeholder", text[: m.start(2)] + rnd.choice(PLACEHOLDERS) + text[m.end(2) :]))
    if rnd.random() < 0.3:
        out.append(("lowercase-no-punctuation", _PUNCT.sub("", text.lower())))
    if rnd.random() < 0.15:
        out.append(("all-caps", text.upper()))
    words = text.split()
    if len(words) > 40 and rnd.random() < 0.3:
        out.append(("truncated", " ".join(words[: len(words) * 2 // 3]) + "..."))
    return out


def augment_rows(rows: Iterable[dict[str, Any]], seed: int = 0) -> list[dict[str, Any]]:
    """Noisy variants of the message rows in ``rows`` (headline rows are left alone).

    Examples
    --------
    >>> rows = [{"id": "m1", "kind": "message", "text": "Hi Ana, we met in Lima!", "label": "network"}]
    >>> [g["augmentation"] for g in augment_rows(rows)]
    ['placeholder']
    >>> augment_rows(rows)[0]["source"], augment_rows(rows)[0]["parent"]
    ('generated', 'm1')
    """
    rnd = random.Random(seed)
    generated = []
    for row in rows:
        if row.get("kind", "message") != "message":
            continue
        for n, (how, text) in enumerate(_variants(row["text"], rnd)):
            if text.strip() and text != row["text"]:
                generated.append(
                    {
                        **row,
                        "id": f"gen-{row['id']}-{n}",
                        "text": text,
                        "source": "generated",
                        "parent": row["id"],
                        "augmentation": how,
                    }
                )
    return generated
