"""The five motives linkmotive predicts, in their fixed order."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

__all__ = ["KINDS", "LABELS", "LABEL_DESCRIPTIONS"]

LABELS: Final[tuple[str, ...]] = ("network", "learn", "avoid-mistakes", "sell", "buy")
"""The five labels, always in this order (score columns, matrices, reports)."""

LABEL_DESCRIPTIONS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "network": "grow or keep up their network: they know you, share a context, or want to belong to the same circle",
        "learn": "learn more from you because they like your ideas: advice, mentoring, your thinking",
        "avoid-mistakes": "learn from what went wrong, or from a view they disagree with, so as not to repeat a mistake",
        "sell": "sell you something: a product, a service, their own work or candidacy, an investment",
        "buy": "buy from you: your product, service, time or work, including hiring you",
    }
)
"""One line per label saying what the sender wants."""

KINDS: Final[tuple[str, ...]] = ("message", "headline")
"""What a text is: a message (connection note or first message) or a profile headline."""
