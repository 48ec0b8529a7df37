"""The screenshot fixture writes into the repository only when STAGES_SCREENSHOTS asks."""

from pathlib import Path


class _FakePage:
    """Records where it was asked to write, like Page.screenshot (goto marks a page)."""

    def __init__(self):
        self.calls = []

    def goto(self, url):  # pragma: no cover - only its presence matters
        raise AssertionError

    def screenshot(self, path, **options):
        self.calls.append((Path(path), options))
        Path(path).write_bytes(b"png")


class _FakeLocator:
    def __init__(self):
        self.calls = []

    def screenshot(self, path, **options):
        self.calls.append((Path(path), options))


def test_by_default_a_shot_goes_to_the_tests_tmp_path(screenshot, tmp_path, monkeypatch):
    monkeypatch.delenv("STAGES_SCREENSHOTS", raising=False)
    page = _FakePage()
    screenshot(page, "inbox-375", issue=14)
    assert page.calls == [(tmp_path / "inbox-375.png", {"full_page": True})]


def test_the_variable_sends_a_shot_to_its_issues_folder(screenshot, tmp_path, monkeypatch):
    target = tmp_path / "shots"
    monkeypatch.setenv("STAGES_SCREENSHOTS", str(target))
    page, element = _FakePage(), _FakeLocator()
    screenshot(page, "inbox-375", issue=14)
    screenshot(element, "map-375")
    assert page.calls == [(target / "14" / "inbox-375.png", {"full_page": True})]
    assert (target / "14" / "inbox-375.png").read_bytes() == b"png"
    assert element.calls == [(target / "map-375.png", {})]  # an element has no full_page
