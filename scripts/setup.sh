#!/usr/bin/env bash
# Create .venv (Python >= 3.11) and install mocmo editable with its dev extra.
# Idempotent: the install is skipped while pyproject.toml is unchanged since the
# last successful install (stamp: .venv/.mocmo-installed holds its sha256).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT="$(pwd)"
VENV="$ROOT/.venv"
STAMP="$VENV/.mocmo-installed"

say() { printf 'setup: %s\n' "$*"; }

is_py311() { "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; }

find_python() {
    local candidate
    for candidate in "${PYTHON:-}" python3 python3.13 python3.12 python3.11; do
        [ -n "$candidate" ] || continue
        if command -v "$candidate" >/dev/null 2>&1 && is_py311 "$candidate"; then
            command -v "$candidate"
            return 0
        fi
    done
    return 1
}

if [ -x "$VENV/bin/python" ] && ! is_py311 "$VENV/bin/python"; then
    say "ERROR: $VENV uses Python < 3.11; remove it (rm -rf .venv) and rerun" >&2
    exit 1
fi

if [ ! -x "$VENV/bin/python" ]; then
    if ! PY="$(find_python)"; then
        say "ERROR: no Python >= 3.11 found (set PYTHON=/path/to/python3.11)" >&2
        exit 1
    fi
    say "creating .venv with $PY ($("$PY" --version 2>&1))"
    "$PY" -m venv "$VENV"
fi

WANT="$(sha256sum "$ROOT/pyproject.toml" | cut -d' ' -f1)"
HAVE="$(cat "$STAMP" 2>/dev/null || true)"
if [ "$WANT" = "$HAVE" ]; then
    say ".venv up to date (pyproject.toml unchanged)"
    exit 0
fi

export PIP_DISABLE_PIP_VERSION_CHECK=1
say "upgrading pip"
"$VENV/bin/python" -m pip install --quiet --upgrade pip
say "installing mocmo (editable) with [dev] extras"
start=$SECONDS
"$VENV/bin/python" -m pip install --quiet -e "$ROOT[dev]"
printf '%s\n' "$WANT" > "$STAMP"
say "done in $((SECONDS - start)) s"
