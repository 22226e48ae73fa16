"""The one table of ``make bench``: figure, value, target, and whether the target is met."""

from __future__ import annotations

import operator
from dataclasses import dataclass, field
from datetime import datetime

from benchmarks.crawl import CrawlFigures

_COMPARE = {">=": operator.ge, "<=": operator.le, "<": operator.lt, ">": operator.gt}


@dataclass(frozen=True)
class Row:
    number: str
    figure: str
    value: float
    unit: str = ""
    target: tuple[str, float] | None = None
    detail: str = ""

    def cells(self) -> list[str]:
        """
        >>> Row("5", "export rate", 6123.4, "reviews/s", (">=", 5000)).cells()
        ['5', 'export rate', '6,123 reviews/s', '>= 5000', 'yes', '']
        """
        digits = 0 if abs(self.value) >= 100 else 2 if abs(self.value) < 10 else 1
        value = f"{self.value:,.{digits}f} {self.unit}".strip()
        if self.target is None:
            return [self.number, self.figure, value, "", "", self.detail]
        sign, bound = self.target
        met = "yes" if _COMPARE[sign](self.value, bound) else "no"
        return [self.number, self.figure, value, f"{sign} {bound:g}", met, self.detail]


@dataclass
class Table:
    started: datetime
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, row: Row) -> None:
        self.rows.append(row)

    def crawl(self, number: str, figure: str, run: CrawlFigures) -> None:
        own = run.own_cpu_ms_per_page
        crawl_process = "" if own is None else f" (crawl process {own:.0f})"
        detail = (
            f"{run.seconds:.1f} s, CPU {run.cpu_ms_per_page:.0f} ms/page{crawl_process}, "
            f"{run.fetched} pages fetched, {run.items} items, peak RSS {run.peak_rss_mb:.0f} MB"
        )
        self.add(Row(number, figure, run.pages_per_s, "pages/s", None, detail))

    def ratio(self, number: str, figure: str, value: float, target: str) -> None:
        sign, bound = target.split()
        self.add(Row(number, figure, value, "x", (sign, float(bound))))

    def markdown(self) -> str:
        head = ["#", "figure", "value", "target", "met", "detail"]
        lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        lines += ["| " + " | ".join(row.cells()) + " |" for row in self.rows]
        return "\n".join([*lines, "", *self.notes])
