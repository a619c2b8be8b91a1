"""Markdown written by the staff, rendered to HTML that cannot carry a script, a style or an event handler:
markdown-it-py (CommonMark, raw HTML disabled: it is shown as text) then nh3 (Ammonia) keeps only an allow-list of
tags and attributes, and only http(s), mailto and tel links. The strict Content-Security-Policy forbids inline
styles and scripts: the sanitiser removes them before a browser would have to refuse them."""

import nh3
from markdown_it import MarkdownIt

_MARKDOWN = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")

# h1 is the page's title: headings in the body start at h2 (a « # » heading keeps its text, loses its tag)
BALISES = {
    "h2", "h3", "h4", "p", "br", "hr", "strong", "em", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "table", "thead", "tbody", "tr", "th", "td", "abbr",
}  # fmt: skip
ATTRIBUTS = {"a": {"href", "title"}, "abbr": {"title"}, "ol": {"start"}}
SCHEMAS = {"http", "https", "mailto", "tel"}


def html_sur(html: str) -> str:
    """Any HTML reduced to the allow-list (tags, attributes, URL schemes); external links get rel=noopener."""
    return nh3.clean(html, tags=BALISES, attributes=ATTRIBUTS, url_schemes=SCHEMAS, link_rel="noopener noreferrer")


def markdown_en_html(texte: str) -> str:
    return html_sur(_MARKDOWN.render(texte or ""))
