"""What `copydesk diff` compares and prints."""

from copydesk.cluster.show import paragraph_diff, printable


def test_paragraph_diff_marks_what_differs() -> None:
    canon = "First “quoted” part.\n\nSecond part.\n\nThird part.\n\nUpdate at noon."
    copy = 'First "quoted" part.\n\nSecond part, reworded.\n\nThird part.'
    assert paragraph_diff(canon, copy) == [
        ("=", "1 paragraph the same"),
        ("-", "Second part."),
        ("+", "Second part, reworded."),
        ("=", "1 paragraph the same"),
        ("-", "Update at noon."),
    ]


def test_printable_defuses_terminal_control_characters() -> None:
    assert printable("red \x1b[31mtext\x07\nnext\tline") == "red \ufffd[31mtext\ufffd\nnext\tline"
