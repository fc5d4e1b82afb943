"""The decoding guard refuses, token by token, what the checks would refuse afterwards."""

from __future__ import annotations

from personae.llm.words import WordGuard, context
from personae.narrative.checks import Subject, base_words, text_problem
from personae.narrative.guard import decoding_guard, placeholder_runs

EXEMPLAR = "Hold still. This will only sting for a moment."
PROMPT = "quote: one short line the character says, in the first person."


def _guard() -> WordGuard:
    allowed = frozenset({"Ruth", "O'Sullivan"})
    return decoding_guard(Subject(gender="female", allowed=allowed, sources=(PROMPT, EXEMPLAR)))


def test_a_copied_run_is_refused_before_its_last_word_is_written() -> None:
    guard = _guard()
    recent = ("this", "will", "only", "sting", "for")
    assert not guard.allows("", " a", recent)  # the exemplar's five words
    assert guard.allows("", " the", recent)
    # refused while still a partial word, so the model never has to grow it into junk
    assert not guard.allows("momen", "t", ("will", "only", "sting", "for", "a"))
    # the checks would have refused the copy too
    subject = Subject(gender="female", sources=(PROMPT, EXEMPLAR))
    assert text_problem("This will only sting for a while.", subject) is not None


def test_placeholders_dangling_ends_and_wrong_pronouns() -> None:
    guard = _guard()
    single, runs = placeholder_runs()
    assert "example" in single and ("your", "name") in runs
    assert not guard.allows("exampl", "e ")
    assert not guard.allows("", " name", ("tell", "me", "your"))
    assert not guard.allows("o", "f.")  # a statement cannot stop on "of"
    assert guard.allows("o", "f?")  # a question may
    assert guard.allows("", " she ")
    assert not guard.allows("", " his ")
    # "his" and "him" are banned: a partial word only they (and no allowed word) begin
    # with cannot be started
    plain = WordGuard.build(frozenset({"his", "him", "hill"}), banned=["his", "him"])
    assert not plain.partial("hi" + "s") and plain.partial("hi")


def test_a_capital_after_an_apostrophe_only_in_a_given_name() -> None:
    guard = _guard()
    assert not guard.allows("the", "'S")
    assert guard.allows("o", "'S")  # O'Sullivan is given
    assert guard.allows("don", "'t ")


def test_context_reads_the_words_of_the_string_being_written() -> None:
    text = '{"personality":["calm"],"quote":"Hold still. This will only sting for a mom'
    assert context(text, 5) == ("mom", ("will", "only", "sting", "for", "a"))
    assert context('{"quote":"', 5) == ("", ())
    assert WordGuard.build(base_words()).allows("", " the", ("a", "b"))


def test_a_banned_or_function_word_is_not_grown_into_junk() -> None:
    """Pushed off "he" for a woman, a small model writes "hehe", "het", "hispanic"; the
    guard refuses " he" itself, and a function word may only grow into a frequent word."""
    guard = _guard()
    assert not guard.allows("", " he")  # the banned pronoun, refused as it is written
    assert not guard.allows("", " man ")  # a man is not how a woman is described
    assert guard.allows("", " woman ")
    assert guard.allows("he", "llo ")  # a frequent word
    assert not guard.allows("he", "ller ")
    assert not guard.allows("and", "ies ")
    assert guard.allows("the", "ir ")
    assert guard.allows("", "hello ")  # one token, no growing


def test_hyphenated_words_and_possessives() -> None:
    guard = decoding_guard(Subject(gender="male", allowed=frozenset({"Jean-Luc", "Darius"})))
    assert guard.complete("hard-working") and guard.complete("jean-luc")
    assert not guard.complete("in-android")  # a function word glued to another
    assert not guard.complete("herald-allah")  # halves of a made-up word are frequent words
    assert guard.complete("dark-haired") and guard.complete("blue-eyed")
    assert guard.allows("in", "-and") is False
    assert guard.complete("jean-luc's") and guard.complete("darius's")
    assert not guard.complete("and's") and not guard.complete("the's")
    assert guard.complete("it's") and guard.complete("that's")
    assert not guard.complete("butlers's")  # a plural takes no "'s"


def test_careless_web_spellings_are_not_words() -> None:
    words = base_words()
    for junk in ("dont", "thats", "hes", "isnt", "alot", "goin", "ofthe", "himselfs", "ft"):
        assert junk not in words, junk
    for word in ("well", "its", "were", "going", "don't", "that's", "basin", "of", "ok"):
        assert word in words or "'" in word, word
    guard = _guard()
    assert guard.complete("don't") and not guard.complete("dont")
