"""Who gets what on every offers view: roles × views → status.

Expected statuses: an int, or LOGIN for "302 to the login page". Another organisation's
offer is a 404 (objects come from querysets limited to the user), a wrong role a 403.
"""

import pytest
from django.urls import reverse

from offers.models import State
from tests.factories import (
    EmployerFactory,
    ModeratorFactory,
    OfferFactory,
    PupilFactory,
    TeacherFactory,
)

pytestmark = pytest.mark.django_db

LOGIN = "login"
ROLES = ["anonymous", "pupil", "teacher", "member", "other_employer", "moderator"]

# Set to False once every employer row passes; until then they are expected failures.
EMPLOYER_VIEWS_PENDING = True
EMPLOYER_PENDING = pytest.mark.xfail(
    EMPLOYER_VIEWS_PENDING, strict=False, reason="employer views not landed"
)


def row(anonymous, pupil, teacher, member, other_employer, moderator):
    statuses = [anonymous, pupil, teacher, member, other_employer, moderator]
    return dict(zip(ROLES, statuses, strict=True))


EVERYONE = row(200, 200, 200, 200, 200, 200)
MEMBERS_AND_MODERATORS = row(404, 404, 404, 200, 404, 200)
OWN_OFFER = row(LOGIN, 403, 403, 200, 404, 403)
OWN_OFFER_POST = row(LOGIN, 403, 403, 302, 404, 403)
EMPLOYERS = row(LOGIN, 403, 403, 200, 200, 403)
MODERATORS = row(LOGIN, 403, 403, 403, 403, 200)
MODERATORS_POST = row(LOGIN, 403, 403, 403, 403, 302)

# name → (method, url name, url kwargs from the offer, offer state, extra data, expected)
VIEWS = {
    "detail_published": ("get", "offers:detail", "pk", State.PUBLISHED, {}, EVERYONE),
    "detail_draft": ("get", "offers:detail", "pk", State.DRAFT, {}, MEMBERS_AND_MODERATORS),
    "detail_submitted": (
        "get",
        "offers:detail",
        "pk",
        State.SUBMITTED,
        {},
        MEMBERS_AND_MODERATORS,
    ),
    "detail_expired": (
        "get",
        "offers:detail",
        "pk",
        State.EXPIRED,
        {},
        row(410, 410, 410, 200, 410, 200),
    ),
    "dashboard": ("get", "offers:dashboard", None, State.DRAFT, {}, EMPLOYERS),
    "create": ("get", "offers:create", None, State.DRAFT, {}, EMPLOYERS),
    "manage": ("get", "offers:manage", "pk", State.DRAFT, {}, OWN_OFFER),
    "edit": ("get", "offers:edit", "pk", State.DRAFT, {}, OWN_OFFER),
    "duplicate": ("post", "offers:duplicate", "pk", State.EXPIRED, {}, OWN_OFFER_POST),
    "action": ("post", "offers:action", "action", State.DRAFT, {}, OWN_OFFER_POST),
    "commune_suggestions": (
        "get",
        "offers:commune_suggestions",
        None,
        State.DRAFT,
        {"q": "besan"},
        EMPLOYERS,
    ),
    "moderation_queue": ("get", "offers:moderation_queue", None, State.SUBMITTED, {}, MODERATORS),
    "moderation_review": (
        "get",
        "offers:moderation_review",
        "pk",
        State.SUBMITTED,
        {},
        MODERATORS,
    ),
    "moderation_bulk_approve": (
        "post",
        "offers:moderation_bulk_approve",
        None,
        State.SUBMITTED,
        {"offers": "pk"},
        MODERATORS_POST,
    ),
}
EMPLOYER_VIEWS = {
    "dashboard",
    "create",
    "manage",
    "edit",
    "duplicate",
    "action",
    "commune_suggestions",
}


def _cases():
    for view, spec in VIEWS.items():
        marks = [EMPLOYER_PENDING] if view in EMPLOYER_VIEWS else []
        for role in ROLES:
            yield pytest.param(view, role, spec[-1][role], marks=marks, id=f"{view}-{role}")


def _user(role, offer):
    return {
        "anonymous": lambda: None,
        "pupil": PupilFactory,
        "teacher": TeacherFactory,
        "member": lambda: EmployerFactory(organisation=offer.organisation),
        "other_employer": EmployerFactory,
        "moderator": ModeratorFactory,
    }[role]()


@pytest.mark.parametrize(("view", "role", "expected"), list(_cases()))
def test_permissions_matrix(client, view, role, expected):
    method, url_name, kwargs, state, data, _ = VIEWS[view]
    offer = OfferFactory(state=state)
    url = reverse(
        url_name,
        kwargs={
            None: {},
            "pk": {"pk": offer.pk},
            "action": {"pk": offer.pk, "action": "submit"},
        }[kwargs],
    )
    user = _user(role, offer)
    if user:
        client.force_login(user)
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
