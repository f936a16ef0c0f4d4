"""Challenges may use programmes (a challenge belongs to an action line); programmes does not use challenges."""

import ast
from pathlib import Path

import programmes

PROGRAMMES = Path(programmes.__file__).parent


def imported_modules(path: Path):
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            yield "." * node.level + node.module
            yield from ("." * node.level + node.module + "." + alias.name for alias in node.names)
        elif isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)


def test_programmes_does_not_import_challenges():
    offenders = []
    for path in PROGRAMMES.rglob("*.py"):
        relative = path.relative_to(PROGRAMMES)
        if relative.parts[0] in ("challenges", "migrations"):
            continue
        for module in imported_modules(path):
            if module.startswith(("programmes.challenges", ".challenges")) or module == "programmes.challenges":
                offenders.append(f"{relative}: {module}")
    assert offenders == []


def test_no_module_is_named_after_challenges_outside_their_app():
    root = PROGRAMMES.parent
    named = [
        str(path.relative_to(root))
        for folder in ("programmes", "tests", "reporting", "core", "accounts")
        for path in (root / folder).rglob("challenge_*.py")
    ]
    assert named == []
