"""MkDocs hook (see mkdocs.yml ``hooks:``): turn Sphinx roles left in docstrings into cross-references.

The package's numpydoc docstrings use Sphinx roles (``:func:`train```, ``:class:`~linkmotive.Model```),
which Markdown renders as ``:func:<code>train</code>``. This hook rewrites each into an optional
mkdocs-autorefs reference: a link where the target is documented on the site, plain code otherwise.
"""

from __future__ import annotations

import re
from typing import Any

ROLE = re.compile(r":(?:py:)?(?:func|class|meth|data|attr|mod|exc|obj|const):<code>(~?)([\w.]+)(\(\))?</code>")


def _reference(match: re.Match[str]) -> str:
    short, target, call = match.group(1), match.group(2), match.group(3) or ""
    identifier = target if target.startswith("linkmotive") else f"linkmotive.{target}"
    title = target.rsplit(".", 1)[-1] if short else target
    return f'<autoref identifier="{identifier}" optional><code>{title}{call}</code></autoref>'


def on_page_content(html: str, **kwargs: Any) -> str:
    return ROLE.sub(_reference, html)
