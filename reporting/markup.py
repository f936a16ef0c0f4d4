"""The narrative's plain editor: a small, safe Markdown subset with figures inserted by name.

Allowed: paragraphs, bulleted and numbered lists, **bold**, *italic*, line breaks and links
(http, https and mailto only). Everything else is text: raw HTML is escaped, images, headings,
tables and code are not recognised, and the HTML is sanitised again with nh3 (Ammonia) against an
allow-list, so nothing a coordinator types can add a script, a stylesheet, an image or an
attachment to the letter.

Lists nest at most MAX_LIST_DEPTH deep: deeper nesting is refused at save (`nesting_problem`), never
dropped from the preview or the PDF.

A figure is written as ``[[name]]``; it is replaced by the figure's value, written the Dutch way.
Used by the live preview and by the renderer; knows neither the database nor the figure catalogue.
"""

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

import nh3
from django.utils import formats
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from markdown_it import MarkdownIt
from markdown_it.token import Token

FIGURE_TOKEN = re.compile(r"\[\[\s*([a-z][a-z0-9_]*)\s*\]\]")
LONG_WORD = re.compile(r"\S{25,}")  # a URL or a long compound: marked so that it may wrap anywhere
ALLOWED_TAGS = {"p", "ul", "ol", "li", "strong", "em", "a", "br", "span"}
ALLOWED_ATTRIBUTES = {"a": {"href"}, "span": {"class", "data-figure"}, "ol": {"start"}}
ALLOWED_SCHEMES = {"http", "https", "mailto"}
MAX_LIST_DEPTH = 3  # a list in a list in a list; deeper, the letter's indents eat its column
MAX_NESTING = 100  # markdown-it's guard against runaway nesting, far above what a form accepts


def format_value(value, kind: str) -> str:
    """A figure's value as the letter writes it, in the active language (Dutch: 1.234 and € 1.234,50)."""
    if value is None or value == "":
        return "–"
    if kind == "date":
        try:
            return formats.date_format(date.fromisoformat(str(value)), "j F Y")
        except ValueError:
            return str(value)
    if kind == "text":
        return str(value)
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    if kind == "euros":
        places = 0 if number == number.to_integral_value() else 2
        return "€ " + formats.number_format(number, places, use_l10n=True, force_grouping=True)
    if kind == "percent":  # whole percent, rounded half up: 37.9 is 38%
        return formats.number_format(_whole(number), 0, use_l10n=True) + "%"
    if kind in ("hours", "decimal") and number % 1:
        return formats.number_format(number, 1, use_l10n=True, force_grouping=True)
    return formats.number_format(_whole(number), 0, use_l10n=True, force_grouping=True)


def _whole(number: Decimal) -> int:
    return int(number.quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass
class Rendered:
    html: SafeString
    figures_used: set[str] = field(default_factory=set)
    unknown_figures: set[str] = field(default_factory=set)


def _split_figures(state) -> None:
    """A core rule: cut every text token at its [[figure]] tokens."""
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        children = []
        for token in block.children:
            if token.type != "text" or "[[" not in token.content:
                children.append(token)
                continue
            position = 0
            for match in FIGURE_TOKEN.finditer(token.content):
                if match.start() > position:
                    children.append(_text(token.content[position : match.start()]))
                figure = Token("figure", "", 0)
                figure.meta = {"name": match.group(1)}
                children.append(figure)
                position = match.end()
            if position < len(token.content):
                children.append(_text(token.content[position:]))
        block.children = children


def _mark_long_words(state) -> None:
    """A core rule: a long word or URL becomes a token of its own, printed as <span class="letter-long">."""
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        children = []
        for token in block.children:
            if token.type != "text" or not LONG_WORD.search(token.content):
                children.append(token)
                continue
            position = 0
            for match in LONG_WORD.finditer(token.content):
                if match.start() > position:
                    children.append(_text(token.content[position : match.start()]))
                long_word = Token("long_word", "", 0)
                long_word.content = match.group(0)
                children.append(long_word)
                position = match.end()
            if position < len(token.content):
                children.append(_text(token.content[position:]))
        block.children = children


def _long_word_rule(renderer, tokens, index, options, env) -> str:
    return f'<span class="letter-long">{escape(tokens[index].content)}</span>'


def _text(content: str) -> Token:
    token = Token("text", "", 0)
    token.content = content
    return token


def _figure_rule(renderer, tokens, index, options, env) -> str:
    name = tokens[index].meta["name"]
    values = env["values"]
    if name not in values:
        env["unknown"].add(name)
        return f'<span class="letter-figure letter-figure--unknown">[[{escape(name)}]]</span>'
    env["used"].add(name)
    text = escape(format_value(values[name].get("value"), values[name].get("kind", "count")))
    if env["mark_figures"]:
        return f'<span class="letter-figure" data-figure="{escape(name)}">{text}</span>'
    return text


def _parser() -> MarkdownIt:
    parser = MarkdownIt("zero", {"html": False, "linkify": False, "typographer": False, "maxNesting": MAX_NESTING})
    parser.enable(["list", "newline", "escape", "emphasis", "link", "entity"])
    parser.core.ruler.push("figures", _split_figures)
    parser.core.ruler.push("long_words", _mark_long_words)
    parser.add_render_rule("figure", _figure_rule)
    parser.add_render_rule("long_word", _long_word_rule)
    return parser


PARSER = _parser()


def _only_allowed_attributes(tag: str, attribute: str, value: str) -> str | None:
    """Drop the attributes nh3 allows on every tag (lang, title): only the allow-list stays."""
    return value if attribute in ALLOWED_ATTRIBUTES.get(tag, ()) else None


def render(text: str, values: dict[str, dict] | None = None, *, mark_figures: bool = False) -> Rendered:
    """The narrative as safe HTML with its figures filled in from `values` ({name: {"value", "kind"}}).

    An unknown figure stays visible as [[name]] so that the coordinator sees the mistake.
    """
    used: set[str] = set()
    unknown: set[str] = set()
    env = {"values": values or {}, "used": used, "unknown": unknown, "mark_figures": mark_figures}
    html = PARSER.render(text or "", env)
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_only_allowed_attributes,
        url_relative="deny",
        url_schemes=ALLOWED_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    # Safe to mark: markdown-it escaped all raw HTML and nh3 kept only the allow-list above (tested by
    # tests/test_markup_escaped.py and tests/reporting/test_hostile.py).
    return Rendered(html=mark_safe(clean), figures_used=used, unknown_figures=unknown)  # noqa: S308


def list_depth(text: str) -> int:
    """How deep the text's lists nest: 0 without lists, 1 for a plain list, 2 for a list in a list..."""
    depth = deepest = 0
    for token in PARSER.parse(text or ""):
        if token.type in ("bullet_list_open", "ordered_list_open"):
            depth += 1
            deepest = max(deepest, depth)
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            depth -= 1
    return deepest


def nesting_problem(text: str) -> str | None:
    """What to tell the writer when the text's lists nest deeper than the letter shows, else None."""
    depth = list_depth(text)
    if depth <= MAX_LIST_DEPTH:
        return None
    return _(
        "Lists can be nested at most %(most)d levels deep in the letter; this text has %(depth)d levels. "
        "Indent the deepest items less."
    ) % {"most": MAX_LIST_DEPTH, "depth": depth}


def figure_names_in(text: str) -> set[str]:
    return set(FIGURE_TOKEN.findall(text or ""))
