"""The Audiences sheet: who the team serves, who owns each audience, pipeline coverage.

Mirrors :mod:`mocmo.audiences`: ``audience_count`` = number of audiences,
``pipeline_target_total`` = Σ pipeline targets, ``pipeline_coverage_ratio`` = total ÷ company
target (empty when the plan sets no company target).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mocmo.excel._assumptions import DESIGN, TIMING, plan_source
from mocmo.excel._book import Book, Input, Sheet, joined

__all__ = ["AudienceRefs", "write_audiences"]

COLUMNS = (
    "No.",
    "Audience",
    "Industry",
    "Company size",
    "Region",
    "Owner",
    "ICP",
    "Pains",
    "Products answering its pains",
    "Channels",
    "Pipeline target (per year)",
    "Share of audience pipeline",
    "Share of company target",
    "Launch month",
)
C_NAME, C_OWNER, C_PIPE, C_SHARE, C_LAUNCH = 2, 6, 11, 12, 14


@dataclass
class AudienceRefs:
    """Cells other sheets use: each audience's pipeline target and launch month, the count."""

    pipeline: list[str] = field(default_factory=list)
    launch: list[str] = field(default_factory=list)
    count: str = "0"
    total: str = "0"


def _products(pains: tuple[object, ...]) -> list[str]:
    seen: dict[str, None] = {}
    for pain in pains:
        for product in getattr(pain, "products", ()):
            seen.setdefault(str(product), None)
    return list(seen)


def write_audiences(book: Book) -> AudienceRefs:
    """Write the Audiences sheet and its three headline figures."""
    plan = book.plan
    sheet: Sheet = book.sheet("Audiences")
    refs = AudienceRefs()
    row = sheet.heading(
        "Audiences",
        "One GTM Marketer owns each audience end to end. Pipeline targets (yellow) are inputs, "
        "launch months come from the Assumptions sheet; "
        "shares and totals are formulas.",
    )
    first = row = sheet.header(row, COLUMNS)
    for i, aud in enumerate(plan.audiences, start=1):
        sheet.value(row, 1, i, "count", "value")
        sheet.text(row, C_NAME, aud.name)
        sheet.text(row, 3, aud.segment.industry)
        sheet.text(row, 4, aud.segment.company_size)
        sheet.text(row, 5, aud.segment.region)
        sheet.text(row, C_OWNER, aud.owner or "")
        sheet.text(row, 7, aud.icp, wrap=True)
        sheet.text(row, 8, joined((p.name for p in aud.pains), "; "), wrap=True)
        sheet.text(row, 9, joined(_products(aud.pains)))
        sheet.text(row, 10, joined(aud.channels))
        sheet.assumed(
            row, C_PIPE,
            Input(DESIGN, f"{book.item_stem('audience', i - 1, aud.name)}_pipeline_target",
                  aud.pipeline_target, "money", "currency/year",
                  f"Audience '{aud.name}': pipeline target per year",
                  plan_source(f"audiences[{i - 1}].pipeline_target")),
        )  # fmt: skip
        refs.pipeline.append(sheet.ref(row, C_PIPE))
        refs.launch.append(sheet.ref(row, C_LAUNCH))
        row += 1
    last = row - 1
    total_row = row + 1
    pipe = sheet.range(C_PIPE, first, last) if plan.audiences else ""
    total = sheet.ref(total_row + 1, C_PIPE, sheet=False)
    for r in range(first, last + 1):
        sheet.formula(
            r, C_SHARE, f"IF({total}=0,0,{sheet.ref(r, C_PIPE, sheet=False)}/{total})", "pct"
        )
        sheet.formula(
            r,
            13,
            f'IF(company_pipeline_target=0,"",'
            f"{sheet.ref(r, C_PIPE, sheet=False)}/company_pipeline_target)",
            "pct",
        )
        i = r - first
        aud = plan.audiences[i]
        sheet.assumed(
            r,
            C_LAUNCH,
            Input(
                TIMING, f"{book.item_stem('audience', i, aud.name)}_launch_month", aud.launch_month,
                "month", "month", f"Audience '{aud.name}': month its GTM Marketer starts "
                "(empty: month 1)", plan_source(f"audiences[{i}].launch_month"), optional=True,
            ),
        )  # fmt: skip

    labels = (
        (
            "Audiences",
            "audience_count",
            f"COUNTA({sheet.range(C_NAME, first, last)})" if plan.audiences else "0",
            "count",
        ),
        (
            "Pipeline targets, total",
            "pipeline_target_total",
            f"SUM({pipe})" if pipe else "0",
            "money",
        ),
        (
            "Coverage of the company target",
            "pipeline_coverage_ratio",
            f'IF(company_pipeline_target=0,"",{total}/company_pipeline_target)',
            "ratio",
        ),
    )
    for offset, (label, key, formula, fmt) in enumerate(labels):
        r = total_row + offset
        sheet.text(r, C_PIPE - 1, label, "label")
        sheet.formula(r, C_PIPE, formula, fmt, "total")  # type: ignore[arg-type]
        book.headline(key, sheet, r, C_PIPE)
    refs.count = sheet.ref(total_row, C_PIPE)
    refs.total = sheet.ref(total_row + 1, C_PIPE)
    sheet.note(
        total_row + 3,
        C_PIPE - 1,
        "Coverage is empty when the plan sets no company pipeline target (Assumptions).",
    )
    sheet.finish()
    return refs
