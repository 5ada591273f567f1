"""The house's import rules, checked on the source (ast) and at run time.

Data flows one way: shared leaves <- library/ <- site/ | printing/ | quiz_bank <- build <- cli/.
The tracker reads answer keys from library/ and never imports a renderer; nothing imports cli/.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

from tests.kit import PROJECT_ROOT

PACKAGE = PROJECT_ROOT / "generator"
LEAVES = {"errors", "settings", "urls", "words", "markup", "templating", "qr", "outputs"}


def module_name(path: Path) -> str:
    parts = path.relative_to(PROJECT_ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """Every module `path` imports, at the top or inside functions (`from a import b` counts `a` and `a.b`)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


MODULES = {module_name(path): imports_of(path) for path in sorted(PACKAGE.rglob("*.py")) if "migrations" not in path.parts}


def area(module: str) -> str:
    """`generator.site.pages` -> `site`; `generator.urls` -> `urls`."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def project_imports(module: str) -> set[str]:
    return {name for name in MODULES[module] if name.split(".")[0] == "generator" and name in MODULES}


def violations(source_areas: set[str], forbidden: set[str]) -> list[str]:
    return sorted(f"{module} imports {target}" for module in MODULES if area(module) in source_areas
                  for target in project_imports(module) if area(target) in forbidden)


def test_nothing_imports_the_cli() -> None:
    bad = sorted(f"{m} imports {t}" for m in MODULES if area(m) != "cli" and m != "generator.__main__"
                 for t in project_imports(m) if area(t) == "cli")
    assert bad == []


def test_leaves_import_only_leaves() -> None:
    assert violations(LEAVES, {a for m in MODULES if (a := area(m)) not in LEAVES and a not in ("", "__main__")}) == []


def test_the_library_imports_no_renderer_and_writes_nothing() -> None:
    assert violations({"library"}, {"site", "printing", "tracker", "cli", "build", "quiz_bank", "outputs", "qr", "templating", "markup"}) == []
    third_party = sorted(f"{m} imports {n}" for m in MODULES if area(m) == "library" for n in MODULES[m]
                         if n.split(".")[0] in ("mkdocs", "weasyprint", "jinja2", "fastapi", "sqlalchemy"))
    assert third_party == []


def test_renderers_do_not_import_each_other_or_the_service() -> None:
    assert violations({"site"}, {"printing", "tracker", "cli", "build"}) == []
    assert violations({"printing"}, {"site", "tracker", "cli", "build"}) == []
    assert violations({"quiz_bank"}, {"site", "printing", "tracker", "cli", "build"}) == []


def test_the_tracker_imports_only_the_library_and_the_leaves() -> None:
    assert violations({"tracker"}, {"site", "printing", "cli", "build", "quiz_bank"}) == []
    heavy = sorted(f"{m} imports {n}" for m in MODULES if area(m) == "tracker" for n in MODULES[m]
                   if n.split(".")[0] in ("mkdocs", "material", "mkdocs_static_i18n", "weasyprint"))
    assert heavy == []


def test_importing_the_tracker_app_loads_neither_mkdocs_nor_weasyprint() -> None:
    code = ("import sys, generator.tracker.app, generator.tracker.serve; "
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'mkdocs', 'weasyprint', 'material'}))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=PROJECT_ROOT, check=True)
    assert result.stdout.strip() == "[]"


# The top-level path segments of the site and the service: only urls.py may spell them.
URL_LITERAL = re.compile(r"^/?(bai-hoc|tai-ve|ghi-danh|hinh-anh|l|api|quan-ly|assets/cnscd|assets/quizzes)(/|$)")


def url_literals_in(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and URL_LITERAL.match(node.value):
            found.append(f"{path.name}:{node.lineno}: {node.value!r}")
    return found


def test_url_paths_are_spelled_only_in_urls_py() -> None:
    found = [hit for path in sorted(PACKAGE.rglob("*.py")) if path.name != "urls.py" for hit in url_literals_in(path)]
    assert found == []


def test_the_checks_catch_a_violation(tmp_path: Path) -> None:
    """The rules above are not vacuous: imports inside functions and URL literals are seen."""
    bad = tmp_path / "bad.py"
    bad.write_text('def f():\n    from generator.printing import pdf\n\nPAGE = "bai-hoc/x/"\n', encoding="utf-8")
    assert {"generator.printing", "generator.printing.pdf"} <= imports_of(bad)
    assert [hit.split(": ", 1)[1] for hit in url_literals_in(bad)] == ["'bai-hoc/x/'"]
