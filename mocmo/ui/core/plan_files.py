"""Plan files the user names in a page: the plans folder, a typed name as a file name, a
typed path located, and a file read as a plan without echoing one that is not."""

from __future__ import annotations

import stat
import unicodedata
from pathlib import Path

import yaml

from mocmo.plan import Plan, PlanError, Problem, plan_from_yaml
from mocmo.ui.core.messages import reason
from mocmo.ui.core.session import workspace_dir

MAX_NAME_CHARS = 100
"""The longest plan file name the app writes (characters, ``.yaml`` included when typed)."""

_MAX_NAME_BYTES = 200
"""The longest plan file name in UTF-8 bytes once ``.yaml`` is added (file systems allow 255)."""

_MAX_PLAN_BYTES = 64 * 1024 * 1024
"""A file larger than this is not read as a plan (the 2,000-person synthetic plan is ~3 MB)."""


def plans_folder() -> Path:
    """Where the user's plans live and new ones are written: the workspace's ``plans`` folder."""
    return workspace_dir() / "plans"


def plan_file_name(typed: str) -> str:
    """The file name a typed plan name stands for, ``.yaml`` added when missing.

    A plan name is a file name, not a path: refused (``ValueError`` with a plain sentence) when
    it is empty, has a path separator, a control character, a leading or trailing space, starts
    with ``.`` (hidden files, ``.``, ``..``) or ``-`` (read as an option by command-line tools),
    or is longer than :data:`MAX_NAME_CHARS` characters.
    """
    if typed == "":
        raise ValueError("Type a name for the new plan file, e.g. my-plan.yaml")
    for sep in ("/", "\\"):
        if sep in typed:
            raise ValueError(f"A plan name can't contain '{sep}': type a name, not a path")
    bad = next((ch for ch in typed if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp")), None)
    if bad is not None:
        raise ValueError(f"A plan name can't contain control characters (U+{ord(bad):04X})")
    if typed != typed.strip():
        raise ValueError("A plan name can't start or end with a space")
    if typed.startswith("."):
        raise ValueError("A plan name can't start with '.' (that makes a hidden file)")
    if typed.startswith("-"):
        raise ValueError("A plan name can't start with '-'")
    if len(typed) > MAX_NAME_CHARS:
        raise ValueError(
            f"A plan name can have at most {MAX_NAME_CHARS} characters (this one has {len(typed)})"
        )
    name = typed if typed.endswith(".yaml") else f"{typed}.yaml"
    if len(name.encode("utf-8")) > _MAX_NAME_BYTES:
        raise ValueError("This plan name is too long for a file name: make it shorter")
    return name


def locate_plan_file(typed: str) -> tuple[Path, bool]:
    """Where a path typed in a file box points, resolved (``~``, ``..`` and symlinks followed),
    and whether that is inside :func:`plans_folder`.

    A relative path is read from the plans folder; an absolute one, a ``..`` or a symlink that
    leads out of it is outside. Nothing is read.
    """
    base = plans_folder().resolve()
    path = Path(typed).expanduser()
    resolved = (base / path).resolve()
    return resolved, resolved.is_relative_to(base)


def read_plan_file(path: Path) -> Plan:
    """Read and validate the plan at ``path`` for a page, never echoing a file that is not one.

    Raises :class:`PlanError`. A file that is not a plan — not a regular file, too large, not
    UTF-8, not YAML, not a mapping with a ``meta`` section or a ``schema_version``, or YAML that
    fails to parse — gives one problem, "not a plan file: <name>", so that nothing of its content
    (a password, a salary) reaches the page; a plan with problems lists them.
    """
    name = path.name

    def not_a_plan(why: str) -> PlanError:
        return PlanError([Problem("", f"not a plan file: {name} ({why})")], name)

    try:
        info = path.stat()
    except FileNotFoundError:
        raise PlanError([Problem("", f"no plan file called {name}")], name) from None
    except OSError as err:
        raise PlanError([Problem("", f"cannot read {name}: {reason(err)}")], name) from None
    if not stat.S_ISREG(info.st_mode):
        raise not_a_plan("not a regular file")
    if info.st_size > _MAX_PLAN_BYTES:
        raise not_a_plan("too large for a plan")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise not_a_plan("not UTF-8 text") from None
    except OSError as err:
        raise PlanError([Problem("", f"cannot read {name}: {reason(err)}")], name) from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        raise not_a_plan("not valid YAML") from None
    if not isinstance(data, dict) or not ({"meta", "schema_version"} & set(data)):
        raise not_a_plan("no meta section")
    try:
        return plan_from_yaml(text, name, path.parent)
    except PlanError as err:
        if any(not p.path for p in err.problems):  # file-level problems may quote the file
            raise not_a_plan("its YAML is malformed") from None
        raise
