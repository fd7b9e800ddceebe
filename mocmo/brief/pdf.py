"""The brief's PDF: the HTML page printed by headless Chromium.

Why Chromium: it is Debian's ``chromium`` package, which ``make system-deps`` already installs
for the browser tests, so a fresh machine that followed the README has it, and it works
offline. It prints the page exactly as the HTML preview shows it (CSS grid, SVG charts,
``@page`` A4). LibreOffice (also installed) converts HTML through Writer's import, which drops
the page's layout; converting the deck gives slides, not a one-page brief. WeasyPrint would
need Pango from apt and a new Python dependency. Chromium is run directly (``--print-to-pdf``),
not through Playwright, which is a test dependency only.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

__all__ = [
    "CHROMIUM_CANDIDATES",
    "INSTALL_HINT",
    "PdfEngineMissing",
    "find_chromium",
    "html_to_pdf",
]

CHROMIUM_CANDIDATES: tuple[str, ...] = (
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
)
"""Names of a Chromium looked up on PATH (after ``$MOCMO_CHROMIUM``, a path)."""

INSTALL_HINT = (
    "install Chromium for the PDF: sudo apt-get install -y --no-install-recommends chromium "
    "(or make system-deps), or set MOCMO_CHROMIUM to a Chromium or Chrome executable"
)

_TIMEOUT_S = 90


class PdfEngineMissing(RuntimeError):
    """No Chromium to print the brief's PDF with; the message says what to install."""


def find_chromium() -> str:
    """The Chromium to print with: ``$MOCMO_CHROMIUM`` when set (it must exist), else the
    first of :data:`CHROMIUM_CANDIDATES` on PATH; :class:`PdfEngineMissing` when none."""
    given = os.environ.get("MOCMO_CHROMIUM")
    if given:
        found = shutil.which(given)
        if found:
            return found
        raise PdfEngineMissing(f"MOCMO_CHROMIUM={given!r} is not an executable; {INSTALL_HINT}")
    for name in CHROMIUM_CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    raise PdfEngineMissing(f"no Chromium found to print the PDF; {INSTALL_HINT}")


def html_to_pdf(html_file: Path, pdf_file: Path, chromium: str | None = None) -> Path:
    """Print ``html_file`` (a self-contained page) to ``pdf_file`` with headless Chromium, in
    a throw-away profile and with networking off; returns ``pdf_file``. Raises
    :class:`PdfEngineMissing` without Chromium, RuntimeError when it fails."""
    exe = chromium or find_chromium()
    with tempfile.TemporaryDirectory(prefix="mocmo-chromium-") as profile:
        out = Path(profile) / "brief.pdf"
        command = [
            exe,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            "--proxy-server=127.0.0.1:9",  # nothing is fetched: the page needs no network
            f"--user-data-dir={profile}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={out}",
            html_file.resolve().as_uri(),
        ]
        try:
            done = subprocess.run(
                command, capture_output=True, timeout=_TIMEOUT_S, check=False, cwd=profile
            )
        except subprocess.TimeoutExpired:
            raise RuntimeError(f"Chromium did not print the PDF within {_TIMEOUT_S} s") from None
        if not out.is_file() or out.stat().st_size == 0:
            tail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-3:]
            raise RuntimeError(
                f"Chromium did not print the PDF (exit {done.returncode}): " + " | ".join(tail)
            )
        pdf_file.parent.mkdir(parents=True, exist_ok=True)
        from mocmo.files import write_bytes_atomic

        write_bytes_atomic(pdf_file, out.read_bytes(), lock=False)
    return pdf_file
