"""Print the benchmark's comparison table and the targets it is judged against."""

from __future__ import annotations

from dataclasses import dataclass

HEADER = ("tool", "pages", "seconds", "pages/s", "vs Scrapy", "vs naive", "peak RSS MB",
          "tree PSS MB")


@dataclass(frozen=True)
class Row:
    key: str
    """``cohesion``, ``cohesion-rerun``, ``scrapy`` or ``naive``; ``cohesion-small`` and
    ``cohesion-small-rerun`` for cohesion over the catalog's first ``FLAT_BASE`` products."""
    label: str
    pages: int
    seconds: float
    peak_rss_mb: float
    """Largest single process (os.wait4)."""
    peak_tree_mb: float | None
    """Whole process tree (psutil polling); None without psutil."""

    @property
    def memory_mb(self) -> float:
        """The memory a target is judged on: the whole tree when known (never less than the
        largest single process, which a sample may have missed)."""
        return max(self.peak_rss_mb, self.peak_tree_mb or 0.0)

    @property
    def rate(self) -> float:
        return self.pages / self.seconds if self.seconds > 0 else 0.0


def _ratio(row: Row, base: Row | None) -> str:
    if base is None or base.rate == 0:
        return "-"
    return f"{row.rate / base.rate:.2f}x"


def render(rows: list[Row]) -> str:
    by_key = {r.key: r for r in rows}
    cells = [HEADER] + [
        (r.label, str(r.pages), f"{r.seconds:.2f}", f"{r.rate:.1f}",
         _ratio(r, by_key.get("scrapy")), _ratio(r, by_key.get("naive")),
         f"{r.peak_rss_mb:.0f}", "-" if r.peak_tree_mb is None else f"{r.peak_tree_mb:.0f}")
        for r in rows
    ]
    widths = [max(len(c[i]) for c in cells) for i in range(len(HEADER))]
    lines = []
    for index, cell in enumerate(cells):
        parts = [cell[0].ljust(widths[0])]
        parts += [c.rjust(w) for c, w in zip(cell[1:], widths[1:], strict=True)]
        lines.append("  ".join(parts))
        if index == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def verdict(met: bool | None) -> str:
    return "n/a" if met is None else "met" if met else "NOT met"


def targets(rows: list[Row], help_seconds: float | None) -> list[tuple[str, str, str]]:
    """(target, measured, met / NOT met / n/a) for each target of the issue."""
    by_key = {r.key: r for r in rows}
    first, rerun = by_key.get("cohesion"), by_key.get("cohesion-rerun")
    scrapy, naive = by_key.get("scrapy"), by_key.get("naive")
    out = []
    if first and scrapy:
        ratio = first.rate / scrapy.rate
        out.append(("1,000 pages: cohesion >= 2x Scrapy (pages/s)", f"{ratio:.2f}x",
                    verdict(ratio >= 2) if first.pages >= 1000 else "n/a (< 1,000 pages)"))
    if first and naive:
        ratio = first.rate / naive.rate
        out.append(("1,000 pages: cohesion >= 20x naive (pages/s)", f"{ratio:.2f}x",
                    verdict(ratio >= 20) if first.pages >= 1000 else "n/a (< 1,000 pages)"))
    if first and rerun:
        ratio = first.seconds / rerun.seconds
        out.append(("re-run >= 5x faster than the first run", f"{ratio:.2f}x",
                    verdict(ratio >= 5)))
    if first:
        peak = max(r.memory_mb for r in (first, rerun) if r is not None)
        what = "RSS" if first.peak_tree_mb is None else "tree PSS"
        out.append((f"peak memory <= 250 MB at 10,000 pages ({what})",
                    f"{peak:.0f} MB at {first.pages:,}",
                    verdict(peak <= 250) if first.pages >= 10000 else "n/a (< 10,000 pages)"))
    out += _flat(by_key)
    if help_seconds is not None:
        out.append(("cohesion --help < 0.3 s (median of 5)", f"{help_seconds:.3f} s",
                    verdict(help_seconds < 0.3)))
    return out


def _flat(by_key: dict[str, Row]) -> list[tuple[str, str, str]]:
    """Memory flat in the catalog's size: the largest process of each cohesion run within
    20 % of the same run over the catalog's first FLAT_BASE products."""
    pairs = [(by_key[k], by_key[f"cohesion-small{k.removeprefix('cohesion')}"])
             for k in ("cohesion", "cohesion-rerun")
             if k in by_key and f"cohesion-small{k.removeprefix('cohesion')}" in by_key]
    if not pairs:
        return []
    growth = [big.peak_rss_mb / small.peak_rss_mb - 1 for big, small in pairs]
    measured = ", ".join(f"{big.peak_rss_mb:.0f} vs {small.peak_rss_mb:.0f} MB ({g:+.0%})"
                         for (big, small), g in zip(pairs, growth, strict=True))
    return [(f"largest process within 20 % of {pairs[0][1].pages:,} pages "
             "(first run, re-run)", measured, verdict(max(growth) <= 0.20))]


def render_targets(items: list[tuple[str, str, str]]) -> str:
    if not items:
        return ""
    width = max(len(t) for t, _, _ in items)
    measured = max(len(m) for _, m, _ in items)
    return "\n".join(f"  {t.ljust(width)}  {m.rjust(measured)}  {v}" for t, m, v in items)
