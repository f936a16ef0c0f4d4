"""Full-text search over suppliers, used by the directory's filter (procurement.filters).

A module of its own so that the imports run one way: selectors import the filters, the filters import this.
"""

import functools
import operator
import re

import snowballstemmer
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, QuerySet
from django.utils import translation

from accounts.models import Municipality, Region, Theme
from core.kept import kept_per_process

from .models import Category, Offering, SearchWord, Supplier

# PostgreSQL's Dutch stop words (share/tsearch_data/dutch.stop, Snowball's list): the 'dutch' configuration leaves
# them out of every search vector, so a search can only ever find them as the start of another word ("en" as the
# start of "energie"), which matches nearly every supplier and makes PostgreSQL scan them all.
_DUTCH_STOP_LIST = """
    de en van ik te dat die in een hij het niet zijn is was op aan met als voor had er maar om hem dan zou of wat mijn
    men dit zo door over ze zich bij ook tot je mij uit der daar haar naar heb hoe heeft hebben deze u want nog zal me
    zij nu ge geen omdat iets worden toch al waren veel meer doen toen moet ben zonder kan hun dus alles onder ja eens
    hier wie werd altijd doch wordt wezen kunnen ons zelf tegen na reeds wil kon niets uw iemand geweest andere
"""
DUTCH_STOP_WORDS = frozenset(_DUTCH_STOP_LIST.split())


def search_words(text: str) -> list[str]:
    """The words of a search, letters and digits only (so nothing reaches tsquery syntax), at most ten; Dutch stop
    words left out ("koffie en thee" is "koffie thee"), unless the search has nothing else (someone typing "de"
    may be on the way to "Deventer")."""
    words = re.findall(r"[^\W_]+", text.lower())[:10]
    return [word for word in words if word not in DUTCH_STOP_WORDS] or words


_STEMMER = snowballstemmer.stemmer("dutch")
_LONG_VOWEL = re.compile(r"(?<![aeiou])([aeou])\1([^aeiou])$")  # "schoonmaak": the "aa" before the last consonant
_SHORT_VOWEL = re.compile(r"(?<![aeiou])([aeou])([^aeiou])$")  # "schoonmak": the "a" before the last consonant
MIN_STEM_LENGTH = 4  # shorter stems ("bak" of "bakkerij") would match far too much as a prefix


def word_forms(word: str) -> list[str]:
    """The forms a search word is matched in, each as the start of a word (PostgreSQL) or anywhere (SQLite): as
    typed, its Dutch stem, and the stem with its last vowel long or short, since Dutch writes one syllable both
    ways ("schoonmaken" and "schoonmaak" both stem to "schoonmaak", which is in neither "schoonmaken" nor the
    stem "schoonmak" that PostgreSQL's older Dutch stemmer stores)."""
    forms = [word]
    stem = _STEMMER.stemWord(word)
    if stem != word and len(stem) >= MIN_STEM_LENGTH:
        forms.append(stem)
    last = forms[-1]
    if len(last) >= MIN_STEM_LENGTH:
        forms.append(_LONG_VOWEL.sub(r"\1\2", last) if _LONG_VOWEL.search(last) else _SHORT_VOWEL.sub(r"\1\1\2", last))
    return list(dict.fromkeys(form for form in forms if form == word or len(form) >= MIN_STEM_LENGTH))


@functools.cache
def _labels(language: str) -> dict[tuple[str, str], str]:
    """The name of every category and theme in `language`, by (kind, code); made once per language."""
    with translation.override(language):
        labels = {("category", code): str(label) for code, label in Category.choices}
        labels |= {("theme", code): str(label) for code, label in Theme.Code.choices}
    return labels


def _names(token: str, forms: tuple[str, ...]) -> bool:
    """Whether a word of a name is one of the forms, or starts with one of three letters or more."""
    return any(token == form or (len(form) >= 3 and token.startswith(form)) for form in forms)


