"""Region staff reach no page but public ones in a session that did not pass TOTP.

The URLs come from the resolver itself, so that a new staff page is checked without being
listed here: every URL that needs a login must refuse such a session."""

import re
import time
import uuid

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core.cache import cache
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.resolvers import RoutePattern

from accounts.models import User
from tests.factories import ModeratorFactory, UserFactory, activate_totp
from tests.sessions import log_in

pytestmark = pytest.mark.django_db

PASSWORD = "motdepasse-solide-42"  # the factories' password
SAMPLES = {"int": "1", "str": "x", "slug": "x", "path": "x", "uuid": str(uuid.UUID(int=1))}
# The pages the security review reached from the admin's login with a password alone.
PROBES = ["/moderation/", "/moderation/signalements/", "/moderation/plateforme-nationale/"]
PROBES += ["/bac-a-sable/", "/admin/"]


def _route_sample(route):
    return re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLES[m.group(1) or "str"], route)


def _regex_sample(regex):
    """A path matching `regex`: each named group becomes a value it accepts."""
    regex = regex.removeprefix("^").removesuffix("$").removesuffix(r"\Z")
    out, i = "", 0
    while (start := regex.find("(?P<", i)) != -1:
        out += regex[i:start]
        depth, end = 0, start
        while True:
            depth += {"(": 1, ")": -1}.get(regex[end], 0) if regex[end - 1] != "\\" else 0
            end += 1
            if depth == 0:
                break
        group = regex[regex.index(">", start) + 1 : end - 1]
        candidates = ["x", "1", "abc-1", *group.split("|")]
        out += next(c for c in candidates if re.fullmatch(group, c))
        i = end
    return (out + regex[i:]).replace("\\", "")


def _part(pattern):
    if isinstance(pattern, RoutePattern):
        return _route_sample(str(pattern))
    return _regex_sample(pattern.regex.pattern)


def every_url(resolver=None, prefix="/", namespace=""):
    """(path, name, view) of each URL pattern, through every include."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        path = prefix + _part(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from every_url(entry, path, inner)
        elif isinstance(entry, URLPattern):
            yield path, f"{namespace}{entry.name}", entry.callback


def is_public(view):
    return not getattr(view, "login_required", True)


def protected_urls():
    """Every URL that needs a login, with the resolver's own view for its sample path."""
    urls = []
    for path, name, view in every_url():
        if is_public(view):
            continue
        assert resolve(path).func is view, f"no sample path for {name}: {path} is another view"
        urls.append((path, name, view))
    return urls


def staff_urls():
    """The admin's and the Region's own pages (moderation, national push, sandbox)."""
    return [
        (path, name)
        for path, name, view in protected_urls()
        if name.startswith("admin:") or path.startswith(("/moderation/", "/bac-a-sable/"))
    ]


def totp_code(secret):
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """allauth counts attempts and used codes in the cache, which outlives a test."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def superuser():
    user = User.objects.create_superuser("admin@region-bfc.fr", PASSWORD)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    user.totp_secret = activate_totp(user)
    return user


def test_the_walk_finds_the_staff_pages():
    staff = [path for path, _ in staff_urls()]
    assert len(staff) > 100  # the admin's pages and the Region's
    assert set(PROBES) <= set(staff)
    assert len(protected_urls()) > len(staff)  # other roles' pages are walked too


def test_every_page_behind_a_login_ends_a_staff_session_without_the_second_factor(
    client, superuser
):
    """A login by another door than allauth's: TOTP enabled, never passed in this session."""
    wrong = []
    for path, name, _ in protected_urls():
        client.force_login(superuser)
        response = client.get(path)
        login = f"{reverse('account_login')}?next="
        if not (
            response.status_code == 302
            and response["Location"].startswith(login)
            and "_auth_user_id" not in client.session
        ):
            wrong.append((name, path, response.status_code))
    assert wrong == []


def test_staff_without_totp_are_sent_to_activate_it_from_every_page(client):
    user = UserFactory(role=User.Role.ADMIN, is_staff=True, is_superuser=True)
    client.force_login(user)
    wrong = []
    for path, name, view in protected_urls():
        if view.__module__.startswith("allauth."):
            continue  # the account pages that activate it
        response = client.get(path)
        if response.status_code != 302 or response["Location"] != reverse("mfa_activate_totp"):
            wrong.append((name, path, response.status_code))
    assert wrong == []


@pytest.mark.parametrize(
    "make_staff",
    [
        lambda: ModeratorFactory(),
        lambda: ModeratorFactory(role=User.Role.ADMIN),
        lambda: ModeratorFactory(role=User.Role.EMPLOYER, is_staff=True),
    ],
    ids=["moderator", "admin", "is_staff"],
)
def test_public_pages_answer_as_to_anyone_once_the_session_is_ended(client, make_staff):
    client.force_login(make_staff())
    assert client.get("/").status_code == 200
    assert "_auth_user_id" not in client.session
    assert client.get("/moderation/")["Location"].startswith(reverse("account_login"))


def test_with_the_second_factor_the_staff_pages_open(client, superuser):
    log_in(client, superuser)
    for path in PROBES:
        assert client.get(path).status_code == 200, path


def test_the_admin_login_sends_to_the_platform_login(client, superuser):
    response = client.post(
        reverse("admin:login"), {"username": superuser.email, "password": PASSWORD}
    )
    assert response["Location"] == f"{reverse('account_login')}?next=%2Fadmin%2Flogin%2F"
    assert "_auth_user_id" not in client.session
    for path in PROBES:
        last_redirect = client.get(path, follow=True).redirect_chain[-1][0]
        assert last_redirect.startswith(reverse("account_login")), path


def test_the_admin_login_checks_no_password_so_it_cannot_be_guessed(client, superuser):
    for _ in range(40):
        client.post(reverse("admin:login"), {"username": superuser.email, "password": "non"})
    client.post(reverse("admin:login"), {"username": superuser.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session


def test_the_way_into_the_admin_asks_for_password_then_code(client, superuser):
    response = client.get("/admin/", follow=True)
    login = f"{reverse('account_login')}?next=%2Fadmin%2F"
    assert response.redirect_chain[-1][0] == login

    response = client.post(login, {"login": superuser.email, "password": PASSWORD})
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(superuser.totp_secret)})
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_staff_logins_are_rate_limited(client, superuser):
    for _ in range(5):
        client.post(reverse("account_login"), {"login": superuser.email, "password": "non"})
    response = client.post(
        reverse("account_login"), {"login": superuser.email, "password": PASSWORD}
    )
    assert "Trop de tentatives" in response.content.decode()
    assert client.get("/moderation/")["Location"].startswith(reverse("account_login"))
