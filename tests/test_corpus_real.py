"""The real-shop corpus keeps its promises: every page labelled, with its source and
licence; no page twice; at most three pages per site; the dev/test split is the one fixed
before tuning."""

from __future__ import annotations

import hashlib
import importlib.util
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

REAL = Path(__file__).parent / "corpus" / "real"
HALVES = sorted(p for p in REAL.iterdir() if (p / "labels.yaml").is_file())
ALLOWED = ("MIT", "BSD", "Apache-2.0", "ISC", "CC0", "CC-BY", "Unlicense", "MPL-2.0")


def _labels() -> list[tuple[Path, dict[str, Any]]]:
    return [(half, label) for half in HALVES
            for label in yaml.safe_load((half / "labels.yaml").read_text(encoding="utf-8"))]


def test_every_page_is_labelled_with_its_source_and_licence() -> None:
    labels = _labels()
    for half in HALVES:
        files = {f"pages/{p.name}" for p in (half / "pages").iterdir()}
        assert files == {label["file"] for h, label in labels if h == half}, half.name
    for _, label in labels:
        source = label["source"]
        assert source["repo"].count("/") == 1 and len(str(source["commit"])) == 40
        assert str(source["licence"]).startswith(ALLOWED), label["file"]
        assert label["main_price"] is None or not label.get("ambiguous"), label["file"]


def test_no_page_twice_and_at_most_three_per_site() -> None:
    labels = _labels()
    digests = Counter(hashlib.sha256((half / label["file"]).read_bytes()).hexdigest()
                      for half, label in labels)
    assert max(digests.values()) == 1
    assert max(Counter(label["site"] for _, label in labels).values()) <= 3


def test_the_split_is_the_one_fixed_before_tuning() -> None:
    spec = importlib.util.spec_from_file_location(
        "accuracy", Path(__file__).parents[1] / "bench" / "accuracy.py")
    assert spec is not None and spec.loader is not None
    accuracy = importlib.util.module_from_spec(spec)
    sys.modules["accuracy"] = accuracy
    try:
        spec.loader.exec_module(accuracy)
        for _, label in _labels():
            assert accuracy.split_of(label) == label["split"], label["file"]
    finally:
        del sys.modules["accuracy"]
    splits = Counter(label["split"] for _, label in _labels())
    assert splits["test"] >= 40, "the test split holds at least 40 pages"