@kept_per_process(maxsize=4096)
def matching_labels(word: str) -> tuple[tuple[str, str, str], ...]:
    """(kind, code, Dutch name) of the categories and themes whose name, in Dutch or English, has a word that
    starts with one of the word's forms ("schoonmaken" and "cleaning" both name the category Schoonmaak). Kept
    per word: the names are the same for every search, and matching them costs more than the rest of a search's
    query."""
    forms = tuple(word_forms(word))
    dutch = _labels("nl")
    found = [
        key
        for language in ("nl", "en")
        for key, label in _labels(language).items()
        if any(_names(token, forms) for token in re.findall(r"[^\W_]+", label.lower()))
    ]
    return tuple((kind, code, dutch[kind, code]) for kind, code in dict.fromkeys(found))


class TsQuery(SearchQuery):
    """A query written in tsquery's own syntax (`'kringlop':* | 'textiel' & 'bedrijfskled'`), taken as it is."""

    template = "%(expressions)s::tsquery"

    def __init__(self, text: str) -> None:
        super().__init__(text, search_type="raw")


_PREFIX = re.compile(r"'([^']+)':\*")
_LEXEMES = re.compile(r"'[^']+'(?: & '[^']+')*")


@kept_per_process(maxsize=4096)
def _fewest_prefixes(word: str) -> str | None:
    """The word's query (_word_query) with what another part of it covers left out, in tsquery syntax: every match
    of `koffie:*` is one of `koffi:*`, the Dutch stem; so is every match of `'textiel' & 'bedrijfskled'` (a
    category's name) one of `bedrijfskled:*`. The same suppliers match, and the GIN index reads each posting list
    once instead of once per form that reaches it, which at 100,000 suppliers is most of a common word's cost.
    PostgreSQL turns the forms into lexemes (its Dutch stemmer is not Snowball's of Python), once per word and
    process. None when a form is not one prefix or a name not one conjunction of lexemes (_word_query then sends
    the forms as they are)."""
    forms = word_forms(word)
    names = [dutch for _kind, _code, dutch in matching_labels(word)]
    parsed = (
        ["to_tsquery('dutch', %s)::text"]
        + ["to_tsquery('simple', %s)::text"] * len(forms)
        + ["plainto_tsquery('dutch', %s)::text"] * len(names)
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parsed), [f"{word}:*", *(f"{form}:*" for form in forms), *names])
        texts = cursor.fetchone()
    prefixes: list[str] = []
    for text in texts[: 1 + len(forms)]:
        if not text:  # a stop word has no Dutch lexeme
            continue
        match = _PREFIX.fullmatch(text)
        if match is None:
            return None
        prefixes.append(match.group(1))
    fewest: list[str] = []
    for prefix in sorted(set(prefixes), key=lambda prefix: (len(prefix), prefix)):  # the same text in every process
        if not any(prefix.startswith(shorter) for shorter in fewest):
            fewest.append(prefix)
    parts = [f"'{prefix}':*" for prefix in fewest]
    for text in texts[1 + len(forms) :]:
        if not text:
            continue
        if _LEXEMES.fullmatch(text) is None:
            return None
        lexemes = text.replace("'", "").split(" & ")
        part = f"( {text} )"
        if part not in parts and not any(lexeme.startswith(tuple(fewest)) for lexeme in lexemes):
            parts.append(part)
    return " | ".join(parts)


# A supplier's themes, the categories of its products and services and its organisation's municipality (by id,
# which a renamed municipality keeps), kept in its search vector as lexemes of their own
# (procurement.services.suppliers_refresh_search), so that a search filtered by them is one probe of the GIN index:
# PostgreSQL joins no supplier to its themes, offerings or organisation, and the index hands the heap only the
# suppliers that match the text and the filters both (at 100,000 suppliers a theme's 22,000 rows were read for
# every count). They begin with "@", which no search word has (search_words keeps letters and digits), so that no
# text, nor the start of one, ever finds them, nor writes them out from SearchWord (_written_out). An organisation
# that moves to another municipality has its suppliers' vectors refreshed (services.suppliers_moved).
FACET_KINDS = ("theme", "category", "municipality")


