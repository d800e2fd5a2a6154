"""Every PostgreSQL-only path is in one place (issue 11).

``apl/db.py`` is the one module that asks which database it is on (``is_postgresql()``);
it and ``exchange/importers/postgres.py`` (the imports' COPY paths, run only on
PostgreSQL and never asking) are the only modules with PostgreSQL-only SQL. Everything
else is portable, or calls them. The scan reads each module of the project's apps (the
packages import-linter checks, without their migrations) as Python: attribute access,
imports and string literals, docstrings left out.
"""

import ast
import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VENDOR_TEST = "apl/db.py"
POSTGRES_ONLY = "exchange/importers/postgres.py"
MAY_HOLD_POSTGRES_SQL = {VENDOR_TEST, POSTGRES_ONLY}

# Statements and syntax SQLite does not have. Case-sensitive where the word is common
# English ("COPY"), case-insensitive otherwise.
POSTGRES_SQL = [
    re.compile(r"\bCOPY\s"),
    re.compile(r"\bFROM\s+STDIN\b|\bTO\s+STDOUT\b", re.I),
    re.compile(r"\bpg_\w+\s*\(", re.I),
    re.compile(r"\b(nextval|setval|currval|generate_series|set_config|hashtext)\s*\(", re.I),
    re.compile(r"=\s*(ANY|ALL)\s*\(", re.I),
    re.compile(r"\b(BIT_OR|BIT_AND|BOOL_OR|BOOL_AND|STRING_AGG|ARRAY_AGG)\s*\(", re.I),
    re.compile(r"\bON\s+COMMIT\s+DROP\b|\bSET\s+LOCAL\b|\bDISTINCT\s+ON\b|\bILIKE\b", re.I),
    re.compile(r"::\s*(int\w*|bigint|text|numeric|date|timestamp\w*|bool\w*|jsonb?)\b", re.I),
]
POSTGRES_MODULES = ("psycopg", "psycopg2", "django.contrib.postgres")


def app_modules(root: Path = ROOT) -> list[Path]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    packages = config["tool"]["importlinter"]["root_packages"]
    return sorted(
        path
        for package in packages
        for path in (root / package).rglob("*.py")
        if "migrations" not in path.relative_to(root).parts
    )


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def problems(root: Path = ROOT) -> list[str]:
    found = []
    for path in app_modules(root):
        name = path.relative_to(root).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = _docstrings(tree)
        for node in ast.walk(tree):
            where = f"{name}:{getattr(node, 'lineno', 0)}"
            if isinstance(node, ast.Attribute) and node.attr == "vendor" and name != VENDOR_TEST:
                found.append(f"{where}: asks the vendor (use apl.db.is_postgresql)")
            if name == POSTGRES_ONLY and (
                (isinstance(node, ast.Name) and node.id == "is_postgresql")
                or (isinstance(node, ast.Attribute) and node.attr == "is_postgresql")
            ):
                found.append(f"{where}: the PostgreSQL-only module asks the vendor")
            if name in MAY_HOLD_POSTGRES_SQL:
                continue
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                if id(node) not in docstrings and any(p.search(node.value) for p in POSTGRES_SQL):
                    found.append(f"{where}: PostgreSQL-only SQL {node.value.strip()[:40]!r}")
            elif (
                isinstance(node, ast.Attribute)
                and node.attr == "copy"
                and isinstance(node.value, ast.Attribute)
                and node.value.attr == "cursor"
            ):
                found.append(f"{where}: COPY through the database cursor")
            elif isinstance(node, ast.Import | ast.ImportFrom):
                names = [node.module or ""] if isinstance(node, ast.ImportFrom) else []
                names += [alias.name for alias in getattr(node, "names", [])]
                if any(n.split(".")[0] in {"psycopg", "psycopg2"} for n in names) or any(
                    n.startswith("django.contrib.postgres") for n in names
                ):
                    found.append(f"{where}: imports a PostgreSQL-only module")
    return sorted(found, key=lambda p: (p.split(":")[0], int(p.split(":")[1])))


def test_only_the_allowed_modules_ask_the_vendor_or_hold_postgresql_only_sql():
    assert problems() == []


def test_the_allowed_modules_exist_and_hold_what_they_are_allowed():
    # A rename must move the rule with it, not leave it guarding nothing.
    assert "connection.vendor" in (ROOT / VENDOR_TEST).read_text()
    assert "FROM STDIN" in (ROOT / POSTGRES_ONLY).read_text()


def test_the_scan_finds_vendor_tests_and_postgresql_sql_elsewhere(tmp_path, monkeypatch):
    (tmp_path / "pyproject.toml").write_text("")
    for name in ("apl", "exchange/importers", "reporting/migrations"):
        (tmp_path / name).mkdir(parents=True)
    (tmp_path / "apl/db.py").write_text(
        'def is_postgresql():\n    return connection.vendor == "postgresql"\n'
        'LOCK = "SELECT pg_advisory_xact_lock(1)"\n'
    )
    (tmp_path / "exchange/importers/postgres.py").write_text(
        "def copy(cursor):\n"
        '    """Fine here: COPY rows FROM STDIN."""\n'
        "    if is_postgresql():\n"
        '        cursor.cursor.copy(f"COPY {table} FROM STDIN")\n'
    )
    (tmp_path / "reporting/selectors.py").write_text(
        '"""Docstrings may name COPY and ANY(%s) and BIT_OR(x)."""\n'
        "import psycopg\n"
        "from django.contrib.postgres.aggregates import ArrayAgg\n"
        'if connection.vendor == "postgresql":\n'
        '    sql = f"SELECT id FROM t WHERE id = ANY(%s) AND {x}::bigint > 0"\n'
        'S = "SELECT BIT_OR(b) FROM t"\n'
        'N = "SELECT nextval(pg_get_serial_sequence(%s, %s))"\n'
        "cursor.cursor.copy(sql)\n"
        'PORTABLE = "SELECT CASE WHEN a THEN 1 ELSE 0 END, COALESCE(b, 0) FROM t"\n'
    )
    (tmp_path / "reporting/migrations/0001.py").write_text('X = "COPY t FROM STDIN"\n')
    real = tomllib.loads((ROOT / "pyproject.toml").read_text())
    real["tool"]["importlinter"]["root_packages"] = ["apl", "exchange", "reporting"]
    monkeypatch.setattr(tomllib, "loads", lambda _text: real)
    assert problems(tmp_path) == [
        "exchange/importers/postgres.py:3: the PostgreSQL-only module asks the vendor",
        "reporting/selectors.py:2: imports a PostgreSQL-only module",
        "reporting/selectors.py:3: imports a PostgreSQL-only module",
        "reporting/selectors.py:4: asks the vendor (use apl.db.is_postgresql)",
        "reporting/selectors.py:5: PostgreSQL-only SQL 'SELECT id FROM t WHERE id = ANY(%s) AND'",
        "reporting/selectors.py:5: PostgreSQL-only SQL '::bigint > 0'",
        "reporting/selectors.py:6: PostgreSQL-only SQL 'SELECT BIT_OR(b) FROM t'",
        "reporting/selectors.py:7: PostgreSQL-only SQL 'SELECT nextval(pg_get_serial_sequence(%s'",
        "reporting/selectors.py:8: COPY through the database cursor",
    ]
