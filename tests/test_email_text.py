"""Plain-text e-mails read as written: no line indented by a template formatter."""

from pathlib import Path

EMAILS = Path(__file__).resolve().parent.parent / "templates" / "emails"


def test_the_walk_reads_the_plain_text_emails():
    assert (EMAILS / "convention_sign.txt") in set(EMAILS.glob("*.txt"))


def test_no_plain_text_email_line_starts_with_a_space():
    indented = [
        f"{path.name}:{number}"
        for path in sorted(EMAILS.glob("*.txt"))
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1)
        if line.startswith(" ")
    ]
    assert indented == []
