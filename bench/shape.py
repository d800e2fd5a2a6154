"""The shape of the code: module sizes, function lengths and cyclomatic complexity.

    .venv/bin/python bench/shape.py          # the largest modules and functions
    .venv/bin/python bench/shape.py --check  # exit 1 past 500 lines a module or 60 a function

The limits come from the house style; tests/apl/test_code_shape.py holds them in
``make test``. Complexity is McCabe's: 1 + one per branch (if, loop, except, boolean
operator, comprehension condition, match case).
"""

import argparse
import ast
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MAX_MODULE_LINES = 500
MAX_FUNCTION_LINES = 60
SKIP = {".venv", ".mutate", "mutants", "migrations", "node_modules", "static", ".git"}


@dataclass(frozen=True)
class Function:
    path: str
    name: str
    lines: int
    complexity: int


def python_files(root: Path = ROOT) -> list[Path]:
    return sorted(p for p in root.rglob("*.py") if not SKIP.intersection(p.relative_to(root).parts))


_BRANCHES = (
    ast.If,
    ast.For,
    ast.AsyncFor,
    ast.While,
    ast.IfExp,
    ast.ExceptHandler,
    ast.match_case,
    ast.Assert,
)


def _complexity(node: ast.AST) -> int:
    score = 1
    for child in ast.walk(node):
        if isinstance(child, _BRANCHES):
            score += 1
        elif isinstance(child, ast.BoolOp):
            score += len(child.values) - 1
        elif isinstance(child, ast.comprehension):
            score += 1 + len(child.ifs)
    return score


def functions(path: Path, root: Path = ROOT) -> list[Function]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            found.append(
                Function(
                    str(path.relative_to(root)),
                    node.name,
                    node.end_lineno - first + 1,
                    _complexity(node),
                )
            )
    return found


def module_lines(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def problems(root: Path = ROOT) -> list[str]:
    found = []
    for path in python_files(root):
        lines = module_lines(path)
        if lines > MAX_MODULE_LINES:
            found.append(f"{path.relative_to(root)}: {lines} lines (at most {MAX_MODULE_LINES})")
        for function in functions(path, root):
            if function.lines > MAX_FUNCTION_LINES:
                found.append(
                    f"{function.path}: {function.name}() is {function.lines} lines "
                    f"(at most {MAX_FUNCTION_LINES})"
                )
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--top", type=int, default=10)
    args = parser.parse_args()
    if args.check:
        found = problems()
        print("\n".join(found) or "every module and function within the limits")
        return 1 if found else 0
    files = python_files()
    print("largest modules:")
    for path in sorted(files, key=module_lines, reverse=True)[: args.top]:
        print(f"  {module_lines(path):5}  {path.relative_to(ROOT)}")
    every = [f for path in files for f in functions(path)]
    print("longest functions:")
    for f in sorted(every, key=lambda f: f.lines, reverse=True)[: args.top]:
        print(f"  {f.lines:5}  {f.path}:{f.name}  (complexity {f.complexity})")
    print("most complex functions:")
    for f in sorted(every, key=lambda f: f.complexity, reverse=True)[: args.top]:
        print(f"  {f.complexity:5}  {f.path}:{f.name}  ({f.lines} lines)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
