"""Step 9 · Export: one button that writes the finance workbook, the chart files and
summary.json of the notebook's plan, with download links.

The export goes to the workspace's exports folder, one sub-folder per plan FILE
(``<workspace>/exports/<file-stem>/``, so two plans with one name never share a folder; the
workspace is ``MOCMO_HOME`` or ``~/.mocmo``). The folder records which plan file it belongs to
(``.mocmo-plan-file``); a folder of that stem that belongs to another plan file (one of the same
stem in another folder) is never written: that plan's exports go to ``<file-stem>-<hash>/``. The
links embed the files themselves (``data:`` URLs), so they download in JupyterLab and in the
app (Voilà) alike, whatever folder the server shows. Everything is computed by
:func:`mocmo.export.export_all`; this panel only starts it and shows what it wrote.
"""

from __future__ import annotations

import base64
import hashlib
import html
import mimetypes
from pathlib import Path

import ipywidgets as w

from mocmo.export import CHARTS_DIR, export_all
from mocmo.format import fmt_money
from mocmo.ui.core import PlanSession, StepLayout, on_click, open_session, workspace_dir

__all__ = ["ExportPanel", "download_link", "exports_dir", "panel"]

LINK_LIMIT = 20_000_000
"""Files larger than this (bytes) get no embedded download link, only their path."""

_TYPES = {
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".json": "application/json",
    ".html": "text/html",
}

_WHY = (
    "Your finance partner never opens these notebooks: they get <b>one Excel workbook</b>. Its "
    "Summary sheet lists every headline figure, each a <b>formula</b> pointing at the sheet and "
    "cell that computes it; the Assumptions sheet holds every assumption — on-costs, salary "
    "bands, workflow days, months — with its unit and source. Change a yellow input cell and "
    "every total that depends on it recalculates. The export "
    "also writes every chart as PNG (for slides) and SVG (for print), one page with all the "
    "charts that opens without internet, and <code>summary.json</code> with the figures."
)
_NEXT = (
    "Send the workbook to finance. To change the plan, go back to any step: export again "
    "afterwards — the ranges on the <i>Ranges</i> sheet are simulation results of the moment "
    "of export."
)


OWNER_FILE = ".mocmo-plan-file"
"""In an export folder: the resolved path of the plan file whose exports it holds."""


def _owner(folder: Path) -> str | None:
    try:
        return (folder / OWNER_FILE).read_text(encoding="utf-8").strip()
    except (FileNotFoundError, NotADirectoryError):
        return None


def exports_dir(session: PlanSession) -> Path:
    """The folder this plan's exports go to: ``<workspace>/exports/<plan file's stem>``, or
    ``<stem>-<8 hex digits of the file's path>`` when that folder belongs to another plan file."""
    plan_file = str(session.path.resolve())
    root = workspace_dir() / "exports"
    stem = session.path.stem or "plan"
    folder = root / stem
    owner = _owner(folder)
    if owner is None or owner == plan_file:
        return folder
    digest = hashlib.sha256(plan_file.encode("utf-8")).hexdigest()[:8]
    return root / f"{stem}-{digest}"


def download_link(path: Path, label: str | None = None) -> str:
    """An HTML link that downloads ``path`` (its bytes embedded as a ``data:`` URL)."""
    name = html.escape(path.name)
    text = html.escape(label or path.name)
    if path.stat().st_size > LINK_LIMIT:
        return f"{text}: <code>{html.escape(str(path))}</code>"
    kind = (
        _TYPES.get(path.suffix) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    )
    data = base64.b64encode(path.read_bytes()).decode("ascii")
    return f'<a download="{name}" href="data:{kind};base64,{data}">{text}</a>'


