#!/usr/bin/env bash
# Install the Debian packages the real-engine tests use, when absent:
#   soffice           -> libreoffice-calc-nogui  (workbook recalculation)
#   /usr/bin/chromium -> chromium                (Playwright browser tests)
#   DejaVu fonts      -> fonts-dejavu-core       (chart symbols Liberation Sans lacks, e.g. ✓)
#   colour emoji font -> fonts-noto-color-emoji  (emoji in plan names, on the board pack's PDF)
# Without root (or passwordless sudo) or apt-get: fail when CI=true, else warn
# and exit 0 (the affected tests then skip with an install hint).
set -euo pipefail

say() { printf 'system-deps: %s\n' "$*"; }

missing=()
command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-calc-nogui)
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
[ -e /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf ] || missing+=(fonts-noto-color-emoji)

if [ "${#missing[@]}" -eq 0 ]; then
    say "all present (soffice, chromium, fonts-dejavu-core, fonts-noto-color-emoji)"
    exit 0
fi

SUDO=()
can_install=1
if ! command -v apt-get >/dev/null 2>&1; then
    can_install=0
    why="apt-get is not available"
elif [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        SUDO=(sudo -n)
    else
        can_install=0
        why="not root (and no passwordless sudo)"
    fi
fi

if [ "$can_install" -eq 0 ]; then
    cmd="apt-get install -y --no-install-recommends ${missing[*]}"
    if [ "${CI:-}" = "true" ]; then
        say "ERROR: missing ${missing[*]} and cannot install them: $why." >&2
        say "ERROR: run as root: $cmd" >&2
        exit 1
    fi
    say "WARNING: missing ${missing[*]}; cannot install them ($why)." >&2
    say "WARNING: install with: sudo $cmd  -- related tests will be skipped." >&2
    exit 0
fi

say "installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -qq
"${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"

command -v soffice >/dev/null 2>&1 || { say "ERROR: soffice still missing" >&2; exit 1; }
[ -x /usr/bin/chromium ] || { say "ERROR: /usr/bin/chromium still missing" >&2; exit 1; }
say "done"
