"""The one-page brief in a real browser (issue #23): printed as A4, nothing on the example's
page or a hostile plan's is cut off — the footer ends inside the sheet, no line runs wider
than it — so "one page" never hides clipped content."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from test_brief_hostile import hostile_plan

from mocmo.brief.content import brief_content
from mocmo.brief.page import brief_html
from mocmo.defaults import example_path
from mocmo.plan import Plan, load_plan

pytestmark = [pytest.mark.browser]

MEASURE = """() => {
  const sheet = document.querySelector('.sheet');
  const footer = sheet.querySelector('footer');
  const wide = [...sheet.querySelectorAll('*')].filter(
    (el) => el.getBoundingClientRect().right > sheet.getBoundingClientRect().right + 1);
  return {scroll: sheet.scrollHeight, client: sheet.clientHeight,
          scrollWidth: sheet.scrollWidth, clientWidth: sheet.clientWidth,
          footer: footer.getBoundingClientRect().bottom,
          sheet: sheet.getBoundingClientRect().bottom, wide: wide.length};
}"""


def _page(plan: Plan) -> str:
    from mocmo.brief import BRIEF_CHARTS
    from mocmo.charts.catalog import Renderer
    from mocmo.charts.orgchart import org_chart_charts
    from mocmo.charts.wholecost import bridge_chart_for

    org = org_chart_charts(plan)
    charts = dict(
        zip(BRIEF_CHARTS, (org["legacy"], org["new"], bridge_chart_for(plan)), strict=True)
    )
    with Renderer(charts, workers=0) as renderer:
        svgs = {name: renderer.result(name)[0] for name in charts}
    return brief_html(brief_content(plan, "plan.yaml"), svgs)


@pytest.mark.parametrize("which", ["example", "hostile"])
def test_nothing_on_the_page_is_cut_off(which: str, browser_page: Any, artifacts_dir: Path) -> None:
    """Printed (A4), the sheet's content fits it: no overflow down or across, the footer
    inside the sheet."""
    plan = load_plan(example_path()) if which == "example" else hostile_plan()
    browser_page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 px an inch
    browser_page.emulate_media(media="print")
    browser_page.set_content(_page(plan))
    found = browser_page.evaluate(MEASURE)
    browser_page.screenshot(path=str(artifacts_dir / f"brief-{which}.png"), full_page=True)
    assert found["scroll"] <= found["client"] + 1, found
    assert found["scrollWidth"] <= found["clientWidth"] + 1, found
    assert found["footer"] <= found["sheet"] + 0.5, found
    assert found["wide"] == 0, found
