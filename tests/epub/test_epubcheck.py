"""epubcheck (Debian's, the W3C's validator) finds nothing wrong with the e-books."""

from __future__ import annotations

import pytest

from tests.epub.epubbooks import epubcheck

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("fixture", ["first_epub", "bench_epub", "features_epub"])
def test_epubcheck_reports_no_error_and_no_warning(fixture: str, request: pytest.FixtureRequest) -> None:
    built = request.getfixturevalue(fixture)
    epub = built[0].epub if isinstance(built, tuple) else built.epub
    result = epubcheck(epub)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Validating using EPUB version 3.2 rules." in result.stdout
    assert "No errors or warnings detected." in result.stdout
    assert "Messages: 0 fatals / 0 errors / 0 warnings / 0 infos" in result.stdout, result.stdout
