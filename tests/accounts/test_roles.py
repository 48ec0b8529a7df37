"""Roles and capabilities (accounts.roles): what each role may do, and the decorator factory."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.test import RequestFactory

from accounts import roles
from accounts.models import User
from organisations import permissions as organisation_permissions
from tests.factories import EmployerFactory, PupilFactory, TeacherFactory

CAPABILITIES = [
    "is_employer",
    "is_pupil",
    "is_school_staff",
    "works_at_school",
    "is_moderator",
    "requires_mfa",
]


def account(role, school_id=1, confirmed=True, **extra):
    """An unsaved account; `confirmed` stands for a confirmed attachment to its school."""
    user = User(role=role, school_id=school_id, **extra)
    user.school_confirmed = confirmed and school_id is not None
    return user


@pytest.mark.parametrize(
    "user, expected",
    [
        (account(User.Role.EMPLOYER, school_id=None), {"is_employer"}),
        (account(User.Role.PUPIL), {"is_pupil"}),
        (account(User.Role.TEACHER), {"is_school_staff", "works_at_school"}),
        # A school chosen at sign-up opens no class until the attachment is confirmed.
        (account(User.Role.TEACHER, confirmed=False), {"is_school_staff"}),
        # A teacher without a school sees the menu entry but reaches no class.
        (account(User.Role.TEACHER, school_id=None), {"is_school_staff"}),
        (account(User.Role.MODERATOR, school_id=None), {"is_moderator", "requires_mfa"}),
        (account(User.Role.ADMIN, school_id=None), {"is_moderator", "requires_mfa"}),
        (
            account(User.Role.EMPLOYER, school_id=None, is_staff=True),
            {"is_employer", "requires_mfa"},
        ),
        (
            account(User.Role.EMPLOYER, school_id=None, is_superuser=True),
            {"is_employer", "requires_mfa"},
        ),
    ],
    ids=lambda value: getattr(value, "role", None),
)
def test_each_role_has_its_capabilities(user, expected):
    assert {name for name in CAPABILITIES if getattr(user, name)} == expected


def test_every_role_belongs_to_a_group():
    """A role outside every group would be let in nowhere and forgotten."""
    groups = (
        roles.EMPLOYERS | roles.PUPILS | roles.SCHOOL_STAFF | roles.REGION_STAFF | roles.OBSERVERS
    )
    assert groups == set(roles.Role)


def test_signup_offers_no_region_role():
    offered = {role for role, _label in roles.SIGNUP_CHOICES}
    assert offered == {User.Role.EMPLOYER, User.Role.TEACHER, User.Role.PUPIL}
    assert not offered & roles.REGION_STAFF


@pytest.mark.parametrize(
    "role, with_school, with_academic_email",
    [
        (User.Role.EMPLOYER, False, False),
        (User.Role.PUPIL, True, False),
        (User.Role.TEACHER, True, True),
        ("", False, False),
    ],
)
def test_signup_rules_per_role(role, with_school, with_academic_email):
    assert roles.signs_up_with_school(role) is with_school
    assert roles.signs_up_with_academic_email(role) is with_academic_email


@pytest.mark.django_db
def test_pupil_accounts_selects_pupils_only():
    pupil = PupilFactory()
    TeacherFactory()
    EmployerFactory()
    assert list(User.objects.filter(roles.pupil_accounts())) == [pupil]


# --- the decorator factory ---


def ok_view(request, *args, **kwargs):
    return HttpResponse(f"ok {args} {kwargs}")


def request_by(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def test_check_user_lets_through_who_passes_the_test():
    view = roles.check_user(lambda user: user.is_pupil, "Non.")(ok_view)
    response = view(request_by(account(User.Role.PUPIL)), 3, slug="a")
    assert response.content == b"ok (3,) {'slug': 'a'}"
    assert view.__name__ == "ok_view"


def test_check_user_refuses_with_its_reason():
    view = roles.check_user(lambda user: user.is_pupil, "Non.")(ok_view)
    with pytest.raises(PermissionDenied) as refused:
        view(request_by(account(User.Role.TEACHER)))
    assert str(refused.value) == "Non."


def test_check_user_refusal_may_answer_instead():
    view = roles.check_user(lambda user: False, lambda request: HttpResponse(status=302))(ok_view)
    assert view(request_by(account(User.Role.PUPIL))).status_code == 302


@pytest.mark.parametrize(
    "decorator, admitted, refusal",
    [
        (roles.employer_required, User.Role.EMPLOYER, "Réservé aux structures d'accueil."),
        (roles.pupil_required, User.Role.PUPIL, "Réservé aux élèves."),
        (
            roles.school_staff_required,
            User.Role.TEACHER,
            "Réservé aux personnels d'établissement scolaire.",
        ),
        (roles.moderator_required, User.Role.MODERATOR, ""),
    ],
)
def test_role_decorators(decorator, admitted, refusal):
    view = decorator(ok_view)
    assert view(request_by(account(admitted))).status_code == 200
    for role in set(User.Role) - {admitted, User.Role.ADMIN}:
        with pytest.raises(PermissionDenied) as refused:
            view(request_by(account(role)))
        assert str(refused.value) == refusal


def test_school_staff_without_school_are_refused():
    view = roles.school_staff_required(ok_view)
    with pytest.raises(PermissionDenied):
        view(request_by(account(User.Role.TEACHER, school_id=None)))


def test_school_staff_not_confirmed_at_their_school_are_refused():
    view = roles.school_staff_required(ok_view)
    with pytest.raises(PermissionDenied):
        view(request_by(account(User.Role.TEACHER, confirmed=False)))


@pytest.mark.django_db
def test_works_at_school_reads_the_attachment_to_the_current_school():
    from accounts.models import SchoolAttachment
    from tests.factories import SchoolFactory

    teacher = TeacherFactory(confirmed=False)
    assert not User.objects.get(pk=teacher.pk).works_at_school
    SchoolAttachment.objects.filter(user=teacher).update(state=SchoolAttachment.State.CONFIRMED)
    assert User.objects.get(pk=teacher.pk).works_at_school
    # Moved to another school: confirmed there or not at all.
    User.objects.filter(pk=teacher.pk).update(school=SchoolFactory())
    assert not User.objects.get(pk=teacher.pk).works_at_school


def test_anonymous_visitors_are_refused_should_the_middleware_let_them_through():
    from django.contrib.auth.models import AnonymousUser

    for decorator in [
        roles.employer_required,
        roles.pupil_required,
        roles.school_staff_required,
        roles.moderator_required,
    ]:
        with pytest.raises(PermissionDenied):
            decorator(ok_view)(request_by(AnonymousUser()))


@pytest.mark.parametrize(
    "decorator",
    [
        roles.employer_required,
        roles.pupil_required,
        roles.school_staff_required,
        roles.moderator_required,
        organisation_permissions._belongs_to_organisation,
    ],
)
def test_every_role_decorator_comes_from_the_factory(decorator):
    assert decorator.__qualname__ == "check_user.<locals>.decorator"


def test_unconfirmed_school_staff_are_told_why():
    view = roles.school_staff_required(ok_view)
    with pytest.raises(PermissionDenied) as refused:
        view(request_by(account(User.Role.TEACHER, school_id=None)))
    assert str(refused.value) == roles.UNCONFIRMED_STAFF
