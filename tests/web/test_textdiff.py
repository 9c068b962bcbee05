"""Word-level differences and the three-way merge, on known texts (no database)."""

import pytest

from coordination.web import textdiff


def test_word_diff_of_a_changed_sentence():
    ops = textdiff.diff_ops("We ask the council for help.\n", "We urge the council for funding.\n")
    assert ops == [
        ("equal", "We "),
        ("delete", "ask"),
        ("insert", "urge"),
        ("equal", " the council for "),
        ("delete", "help"),
        ("insert", "funding"),
        ("equal", ".\n"),
    ]


def test_neighbouring_changes_read_as_one_deletion_and_one_insertion():
    ops = textdiff.diff_ops("the quick brown fox\n", "a slow brown fox\n")
    assert ops[:2] == [("delete", "the quick"), ("insert", "a slow")]


def test_added_and_removed_paragraphs():
    old = "One.\n\nTwo.\n\nThree.\n"
    new = "One.\n\nThree.\n\nFour.\n"
    ops = textdiff.diff_ops(old, new)
    assert ops[:3] == [("equal", "One.\n\n"), ("delete", "Two.\n\n"), ("equal", "Three.")]
    assert [t for k, t in ops if k == "insert"] == ["\n\nFour.\n"]
    assert "".join(t for k, t in ops if k != "insert") == old
    assert "".join(t for k, t in ops if k != "delete") == new
    stats = textdiff.stats(ops)
    assert (stats.inserted_words, stats.deleted_words) == (2, 2)  # "Four", "." / "Two", "."


def test_the_diff_always_rebuilds_both_texts():
    old = "Madame la Présidente,\n\nNous demandons le maintien de l'aide.\n- point un\n"
    new = "Madame la Présidente,\n\nNous demandons fermement le maintien de l'aide (2024).\n"
    ops = textdiff.diff_ops(old, new)
    assert "".join(t for k, t in ops if k != "insert") == old
    assert "".join(t for k, t in ops if k != "delete") == new


def test_rendered_diff_is_escaped_and_labelled_for_screen_readers(app):
    with app.test_request_context():
        html = str(textdiff.render_diff("Say <b>hi</b>\n", "Say <script>x</script>\n"))
    assert "<script" not in html and "<b>" not in html
    assert "&lt;" in html and "&gt;" in html
    assert '<ins><span class="visually-hidden">inséré : </span>' in html
    assert '<del><span class="visually-hidden">supprimé : </span>' in html


def test_memoised_diff_is_the_diff_in_each_language(app):
    from flask_babel import force_locale

    old, new = "Say <b>hi</b>\n", "Say <i>hello</i>\n"
    ops = textdiff.diff_ops(old, new)
    with app.test_request_context():
        for _ in range(2):  # computed, then from the memo
            for locale, label in (("fr", "inséré : "), ("en", "inserted: ")):
                with force_locale(locale):
                    html, stats = textdiff.rendered_diff(old, new)
                    assert (html, stats) == (textdiff.render(ops), textdiff.stats(ops))
                assert f'<ins><span class="visually-hidden">{label}</span>' in html
    assert stats == textdiff.DiffStats(inserted_words=3, deleted_words=3)


def test_normalise():
    assert textdiff.normalise("a  \r\nb\r\n\r\n\r\n") == "a\nb\n"
    assert textdiff.normalise("   ") == ""
    assert textdiff.normalise(None) == ""


BASE = "Intro.\n\nFunding paragraph.\n\nClosing words.\n"


def test_edits_to_different_paragraphs_merge():
    mine = "Intro, revised by me.\n\nFunding paragraph.\n\nClosing words.\n"
    theirs = "Intro.\n\nFunding paragraph.\n\nClosing words, revised by them.\n"
    merged = textdiff.merge_text(BASE, mine, theirs)
    assert (
        merged == "Intro, revised by me.\n\nFunding paragraph.\n\nClosing words, revised by them.\n"
    )


def test_edits_to_the_same_paragraph_conflict():
    mine = "Intro.\n\nFunding paragraph, my way.\n\nClosing words.\n"
    theirs = "Intro.\n\nFunding paragraph, their way.\n\nClosing words.\n"
    assert textdiff.merge_text(BASE, mine, theirs) is None


def test_identical_edits_and_one_sided_edits_merge():
    same = "Intro.\n\nSame change.\n\nClosing words.\n"
    assert textdiff.merge_text(BASE, same, same) == same
    assert textdiff.merge_text(BASE, BASE, same) == same
    assert textdiff.merge_text(BASE, same, BASE) == same


@pytest.mark.parametrize(
    ("base", "mine", "theirs", "expected"),
    [
        ("A", "A", "B", "B"),
        ("A", "B", "A", "B"),
        ("A", "B", "B", "B"),
        ("A", "B", "C", None),
    ],
)
def test_merge_of_a_one_line_field(base, mine, theirs, expected):
    assert textdiff.merge_value(base, mine, theirs) == expected
