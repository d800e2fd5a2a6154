"""Everything a user reads is in US spelling: templates, messages, labels, emails, PDFs.

Code identifiers, URLs, CSV column names and stored choice values keep their names; only
text shown to people is checked. The scan reads templates outside their tags, the string
literals of the project's Python modules (not docstrings, identifiers, SQL or log lines),
and the verbose names, help texts and choice labels of every model.
"""

import ast
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.template.loader import render_to_string

ROOT = Path(settings.BASE_DIR)
PACKAGES = [
    "accounts",
    "apl",
    "audit",
    "catalogue",
    "credentials",
    "demo",
    "directory",
    "districts",
    "enrollment",
    "exchange",
    "grading",
    "growth",
    "intake",
    "proposals",
    "renewal",
    "reporting",
]
ISE_STEMS = (
    "organ|recogn|author|summar|final|anonym|priorit|custom|optim|util|real|apolog|minim|maxim"
    "|emphas|standard|categor|normal|sanit|neutral|serial|special|personal|visual|memor"
    "|synchron|initial|critic|legal|emphas|familiar|character|modern|stabil"
)
UK = re.compile(
    r"(?<![/_.{#-])\b("
    r"enrol|enrols|enrolment|enrolments|programme|programmes|catalogue|catalogues"
    r"|centre|centres|colour|colours|colour\w+|behaviour|behaviours|rigour|honour|favour"
    r"|labour|licence|licences|criterions|labelled|labelling|modelled|travelled"
    r"|artefact|artefacts|analyse|analysed|analysing|defence|offence|judgement|fulfil"
    r"|practise|practised|practising|whilst|cheque|learnt"
    rf"|(?:{ISE_STEMS})is(?:e|ed|es|ing|ation|ations)"
    r")\b(?![/_(=\[-]|\.\w)",
    re.IGNORECASE,
)
TAG = re.compile(r"{%.*?%}|{{.*?}}|{#.*?#}", re.S)
# Attribute values are ids, URLs and names, not prose.
CODE_ATTR = re.compile(
    r"(?:href|src|name|id|for|class|value|action|hx-[\w-]+|data-[\w-]+"
    r'|aria-controls|aria-describedby|aria-labelledby)="[^"]*"'
)
# Literals inside tags that are prose: include labels, default texts, pluralize suffixes.
TAG_PROSE = re.compile(r'(?:label=|default:|title=|heading=|text=|caption=|pluralize:)"([^"]*)"')
# The sort_header tag's last argument is the column's visible label.
SORT_LABEL = re.compile(r'{%\s*sort_header\s+\S+\s+"[^"]*"\s+"([^"]*)"')
IDENTIFIER = re.compile(r"^[a-z0-9_.:/<>%#-]*$")


def uk_words(text: str) -> list[str]:
    return [m.group(1) for m in UK.finditer(text)]


def template_prose(text: str) -> str:
    """The text of a template a reader sees: prose outside tags, prose literals inside."""
    prose = TAG_PROSE.findall(text) + SORT_LABEL.findall(text)
    outside = CODE_ATTR.sub(" ", TAG.sub(" ", text))
    return outside + "\n" + "\n".join(prose)


def _template_files():
    return sorted(p for p in (ROOT / "templates").rglob("*") if p.suffix in {".html", ".txt"})


def _python_files():
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def _is_log_call(node: ast.AST, parents: dict) -> bool:
    parent = parents.get(id(node))
    while parent is not None and not isinstance(parent, ast.Call):
        parent = parents.get(id(parent))
    if parent is None or not isinstance(parent.func, ast.Attribute):
        return False
    owner = parent.func.value
    return isinstance(owner, ast.Name) and owner.id in {"logger", "log", "logging"}


def python_prose(source: str) -> list[str]:
    """String literals that could reach a reader (not docstrings, names, SQL or log lines)."""
    tree = ast.parse(source)
    parents = {id(child): node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.Module)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
        and not IDENTIFIER.match(node.value)
        and "SELECT" not in node.value
        and not _is_log_call(node, parents)
    ]


def test_the_scan_finds_uk_spellings_and_spares_code():
    """The checker itself: prose is caught, URLs, ids and identifiers are not."""
    assert uk_words("Enrol in the programme; the catalogue centre's colour.") == [
        "Enrol",
        "programme",
        "catalogue",
        "centre",
        "colour",
    ]
    assert uk_words("Anonymised results. Organisation. 5 criterions.") == [
        "Anonymised",
        "Organisation",
        "criterions",
    ]
    assert uk_words("/enrolment/pathway/ programme.name programme_id {programme}") == []
    assert uk_words("raise otherwise revise advertise whitenoise promise") == []
    page = '<a href="/enrolment/" id="programme-1">{% if x == "programme" %}Go{% endif %}</a>'
    assert uk_words(template_prose(page)) == []
    assert uk_words(template_prose('{% include "x" with label="Programme" %}')) == ["Programme"]
    sort_label = template_prose('{% sort_header listing "programme" "Programme" %}')
    assert uk_words(sort_label) == ["Programme"]
    assert python_prose('def f():\n    """The programme."""\n    return "Enrol now"\n') == [
        "Enrol now"
    ]


def test_templates_use_us_spelling():
    found = {
        str(path.relative_to(ROOT)): words
        for path in _template_files()
        if (words := uk_words(template_prose(path.read_text())))
    }
    assert found == {}


def test_user_facing_python_strings_use_us_spelling():
    found = {}
    for path in _python_files():
        for text in python_prose(path.read_text()):
            if words := uk_words(text):
                found.setdefault(str(path.relative_to(ROOT)), []).extend(words)
    assert found == {}


def _model_texts():
    for config in apps.get_app_configs():
        if not str(config.path).startswith(str(ROOT)):
            continue
        yield config.label, str(config.verbose_name)
        for model in config.get_models():
            meta = model._meta
            yield meta.label, f"{meta.verbose_name} {meta.verbose_name_plural}"
            for _codename, name in meta.permissions:
                yield meta.label, name
            for field in meta.get_fields():
                for text in (getattr(field, "verbose_name", ""), getattr(field, "help_text", "")):
                    yield f"{meta.label}.{field.name}", str(text)
                for _value, label in getattr(field, "flatchoices", None) or []:
                    yield f"{meta.label}.{field.name}", str(label)


def test_model_names_labels_and_choices_use_us_spelling():
    """Verbose names (also the default one made from a field's name) reach forms and admin."""
    found = {where: words for where, text in _model_texts() if (words := uk_words(text))}
    assert found == {}


@pytest.mark.parametrize(
    ("count", "expected"), [(1, "1 criterion not yet scored"), (5, "5 criteria")]
)
def test_criteria_are_pluralised_as_criteria(count, expected):
    html = render_to_string(
        "grading/score.html#totals",
        {"totals": {"earned": 0, "possible": 20, "percent": 0, "unscored": count}},
    )
    assert expected in html
    assert "criterions" not in html