class ExportPanel(StepLayout):
    """The Export page: where the files go, the Export button, progress, then the links."""

    def __init__(self, session: PlanSession | None = None) -> None:
        self.session = session if session is not None else open_session()
        self.button = w.Button(
            description="Export the plan", icon="download", button_style="primary"
        )
        self.folder = w.HTML()
        self.status = w.HTML()
        self.progress_log = w.Textarea(
            disabled=True, layout=w.Layout(width="48em", height="9em", display="none")
        )
        self.brief_button = w.Button(
            description="Board pack", icon="file-powerpoint-o",
            tooltip="A one-page brief (PDF and HTML) and a short deck (PowerPoint) for the board",
            layout=w.Layout(width="auto"),
        )  # fmt: skip
        self.links = w.HTML()
        self.brief_links = w.HTML()
        self.written: list[Path] = []
        on_click(
            self.button,
            lambda: self.export(),
            self._failed,
            what="export the plan",
            busy=[self.button],
        )
        on_click(
            self.brief_button,
            lambda: self.board_pack(),
            self._failed,
            what="write the board pack",
            busy=[self.brief_button],
        )
        self.session.observe(lambda _plan: self._show_folder())
        self._show_folder()
        super().__init__(
            title="Step 9 · Export the finance workbook and the charts",
            why=_WHY,
            inputs=[self.folder, w.HBox([self.button, self.brief_button, self.status])],
            results=[self.progress_log, self.links, self.brief_links],
            charts=[],
            next_step=_NEXT,
            session=self.session,
        )

    def _show_folder(self) -> None:
        unsaved = (
            " The plan has unsaved changes: the export shows them as they are now."
            if self.session.dirty
            else ""
        )
        self.folder.value = (
            f"Files go to <code>{html.escape(str(exports_dir(self.session)))}</code>.{unsaved}"
        )

    def _failed(self, message: str) -> None:
        """Show why the export stopped, in place of "Exporting…"."""
        self.status.value = f'<span class="mocmo-error">{html.escape(message)}</span>'

    def _progress(self, line: str) -> None:
        self.progress_log.value = (self.progress_log.value + "\n" + line).strip()

    def export(self) -> list[Path]:
        """Press Export: write every file, then show the download links (or what went wrong)."""
        out = exports_dir(self.session)
        self.button.disabled = True
        self.progress_log.value = ""
        self.progress_log.layout.display = None
        self.links.value = ""
        self.status.value = "Exporting… (a few seconds)"
        try:
            self.written = export_all(self.session.plan, out, progress=self._progress)
        except PermissionError as err:
            self.status.value = (
                f'<span class="mocmo-error">Not exported: {html.escape(str(err))}</span>'
            )
            return []
        finally:
            self.button.disabled = False
        (out / OWNER_FILE).write_text(str(self.session.path.resolve()) + "\n", encoding="utf-8")
        self.status.value = f'<span class="mocmo-ok">Exported {len(self.written)} files.</span>'
        self.links.value = self._links(out)
        return self.written

    def board_pack(self) -> list[Path]:
        """Press Board pack: write the one-page brief (HTML, and PDF where Chromium is
        installed) and the deck next to the workbook, with progress, then their links — or
        what is missing."""
        from mocmo.brief import write_brief

        out = exports_dir(self.session)
        self.progress_log.value = ""
        self.progress_log.layout.display = None
        self.brief_links.value = ""
        self.status.value = "Writing the board pack… (a few seconds)"
        try:
            result = write_brief(
                self.session.plan, out, source=self.session.path.name, progress=self._progress
            )
        except PermissionError as err:
            self._failed(f"No board pack: {err}")
            return []
        (out / OWNER_FILE).write_text(str(self.session.path.resolve()) + "\n", encoding="utf-8")
        labels = {".pdf": "One-page brief (PDF)", ".html": "One-page brief (HTML, any browser)",
                  ".pptx": "Board deck (PowerPoint, editable)"}  # fmt: skip
        rows = [
            download_link(p, f"{labels.get(p.suffix, p.name)} — {p.name}") for p in result.written
        ]
        if result.missing:
            rows.append(f'<span class="mocmo-warning">{html.escape(result.missing)}</span>')
        items = "".join(f"<li>{row}</li>" for row in rows)
        self.brief_links.value = f"<div><b>Board pack</b><ul>{items}</ul></div>"
        done = f"Wrote the board pack: {len(result.written)} files."
        self.status.value = (
            f'<span class="mocmo-warning">{html.escape(done)} No PDF (see below).</span>'
            if result.missing
            else f'<span class="mocmo-ok">{html.escape(done)}</span>'
        )
        return result.written

    def _links(self, out: Path) -> str:
        files = {p.name: p for p in self.written if p.parent == out}
        workbook = next((p for name, p in files.items() if name.endswith(".xlsx")), None)
        rows = []
        if workbook is not None:
            rows.append(
                download_link(workbook, f"Finance workbook ({workbook.name})")
                + " — open the Summary sheet first"
            )
        if "charts.html" in files:
            rows.append(
                download_link(files["charts.html"], "All charts on one page (charts.html)")
                + " — opens in any browser, no internet needed"
            )
        if "summary.json" in files:
            rows.append(download_link(files["summary.json"], "The headline figures (summary.json)"))
        images = [p for p in self.written if p.parent.name == CHARTS_DIR]
        rows.append(
            f"{len(images) // 2} charts as PNG and SVG in "
            f"<code>{html.escape(str(out / CHARTS_DIR))}</code>"
        )
        cost = self._cost_line()
        items = "".join(f"<li>{row}</li>" for row in rows)
        return f"<div><ul>{items}</ul>{cost}</div>"

    def _cost_line(self) -> str:
        from mocmo.summary import headline

        figures = headline(self.session.plan)
        legacy, new = figures.get("legacy_org_loaded_cost"), figures.get("new_org_loaded_cost")
        if not isinstance(legacy, int | float) or not isinstance(new, int | float):
            return ""
        currency = self.session.plan.meta.currency
        return (
            f"<p>The workbook's headline: the legacy org costs {fmt_money(legacy, currency)} a "
            f"year fully loaded, the new org {fmt_money(new, currency)} — on its New Org sheet, "
            "traceable to every salary band and on-cost rate.</p>"
        )


def panel(session: PlanSession | None = None) -> ExportPanel:
    """The Export page for the notebook's plan (``MOCMO_PLAN`` or the current plan)."""
    return ExportPanel(session)
