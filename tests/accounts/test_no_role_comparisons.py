"""Roles are compared in accounts/roles.py only; everything else asks a capability.

The rule: outside roles.py, no source compares a role (`user.role == ...`, `role in (...)`,
`Role.X != ...`, a role's string such as "pupil"), looks something up by role (a dict keyed
by `Role.X`, `homes[user.role]`, `homes.get(user.role)`), filters a queryset on a role
(`filter(role=...)`, `exclude(pupil__role=...)`: use `roles.pupil_accounts()`) or matches
on one; no template tests `.role` or a role's string. Giving an account its role (factories,
demo data, the sign-up form, `create_user(role=...)`) is not a comparison and is allowed.
Tests and migrations are not scanned: tests set roles up, migrations are history.
"""

import ast
import re
from pathlib import Path

import pytest
from django.conf import settings

from accounts.roles import Role

ROOT = Path(settings.BASE_DIR)
ROLES_MODULE = ROOT / "accounts" / "roles.py"
ROLE_STRINGS = frozenset(Role.values)
QUERY_CALLS = {"filter", "exclude", "get", "Q"}
SKIPPED_DIRS = {"tests", "migrations", "node_modules", "__pycache__"}


def mentions_role(node) -> bool:
    for child in ast.walk(node):
        if isinstance(child, ast.Attribute) and child.attr in {"role", "Role"}:
            return True
        if isinstance(child, ast.Name) and child.id in {"role", "Role"}:
            return True
        if isinstance(child, ast.Constant) and child.value in ROLE_STRINGS:
            return True
    return False


def _call_name(call):
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)


def role_comparisons(source: str) -> list[int]:
    """Line numbers where `source` compares, looks up, filters or matches on a role."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Compare):
            found = any(mentions_role(operand) for operand in [node.left, *node.comparators])
        elif isinstance(node, ast.Call):
            name = _call_name(node)
            found = (
                name in QUERY_CALLS
                and any(k.arg and "role" in k.arg.split("__") for k in node.keywords)
            ) or (name == "get" and any(mentions_role(arg) for arg in node.args))
        elif isinstance(node, ast.Subscript):
            found = mentions_role(node.slice)
        elif isinstance(node, ast.Dict):
            found = any(key is not None and mentions_role(key) for key in node.keys)
        elif isinstance(node, ast.Match):
            found = mentions_role(node.subject)
        else:
            continue
        if found:
            lines.append(node.lineno)
    return lines


# In a template tag: `.role` as an attribute, or a role's string in quotes.
TEMPLATE_TAG = re.compile(r"{%.*?%}", re.DOTALL)
ROLE_STRING = "|".join(sorted(ROLE_STRINGS))
TEMPLATE_ROLE = re.compile(rf"\.role\b|[\"']({ROLE_STRING})[\"']")


def template_role_tests(text: str) -> list[str]:
    return [tag.group() for tag in TEMPLATE_TAG.finditer(text) if TEMPLATE_ROLE.search(tag.group())]


def project_files(suffixes):
    for path in sorted(ROOT.rglob("*")):
        relative = path.relative_to(ROOT)
        if any(part in SKIPPED_DIRS or part.startswith(".") for part in relative.parts):
            continue
        if path.is_file() and path.suffix in suffixes:
            yield path


def test_no_role_is_compared_outside_roles_module():
    offences = []
    for path in project_files({".py"}):
        if path == ROLES_MODULE:
            continue
        for line in role_comparisons(path.read_text()):
            offences.append(f"{path.relative_to(ROOT)}:{line}")
    assert offences == [], "compare roles in accounts/roles.py, ask a capability here"


def test_no_template_tests_a_role():
    offences = []
    for path in project_files({".html", ".txt", ".jinja", ".j2", ".xml"}):
        for tag in template_role_tests(path.read_text()):
            offences.append(f"{path.relative_to(ROOT)}: {tag}")
    assert offences == [], "templates ask a capability: {% if user.is_school_staff %}"


def test_the_scan_reaches_views_querysets_and_templates():
    scanned = {str(path.relative_to(ROOT)) for path in project_files({".py", ".html"})}
    assert {
        "placements/models.py",
        "offers/views/employer.py",
        "organisations/permissions.py",
        "accounts/forms.py",
        "templates/base.html",
    } <= scanned
    assert "accounts/migrations/0001_initial.py" not in scanned


@pytest.mark.parametrize(
    "source",
    [
        'if user.role == "pupil":\n    pass',
        "if request.user.role != User.Role.EMPLOYER:\n    pass",
        "allowed = role in (Role.TEACHER, Role.PUPIL)",
        "allowed = Role.ADMIN == user.role",
        'if kind == "teacher":\n    pass',
        "pupils = User.objects.filter(role=User.Role.PUPIL)",
        'mine = Application.objects.exclude(pupil__role="pupil")',
        "staff = Q(role__in=STAFF)",
        'home = HOMES.get(user.role, "home")',
        "home = HOMES[user.role]",
        'HOMES = {User.Role.TEACHER: "placements:classes"}',
        'match user.role:\n    case "pupil":\n        pass',
    ],
)
def test_scan_finds_role_comparisons(source):
    assert role_comparisons(source) != []


@pytest.mark.parametrize(
    "source",
    [
        'User.objects.create_user("a@exemple.fr", role=User.Role.PUPIL)',
        'User.objects.get_or_create(email=email, defaults={"role": role})',
        "extra.update(is_staff=True, role=User.Role.ADMIN)",
        'user.role = data["role"]',
        'role = form.cleaned_data.get("role")',
        "if user.is_school_staff and user.works_at_school:\n    pass",
        "label = user.get_role_display()",
        "pupils = User.objects.filter(pupil_accounts())",
    ],
)
def test_scan_allows_giving_roles_and_asking_capabilities(source):
    assert role_comparisons(source) == []


@pytest.mark.parametrize(
    "text, found",
    [
        ('{% if user.role == "employer" %}x{% endif %}', True),
        ("{% elif request.user.role %}", True),
        ("{% if kind == 'pupil' %}", True),
        ("{% if user.is_employer %}x{% endif %}", False),
        ("{{ user.get_role_display }} {{ user.role }}", False),
        ('<div role="alert">', False),
        ('{% include "offers/employer/_card.html" %}', False),
    ],
)
def test_template_scan(text, found):
    assert bool(template_role_tests(text)) is found
