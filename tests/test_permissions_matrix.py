"""Who gets what on every project view: roles × views → status.

Expected statuses: an int, or LOGIN for "302 to the login page". Another organisation's
offer is a 404 (objects come from querysets limited to the user), a wrong role a 403.
The employer space has no organisation identifier in its URLs: each employer only ever
reaches their own organisation. An invitation link is a capability (a secret token):
whoever cannot accept it gets the page with the French reason (200 on GET, 403 on POST).

`test_every_project_url_has_a_matrix_row` walks the URL resolver so that a new view
without a row here fails the suite.
"""

import html

import pytest
from django.urls import URLResolver, get_resolver, reverse

from organisations.models import Invitation, Membership
from tests.factories import (
    EmployerFactory,
    OfferFactory,
    OrganisationFactory,
    UserFactory,
)
from tests.permissions.rows import INVITED_EMAIL, LOGIN, ROLES
from tests.permissions.views_hosts import HOSTS_AND_REGION
from tests.permissions.views_schools import PUPILS_AND_SCHOOLS
from tests.permissions.world import _url_kwargs, _user
from tests.sessions import log_in

pytestmark = pytest.mark.django_db

VIEWS = {**HOSTS_AND_REGION, **PUPILS_AND_SCHOOLS}


def _cases():
    for view, spec in VIEWS.items():
        for role in ROLES:
            yield pytest.param(view, role, spec[-1][role], id=f"{view}-{role}")


@pytest.mark.parametrize(("view", "role", "expected"), list(_cases()))
def test_permissions_matrix(client, view, role, expected):
    method, url_name, kwargs, state, data, _ = VIEWS[view]
    offer = OfferFactory(state=state)
    url = reverse(url_name, kwargs=_url_kwargs(kwargs, offer))
    user = _user(role, offer)
    if user:
        log_in(client, user)
    data = {key: offer.pk if value == "pk" else value for key, value in data.items()}
    response = getattr(client, method)(url, data)
    login_url = reverse("account_login")
    if expected == LOGIN:
        assert response.status_code == 302
        assert response.url.startswith(login_url)
    else:
        assert response.status_code == expected
        if expected == 302:
            assert not response.url.startswith(login_url)


# The reason each role gets, in French, on an invitation addressed to INVITED_EMAIL.
REFUSALS = {
    "pupil": "Cette invitation est destinée à un compte de structure d'accueil",
    "teacher": "Cette invitation est destinée à un compte de structure d'accueil",
    "moderator": "Cette invitation est destinée à un compte de structure d'accueil",
    "member": "Vous faites déjà partie de la structure",
    "other_employer": "Votre compte est déjà rattaché à la structure",
    "wrong_email": "n'est pas une adresse confirmée de votre compte",
}


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("role", list(REFUSALS))
def test_invitation_refusal_is_explained_and_changes_nothing(client, role, method):
    organisation = OrganisationFactory()
    invitation = Invitation.objects.create(organisation=organisation, email=INVITED_EMAIL)
    if role == "wrong_email":
        # An employer without an organisation, but not the invited address.
        user = UserFactory()
    else:
        user = _user(role, OfferFactory(organisation=organisation))
    memberships = set(Membership.objects.values_list("pk", "user_id", "organisation_id"))
    log_in(client, user)

    response = getattr(client, method)(reverse("organisations:accept", args=[invitation.token]))

    assert response.status_code == (200 if method == "get" else 403)
    assert REFUSALS[role] in html.unescape(response.content.decode())
    invitation.refresh_from_db()
    assert invitation.accepted_at is None
    assert set(Membership.objects.values_list("pk", "user_id", "organisation_id")) == memberships


@pytest.mark.parametrize("url_name", ["organisations:detail", "organisations:edit"])
def test_employer_space_shows_only_own_organisation(client, url_name):
    theirs = OrganisationFactory(name="Fromagerie du Haut-Doubs")
    own = OrganisationFactory(name="Menuiserie des Vosges")
    EmployerFactory(organisation=theirs)
    client.force_login(EmployerFactory(organisation=own))

    page = html.unescape(client.get(reverse(url_name)).content.decode())

    assert "Menuiserie des Vosges" in page
    assert "Fromagerie du Haut-Doubs" not in page


@pytest.mark.parametrize("role", ["member", "other_employer"])
def test_organisation_create_sends_members_to_their_organisation(client, role):
    log_in(client, _user(role, OfferFactory()))

    response = client.get(reverse("organisations:create"))

    assert response.status_code == 302
    assert response.url == reverse("organisations:detail")


# Third-party URLs tested by their own libraries and tests (tests/accounts for allauth).
EXCLUDED_NAMESPACES = {"admin"}
EXCLUDED_URLCONF_PREFIXES = ("allauth.",)


def _project_url_names(patterns, namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            module = getattr(entry.urlconf_module, "__name__", "")
            if entry.namespace in EXCLUDED_NAMESPACES or module.startswith(
                EXCLUDED_URLCONF_PREFIXES
            ):
                continue
            prefix = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _project_url_names(entry.url_patterns, prefix)
        elif entry.name:
            yield f"{namespace}{entry.name}"
        else:
            yield f"<unnamed: {entry.pattern}>"


def test_every_project_url_has_a_matrix_row():
    names = set(_project_url_names(get_resolver().url_patterns))
    # The walk does reach every project app.
    for app in ("offers:", "organisations:", "accounts:", "placements:"):
        assert any(name.startswith(app) for name in names), app
    assert {"home", "accessibility", "legal", "privacy", "health"} <= names

    covered = {spec[1] for spec in VIEWS.values()}
    assert names - covered == set(), "add a row to VIEWS for each of these views"