def facet(kind: str, code: object) -> str:
    """The lexeme that says a supplier has this theme, offers in this category or is based in the municipality with
    this id: "@theme:circular", "@municipality:12"."""
    return f"@{kind}:{code}"


def _quoted_facet(kind: str, code: object) -> str:
    """The facet as one lexeme of a query in tsquery syntax."""
    return "'" + facet(kind, code).replace("'", "''") + "'"


def _with_facet(queryset: QuerySet[Supplier], kind: str, code: object) -> QuerySet[Supplier]:
    """PostgreSQL: the suppliers whose search vector holds the facet (the code is one of the filter's choices)."""
    return queryset.filter(search_vector=TsQuery(_quoted_facet(kind, code)))


def in_theme(queryset: QuerySet[Supplier], code: str) -> QuerySet[Supplier]:
    """Suppliers with this impact theme: on PostgreSQL by the facet in their search vector."""
    if connection.vendor == "postgresql":
        return _with_facet(queryset, "theme", code)
    themes = Supplier.themes.through.objects.filter(supplier=OuterRef("pk"), theme__code=code)
    return queryset.filter(Exists(themes))


def in_category(queryset: QuerySet[Supplier], code: str) -> QuerySet[Supplier]:
    """Suppliers with a product or service in this category: on PostgreSQL by the facet in their search vector."""
    if connection.vendor == "postgresql":
        return _with_facet(queryset, "category", code)
    return queryset.filter(Exists(Offering.objects.filter(supplier=OuterRef("pk"), category=code)))


def in_municipality(queryset: QuerySet[Supplier], municipality: Municipality) -> QuerySet[Supplier]:
    """Suppliers whose organisation is based in the municipality: on PostgreSQL by the facet in their search
    vector, elsewhere through the organisation."""
    if connection.vendor == "postgresql":
        return _with_facet(queryset, "municipality", municipality.pk)
    return queryset.filter(organisation__municipality=municipality)


def in_region(queryset: QuerySet[Supplier], region: Region) -> QuerySet[Supplier]:
    """Suppliers based in one of the region's municipalities: on PostgreSQL by any of those municipalities' facets in
    their search vector (the region's municipalities are read with the search, so a municipality that joins or
    leaves a region needs no supplier refreshed), elsewhere through the organisation's municipality."""
    if connection.vendor != "postgresql":
        return queryset.filter(organisation__municipality__region=region)
    municipalities = list(region.municipalities.values_list("pk", flat=True))
    if not municipalities:
        return queryset.none()
    any_of_them = " | ".join(_quoted_facet("municipality", pk) for pk in municipalities)
    return queryset.filter(search_vector=TsQuery(any_of_them))


def _word_query(word: str) -> SearchQuery:
    """A word as a prefix, stemmed the Dutch way or in any of its forms; or the Dutch name of a category or theme
    it names, which every supplier's search vector holds (on PostgreSQL with the parts another covers left out)."""
    fewest = _fewest_prefixes(word)
    if fewest:
        return TsQuery(fewest)
    query = SearchQuery(f"{word}:*", config="dutch", search_type="raw")
    for form in word_forms(word):
        query |= SearchQuery(f"{form}:*", config="simple", search_type="raw")
    for _kind, _code, dutch in matching_labels(word):
        query |= SearchQuery(dutch, config="dutch", search_type="plain")
    return query


def _label_condition(word: str) -> Q:
    """SQLite: suppliers with an offering in a category, or a theme, that the word names, or whose texts hold
    every word of its Dutch name (as PostgreSQL finds that name in the search vector)."""
    labels = matching_labels(word)
    categories = [code for kind, code, _dutch in labels if kind == "category"]
    themes = [code for kind, code, _dutch in labels if kind == "theme"]
    condition = Q(pk__in=[])
    if categories:
        condition |= Q(Exists(Offering.objects.filter(supplier=OuterRef("pk"), category__in=categories)))
    if themes:
        through = Supplier.themes.through.objects.filter(supplier=OuterRef("pk"), theme__code__in=themes)
        condition |= Q(Exists(through))
    for _kind, _code, dutch in labels:
        words = search_words(dutch)
        condition |= functools.reduce(operator.and_, (_text_condition(word_forms(w)) for w in words))
    return condition


