"""Step 2 charts, checked through their Vega-Lite spec (``chart.to_dict()``), never pixels."""

from __future__ import annotations

import pytest
from chart_specs import dataset_rows
from plans import audience, legacy_role, minimal_plan, step, workflow

from mocmo.charts.reshape import reshape_charts, workflow_chart_for
from mocmo.plan import Plan, with_value


def _plan(headcount: int = 2) -> Plan:
    """Two audiences 3:1 by pipeline (Alex, Bo); one Content role of ``headcount``; its legacy
    workflow Brief (Writer 2 d) → Review (Editor 3 d, 50% × 4 d rework) → Fix (Writer 1 d,
    waits 5 d)."""
    flow = workflow(
        legacy=(
            step("Brief", "Writer", 2),
            step("Review", "Editor", 3, rework_probability=0.5, rework_days=4),
            step("Fix", "Writer", 1, wait_days=5),
        )
    )
    return minimal_plan(
        gtm_team=["Alex", "Bo"],
        audiences=[
            audience("A", owner="Alex", pipeline_target=3_000_000),
            audience("B", owner="Bo", pipeline_target=1_000_000),
        ],
        legacy_roles=[legacy_role(headcount=headcount, workflow=flow)],
    )


def test_hours_chart_stacks_each_destination() -> None:
    """75 h/wk split 37.5 stays, 22.5 shifts, 3.75 oversight, 11.25 AI net."""
    spec = reshape_charts(_plan())["hours"].to_dict()
    rows = {r["destination_label"]: r["hours_per_week"] for r in dataset_rows(spec, "destination")}
    assert rows == pytest.approx(
        {
            "Stays (custodian)": 37.5,  # 0.5 × 75
            "Shifts (GTM Marketer)": 22.5,  # 0.3 × 75
            "AI oversight": 3.75,  # 0.2 × 75 × 0.25
            "AI absorbed (net)": 11.25,  # 0.2 × 75 × 0.75
        }
    )
    assert spec["encoding"]["x"]["stack"] is True


def test_workflow_swimlanes_show_waits_as_gaps_and_rework() -> None:
    """Today: Brief 0–2, wait 2–5, Review 5–8, rework 8–10, wait 10–15, Fix 15–16."""
    spec = workflow_chart_for(_plan(), "Content").to_dict()
    rows = dataset_rows(spec, "kind")
    today = [(r["kind"], r["start_day"], r["end_day"]) for r in rows if r["version"] == "Today"]
    assert today == [
        ("work", 0, 2),
        ("wait", 2, 5),
        ("work", 5, 8),
        ("rework", 8, 10),
        ("wait", 10, 15),
        ("work", 15, 16),
    ]
    new = [r for r in rows if r["version"] == "New model"]
    assert [(r["owner"], r["kind"], r["end_day"]) for r in new] == [("GTM Marketer", "work", 2)]
    layers = spec["spec"]["layer"]
    assert [layer["mark"]["type"] for layer in layers] == ["rule", "bar", "bar"]
    assert layers[0]["encoding"]["x"]["scale"]["domain"] == [0, 16]  # shared day axis
    assert "3.2 → 0.4 weeks; 2 hand-offs removed" in spec["title"]["subtitle"][0]


def test_tax_chart_has_each_workflow_and_the_total() -> None:
    """Tax today: waits 3 + 5 and rework 0.5 × 4 → 10 days; new 0; total saved 10."""
    spec = reshape_charts(_plan())["tax"].to_dict()
    rows = {r["label"]: r["saved_days"] for r in dataset_rows(spec, "saved_days")}
    assert rows == pytest.approx({"Content · Content piece": 10.0, "Total": 10.0})


def test_load_chart_marks_the_owner_over_capacity_and_the_capacity_line() -> None:
    """4 people: 52.5 h/wk → Alex 39.375 h (131%), Bo 13.125 h; capacity 30 h. Staffed to the
    work Alex gets 0.5 support FTE and is within capacity; with the GTM headcount fixed at the
    2 marketers Alex is over."""
    staffed = reshape_charts(_plan(headcount=4))["load"].to_dict()
    rows = {r["lane"]: r["status"] for r in dataset_rows(staffed, "status")}
    assert rows["Alex"] == "Within capacity"
    fixed = with_value(_plan(headcount=4), "assumptions.staffing.gtm.fixed_fte", 2)
    spec = reshape_charts(fixed)["load"].to_dict()
    bars = {r["lane"]: (r["hours_per_week"], r["status"]) for r in dataset_rows(spec, "status")}
    assert bars["Alex"] == (pytest.approx(39.375), "Over capacity")
    assert bars["Bo"] == (pytest.approx(13.125), "Within capacity")
    assert dataset_rows(spec, "capacity_hours") == [{"capacity_hours": 30.0}]
    assert [r["text"] for r in dataset_rows(spec, "text")] == ["131%", "44%"]


