"""Full-text search over suppliers, used by the directory's filter (procurement.filters).

A module of its own so that the imports run one way: selectors import the filters, the filters import this.
"""

import functools
import operator
import re

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import Exists, F, OuterRef, Q, QuerySet

from .models import Offering, Supplier

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


def _word_query(word: str) -> SearchQuery:
    """A word as a prefix, stemmed the Dutch way or as typed."""
    return SearchQuery(f"{word}:*", config="dutch", search_type="raw") | SearchQuery(
        f"{word}:*", config="simple", search_type="raw"
    )


def text_search(queryset: QuerySet[Supplier], text: str) -> QuerySet[Supplier]:
    """Suppliers whose name, descriptions, products or services match every word of `text`.

    PostgreSQL: full-text search with the 'dutch' configuration on the stored, GIN-indexed `search_vector`
    (each word also matches as a prefix, so "kringl" finds "kringloop"; and unstemmed as well, so that
    "kringloop" finds the compound "kringloopbedrijf", which the stemmer would miss as "kringlop"),
    annotated with a `rank`.
    Elsewhere (SQLite): icontains on the same texts, every word somewhere.
    """
    words = search_words(text)
    if not words:
        return queryset
    if connection.vendor == "postgresql":
        query = functools.reduce(operator.and_, (_word_query(word) for word in words))
        return queryset.filter(search_vector=query).annotate(rank=SearchRank(F("search_vector"), query))
    condition = Q()
    for word in words:
        in_offerings = Offering.objects.filter(supplier=OuterRef("pk")).filter(
            Q(title__icontains=word) | Q(description__icontains=word)
        )
        condition &= (
            Q(organisation__name__icontains=word)
            | Q(description__icontains=word)
            | Q(impact__icontains=word)
            | Q(city__icontains=word)
            | Q(Exists(in_offerings))
        )
    return queryset.filter(condition)
