"""Markdown to safe HTML: Python-Markdown renders, nh3 sanitises (it never trusts input)."""

import re
from functools import lru_cache

import markdown as md
import nh3
from markupsafe import Markup

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "del", "em", "h1", "h2", "h3", "h4", "h5",
    "h6", "hr", "i", "li", "ol", "p", "pre", "strong", "sub", "sup", "table", "tbody", "td",
    "th", "thead", "tr", "ul", "ins", "s",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"align"}, "td": {"align"}}
ALLOWED_SCHEMES = {"http", "https", "mailto"}
EXTENSIONS = ["tables", "sane_lists", "nl2br"]


_HEADING = re.compile(r"<(/?)h([1-6])\b")


def render_markdown(text: str | None, top: int = 1) -> Markup:
    """Render user Markdown; images are dropped (external images leak readers' addresses).
    `top` is the level a `#` heading takes, so that text placed under a page's <h2> has
    its own headings nested below it (top=3); deeper ones follow, down to <h6>."""
    if not text:
        return Markup("")
    html = _rendered(text)
    if top > 1:
        shift = top - 1
        html = _HEADING.sub(lambda m: f"<{m[1]}h{min(int(m[2]) + shift, 6)}", html)
    return Markup(html)  # noqa: S704 - the sanitiser's output, only heading levels changed


# Keyed by the text itself: the same text always renders the same, so a cached result can
# never be stale. Rendering is a third of a statement page; revisions and minutes are read
# far more often than written. Bounded so that a worker's memory stays small.
@lru_cache(maxsize=512)
def _rendered(text: str) -> str:
    html = md.markdown(text, extensions=EXTENSIONS, output_format="html")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )


def plain_text(text: str | None) -> str:
    """Markdown stripped to text (for e-mails, search, previews)."""
    if not text:
        return ""
    return nh3.clean(md.markdown(text), tags=set()).strip()
