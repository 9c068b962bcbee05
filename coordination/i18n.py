"""Message catalogs, one per feature: `python -m coordination.i18n compile|update [feature]|check`.

Each feature keeps its strings in `coordination/<feature>/translations/`, extracted from
its Python package and its `templates/<feature>/` folder, so features are translated
where they live. `coordination/translations/` holds the shared templates' strings.
"""

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

from coordination.config import FEATURES

PACKAGE = Path(__file__).resolve().parent
ROOT = PACKAGE.parent
LOCALES = ("fr",)
BABEL_CFG = ROOT / "babel.cfg"


def catalogs() -> list[tuple[Path, list[Path]]]:
    """(translations dir, sources) for the shared catalog and every feature."""
    shared = [ROOT / "templates" / name for name in ("base.html", "errors")]
    shared += sorted((ROOT / "templates").glob("_*.html"))
    shared += [PACKAGE / "web"]
    result = [(PACKAGE / "translations", shared)]
    for feature in FEATURES:
        if feature == "web":
            continue
        sources = [PACKAGE / feature]
        if (ROOT / "templates" / feature).exists():
            sources.append(ROOT / "templates" / feature)
        result.append((PACKAGE / feature / "translations", sources))
    return result


def _pybabel(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "-q", *args], check=True)  # noqa: S603


def update(only: str | None = None) -> None:
    """Re-extract strings; `only` limits it to one feature's catalog ("web" = shared)."""
    for directory, sources in catalogs():
        if only and directory.parent.name != (only if only != "web" else "coordination"):
            continue
        pot = directory / "messages.pot"
        directory.mkdir(parents=True, exist_ok=True)
        _pybabel(
            "extract",
            "-F",
            str(BABEL_CFG),
            "-k",
            "_l",
            "--no-location",
            "--sort-output",
            "--omit-header",
            "-o",
            str(pot),
            *[str(s) for s in sources if s.exists()],
        )
        for locale in LOCALES:
            po = directory / locale / "LC_MESSAGES" / "messages.po"
            command = "update" if po.exists() else "init"
            _pybabel(
                command,
                "-i",
                str(pot),
                "-d",
                str(directory),
                "-l",
                locale,
                *(["--no-fuzzy-matching", "--ignore-obsolete"] if command == "update" else []),
            )
        pot.unlink()


def compile_all() -> None:
    for directory, _sources in catalogs():
        if (directory / "fr" / "LC_MESSAGES" / "messages.po").exists():
            _pybabel("compile", "-d", str(directory))


def missing() -> dict[str, list[str]]:
    """Untranslated or fuzzy French messages, per catalog."""
    problems = {}
    for directory, _sources in catalogs():
        po = directory / "fr" / "LC_MESSAGES" / "messages.po"
        if not po.exists():
            continue
        with po.open("rb") as f:
            catalog = read_po(f)
        bad = [
            m.id if isinstance(m.id, str) else m.id[0]
            for m in catalog
            if m.id
            and (not m.string or (isinstance(m.string, tuple) and not all(m.string)) or m.fuzzy)
        ]
        if bad:
            problems[str(po.relative_to(ROOT))] = bad
    return problems


if __name__ == "__main__":
    action = sys.argv[1] if len(sys.argv) > 1 else "compile"
    if action == "update":
        update(sys.argv[2] if len(sys.argv) > 2 else None)
    elif action == "compile":
        compile_all()
    elif action == "check":
        problems = missing()
        for path, ids in problems.items():
            print(f"{path}: {len(ids)} untranslated", *ids[:20], sep="\n  ")
        sys.exit(1 if problems else 0)
    else:
        sys.exit("usage: python -m coordination.i18n compile|update|check")