def test_unowned_audience_gets_its_own_lane() -> None:
    """An audience with no owner shows as 'Unowned: B', not as anybody's load."""
    plan = with_value(_plan(), "audiences[1].owner", None)
    spec = reshape_charts(plan)["load"].to_dict()
    lanes = [r["lane"] for r in dataset_rows(spec, "status")]
    assert lanes == ["Alex", "Unowned: B"]


def test_headcount_chart_compares_legacy_and_new() -> None:
    """2 people today; new: Head of GTM + 2 GTM Marketers = 3, 1.0 custodian, 1 MarOps seat."""
    spec = reshape_charts(_plan())["headcount"].to_dict()
    rows = {(r["org"], r["group"]): r["count"] for r in dataset_rows(spec, "org")}
    assert rows == {
        ("legacy", "Content"): 2,
        ("new", "GTM"): 3,
        ("new", "Custodians"): 1,
        ("new", "MarOps"): 1,
    }


def test_hours_chart_of_many_roles_shows_the_largest_and_the_average_of_the_rest() -> None:
    """45 roles (role i works i + 1 hours a week, all of it staying): the chart draws the 39
    largest (roles 6–44, in plan order) and one bar 'The other 6 teams, on average' of
    (1 + 2 + … + 6) / 6 = 3.5 h/wk, and says so; 40 roles are all drawn, with no note."""
    import pandas as pd

    from mocmo.charts.reshape import MAX_BARS, hours_chart

    def frame(count: int) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "role": [f"Role {i}" for i in range(count)],
                "destination": ["stays"] * count,
                "hours_per_week": [float(i + 1) for i in range(count)],
                "fte": [(i + 1) / 40 for i in range(count)],
                "share": [1.0] * count,
            }
        )

    assert MAX_BARS == 40
    spec = hours_chart(frame(45), "Where the hours go.").to_dict()
    rows = dataset_rows(spec, "hours_per_week")
    roles = list(dict.fromkeys(r["role"] for r in rows))
    assert roles == [f"Role {i}" for i in range(6, 45)] + ["The other 6 teams, on average"]
    other = [r for r in rows if r["role"].startswith("The other")]
    assert [r["hours_per_week"] for r in other] == [pytest.approx(3.5)]
    assert other[0]["fte"] == pytest.approx((1 + 2 + 3 + 4 + 5 + 6) / 40 / 6)
    subtitle = " ".join(spec["title"]["subtitle"])
    assert "the 39 teams with the most hours, and the average of the other 6" in subtitle
    few = hours_chart(frame(40), "Where the hours go.").to_dict()
    assert len({r["role"] for r in dataset_rows(few, "hours_per_week")}) == 40
    assert " ".join(few["title"]["subtitle"]) == "Where the hours go."


def test_tax_chart_of_many_workflows_shows_the_largest_the_average_and_the_total() -> None:
    """42 workflows saving 1, 2, … 42 days: the 39 that save most (4–42 days) in their order,
    'The other 3 workflows, on average' at (1 + 2 + 3) / 3 = 2 days, then the total of every
    one, 42 × 43 / 2 = 903 days."""
    import pandas as pd

    from mocmo.charts.reshape import tax_saved_chart

    saved = [float(i + 1) for i in range(42)]
    comparison = pd.DataFrame(
        {
            "role": [f"Role {i}" for i in range(42)],
            "workflow": ["Flow"] * 42,
            "tax_saved_days": saved,
            "tax_days_legacy": [d + 1 for d in saved],
            "tax_days_new": [1.0] * 42,
        }
    )
    spec = tax_saved_chart(comparison, sum(saved), "Tax.").to_dict()
    rows = dataset_rows(spec, "saved_days")
    labels = [r["label"] for r in rows]
    assert labels[:39] == [f"Role {i} · Flow" for i in range(3, 42)]
    assert labels[39:] == ["The other 3 workflows, on average", "Total"]
    assert rows[39]["saved_days"] == pytest.approx(2.0)
    assert rows[39]["legacy_days"] == pytest.approx(3.0)
    assert rows[40]["saved_days"] == pytest.approx(903.0)
    assert "the average of the other 3; the total counts every one" in " ".join(
        spec["title"]["subtitle"]
    )
