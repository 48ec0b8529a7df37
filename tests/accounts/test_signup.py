import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import User
from tests.factories import DepartmentFactory, SchoolFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("mail_after_each_request")]

PASSWORD = "Grenouille-du-Doubs-2025"


@pytest.fixture
def school():
    return SchoolFactory(name="Lycée Pasteur")


def signup_data(**overrides):
    data = {
        "first_name": "Lou",
        "last_name": "Bernard",
        "role": "employer",
        "school": "",
        "email": "lou.bernard@exemple.fr",
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
    data.update(overrides)
    return data


def post_signup(client, **overrides):
    return client.post(reverse("account_signup"), signup_data(**overrides))


def test_signup_page_groups_schools_by_department(client, school):
    jura = DepartmentFactory(code="39", name="Jura", prefecture="Lons-le-Saunier")
    SchoolFactory(name="Collège du Jura", commune__insee="39300", commune__department=jura)
    content = client.get(reverse("account_signup")).content.decode()
    assert '<optgroup label="Doubs (25)">' in content
    assert '<optgroup label="Jura (39)">' in content
    assert "Lycée Pasteur" in content
    for role_label in (
        "J&#x27;accueille des stagiaires",
        "Je travaille dans un établissement scolaire",
        "Je suis élève",
    ):
        assert role_label in content
    assert "Modérateur" not in content


def test_employer_signs_up_and_receives_a_french_confirmation_mail(client):
    response = post_signup(client)
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    user = User.objects.get(email="lou.bernard@exemple.fr")
    assert (user.role, user.first_name, user.last_name, user.school) == (
        User.Role.EMPLOYER,
        "Lou",
        "Bernard",
        None,
    )
    assert user.check_password(PASSWORD)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject.startswith("[Stages BFC] ")
    assert mail.outbox[0].subject == "[Stages BFC] Confirmez votre adresse e-mail"


def test_employer_school_is_ignored(client, school):
    post_signup(client, school=school.pk)
    assert User.objects.get(email="lou.bernard@exemple.fr").school is None


@pytest.mark.parametrize("email", ["l.bernard@ac-besancon.fr", "L.Bernard@AC-DIJON.FR"])
def test_teacher_signs_up_with_an_academic_address(client, school, email):
    response = post_signup(client, role="teacher", school=school.pk, email=email)
    assert response.status_code == 302
    user = User.objects.get(email__iexact=email)
    assert (user.role, user.school) == (User.Role.TEACHER, school)


def test_teacher_with_a_personal_address_is_refused_beside_the_email_field(client, school):
    response = post_signup(client, role="teacher", school=school.pk, email="lou@gmail.com")
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.errors) == ["email"]
    assert "@ac-dijon.fr ou @ac-besancon.fr" in form.errors["email"][0]
    assert not User.objects.exists()
    content = response.content.decode()
    # What the person typed is kept.
    assert 'value="Lou"' in content
    assert 'value="lou@gmail.com"' in content
    assert f'<option value="{school.pk}" selected>' in content
    assert 'aria-invalid="true"' in content


def test_pupil_signs_up_with_names_and_school_only(client, school):
    response = post_signup(client, role="pupil", school=school.pk, email="lou@exemple.fr")
    assert response.status_code == 302
    user = User.objects.get(email="lou@exemple.fr")
    assert (user.role, user.school) == (User.Role.PUPIL, school)


@pytest.mark.parametrize("role", ["pupil", "teacher"])
def test_school_is_required_for_pupils_and_teachers(client, role):
    response = post_signup(client, role=role, email="lou@ac-dijon.fr")
    assert response.status_code == 200
    assert response.context["form"].errors["school"] == ["Choisissez votre établissement scolaire."]
    assert not User.objects.exists()


@pytest.mark.parametrize("role", ["moderator", "admin"])
def test_nobody_can_make_themselves_moderator(client, school, role):
    response = post_signup(client, role=role, school=school.pk)
    assert response.status_code == 200
    assert "role" in response.context["form"].errors
    assert not User.objects.exists()


def test_missing_names_are_refused(client):
    response = post_signup(client, first_name="", last_name="")
    assert set(response.context["form"].errors) == {"first_name", "last_name"}


def test_existing_address_does_not_reveal_the_account(client):
    UserFactory(email="lou.bernard@exemple.fr")
    response = post_signup(client)
    # Same answer as a new sign-up; the owner is told by e-mail instead.
    assert response["Location"] == reverse("account_email_verification_sent")
    assert User.objects.filter(email="lou.bernard@exemple.fr").count() == 1
    assert mail.outbox[0].to == ["lou.bernard@exemple.fr"]


def test_signups_are_rate_limited_per_address(client):
    for n in range(20):
        post_signup(client, email=f"personne{n}@exemple.fr")
    response = post_signup(client, email="une-de-trop@exemple.fr")
    assert response.status_code == 429
    assert User.objects.count() == 20