WRITTEN_OUT_AT_MOST = 64  # words that a search's starts of words are written out as; more stay starts


def _quoted(word: str) -> str:
    """A word as a tsquery lexeme, quoted."""
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


def _written_out(query: str) -> str:
    """A query in tsquery syntax (_fewest_prefixes) with each start of a word (`'kringlop':*`) written out as the
    words that begin with it in the suppliers' search vectors (SearchWord): `( 'kringlop' | 'kringloopwinkel' )`,
    or the start itself as a whole word when none does (it then finds nobody, as the start did). The same suppliers
    match, and the GIN index reads each word's list as it is, where a start is matched against every word of the
    index and its lists gathered first (at 100,000 suppliers a third of a common search's count). One query; the
    query as it is when its starts have more than WRITTEN_OUT_AT_MOST words (a letter or two being typed)."""
    starts = sorted(set(_PREFIX.findall(query)))
    if not starts:
        return query
    beginning = functools.reduce(operator.or_, (Q(word__startswith=start) for start in starts))
    words = list(SearchWord.objects.filter(beginning).values_list("word", flat=True)[: WRITTEN_OUT_AT_MOST + 1])
    if len(words) > WRITTEN_OUT_AT_MOST:
        return query

    def out(match: re.Match) -> str:
        found = [word for word in words if word.startswith(match.group(1))] or [match.group(1)]
        return "( " + " | ".join(_quoted(word) for word in sorted(found)) + " )"

    return _PREFIX.sub(out, query)


def text_search(queryset: QuerySet[Supplier], text: str) -> QuerySet[Supplier]:
    """Suppliers whose name, descriptions, products or services match every word of `text`.

    PostgreSQL: full-text search with the 'dutch' configuration on the stored, GIN-indexed `search_vector`
    (each word also matches as a prefix, so "kringl" finds "kringloop"; and unstemmed as well, so that
    "kringloop" finds the compound "kringloopbedrijf", which the stemmer would miss as "kringlop"),
    annotated with `name_match`: whether the supplier's name alone matches the search (on the GIN index of names,
    migration 0011), which the directory's best match lists first.
    Elsewhere (SQLite): icontains on the same texts, every word somewhere.
    """
    words = search_words(text)
    if not words:
        return queryset
    if connection.vendor == "postgresql":
        query = functools.reduce(operator.and_, (_word_query(word) for word in words))
        name_match = ExpressionWrapper(Q(name_vector=query), output_field=BooleanField())
        fewest = [_fewest_prefixes(word) for word in words]
        if all(fewest):
            query = TsQuery(_written_out(" & ".join(f"( {each} )" for each in fewest)))
        return (
            queryset.filter(search_vector=query)
            .alias(name_vector=SearchVector("sort_name", config="dutch"))
            .annotate(name_match=name_match)
        )
    condition = Q()
    for word in words:
        condition &= _text_condition(word_forms(word)) | _label_condition(word)
    return queryset.filter(condition)


def _text_condition(forms: list[str]) -> Q:
    """SQLite: suppliers whose own texts or offerings hold one of the forms somewhere."""
    in_supplier, in_offering = Q(), Q()
    for form in forms:
        in_supplier |= (
            Q(organisation__name__icontains=form)
            | Q(description__icontains=form)
            | Q(impact__icontains=form)
            | Q(city__icontains=form)
        )
        in_offering |= Q(title__icontains=form) | Q(description__icontains=form)
    return in_supplier | Q(Exists(Offering.objects.filter(supplier=OuterRef("pk")).filter(in_offering)))
