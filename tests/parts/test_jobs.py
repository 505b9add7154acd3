"""What the parent keeps of the parts' results: one copy of each font file."""

from __future__ import annotations

from thaibook.parts.jobs import PartResult, share_fonts


def _result(files: dict[str, bytes]) -> PartResult:
    return PartResult(pdf=b"%PDF", infos=(), counters=(1,), bookmarks=(), fonts={}, font_files=files)


def test_parts_that_bring_the_same_font_file_share_one_copy() -> None:
    seen: dict[str, bytes] = {}
    first = share_fonts(_result({"a": bytes(bytearray(b"font a"))}), seen)
    second = share_fonts(_result({"a": bytes(bytearray(b"font a")), "b": b"font b"}), seen)
    assert second.font_files["a"] is first.font_files["a"]
    assert second.font_files == {"a": b"font a", "b": b"font b"}
    assert seen.keys() == {"a", "b"}


def test_a_result_without_font_files_is_kept_as_it_is() -> None:
    result = _result({})
    assert share_fonts(result, {}) is result
