"""The keyword: French full text (prefixes, accents and stemming), trigrams for typos."""

import re

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.search import SearchQuery, TrigramWordSimilarity
from django.db import connection
from django.db.models import F, Func, IntegerField, TextField, Value
from django.db.models.functions import Concat

MAX_WORDS = 8
MAX_WORD_LENGTH = 40
WORD = re.compile(r"[^\W_]+")


def keyword_words(text: str) -> list[str]:
    """The words of a keyword, lower-case; SQL, quotes and operators are just dropped."""
    words = [w[:MAX_WORD_LENGTH] for w in WORD.findall((text or "").lower())]
    return words[:MAX_WORDS]


class Unaccent(Func):
    function = "stages_unaccent"  # IMMUTABLE wrapper (search/sql/read_model.sql)


def _raw_query(words: list[str]) -> Concat:
    """`'word':* & …`, each word unaccented then quoted in SQL: what unaccent makes of a letter
    ("⑴" → "(1)", "ʼ" → "'") stays inside its lexeme, never tsquery syntax."""
    parts = []
    for word in words:
        if parts:
            parts.append(Value(" & "))
        quoted = Func(Unaccent(Value(word)), function="quote_literal", output_field=TextField())
        parts += [quoted, Value(":*")]
    return Concat(*parts, output_field=TextField())


def ts_query(words: list[str]) -> SearchQuery:
    """Every word, as a French prefix: "boulang" finds "boulangerie", "hopitaux" "hôpital"."""
    return SearchQuery(_raw_query(words), search_type="raw", config="french")


def trigram_text(words: list[str]):
    return Func(Unaccent(Value(" ".join(words))), function="lower")


def keyword_filter(queryset, words: list[str], fuzzy: bool):
    if fuzzy:
        return queryset.filter(search_text__trigram_word_similar=trigram_text(words))
    return queryset.filter(search_vector=ts_query(words))


def known_anywhere(words: list[str]) -> bool:
    """Is each word the start of a word of some published offer? (search_word: a B-tree
    lookup per word.)"""
    with connection.cursor() as cursor:
        cursor.execute("SELECT search_words_known(%s)", [" ".join(words)])
        return cursor.fetchone()[0]


def keyword_rank(words: list[str], fuzzy: bool):
    if fuzzy:
        return TrigramWordSimilarity(trigram_text(words), "search_text")
    # The term index's relevance (search/sql/terms.sql): title, then how often the
    # description says the word, then the host's name.
    lexemes = Func(
        Value(list(words), output_field=ArrayField(TextField())), function="search_query_lexemes"
    )
    return Func(F("search_vector"), lexemes, function="search_score", output_field=IntegerField())
