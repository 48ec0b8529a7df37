import pytest

from accounts.models import User
from tests.browser.test_journey import current_totp
from tests.factories import ModeratorFactory, SchoolFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("path", ["/compte/login/", "/compte/signup/"])
def test_login_and_signup_pages_are_accessible(page, axe_violations, path):
    SchoolFactory()
    page.goto(path)
    assert page.locator("html").get_attribute("lang") == "fr"
    assert axe_violations(page) == []


def test_signup_errors_are_accessible(page, axe_violations):
    SchoolFactory()
    page.goto("/compte/signup/")
    page.get_by_label("Prénom").fill("Lou")
    page.get_by_label("Nom :", exact=True).fill("Bernard")
    page.get_by_label("Je travaille dans un établissement scolaire").check()
    page.get_by_label("Adresse e-mail").fill("lou@gmail.com")
    page.get_by_label("Mot de passe :", exact=True).fill("Grenouille-du-Doubs-2025")
    page.get_by_label("Mot de passe (confirmation)").fill("Grenouille-du-Doubs-2025")
    page.get_by_role("button", name="Création de compte").click()
    errors = page.locator(".errorlist")
    assert errors.get_by_text("Choisissez votre établissement scolaire.").is_visible()
    assert errors.get_by_text("se termine par @ac-dijon.fr ou @ac-besancon.fr").is_visible()
    # Also listed, as links to their fields, in the summary that has the focus.
    summary = page.locator(".error-summary")
    assert summary.get_by_role("link", name="Établissement scolaire").is_visible()
    assert summary.evaluate("el => el === document.activeElement")
    assert page.get_by_label("Prénom").input_value() == "Lou"
    assert axe_violations(page) == []


def test_signup_works_without_javascript(browser, live_server):
    school = SchoolFactory(name="Collège Lumière")
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/")
    page.get_by_role("link", name="Créer un compte").first.click()
    page.get_by_label("Prénom").fill("Noé")
    page.get_by_label("Nom :", exact=True).fill("Roy")
    page.get_by_label("Je suis élève").check()
    page.get_by_label("Établissement scolaire :").select_option(label=str(school))
    page.get_by_label("Adresse e-mail").fill("noe@exemple.fr")
    page.get_by_label("Mot de passe :", exact=True).fill("Grenouille-du-Doubs-2025")
    page.get_by_label("Mot de passe (confirmation)").fill("Grenouille-du-Doubs-2025")
    page.get_by_role("button", name="Création de compte").click()
    assert "Vérifiez votre adresse" in page.locator("h1").inner_text()
    user = User.objects.get(email="noe@exemple.fr")
    assert (user.role, user.school_id) == (User.Role.PUPIL, school.pk)
    context.close()


def test_moderator_is_led_to_totp_activation_through_accessible_pages(page, axe_violations):
    moderator = ModeratorFactory(totp=False)
    page.goto("/compte/login/")
    page.get_by_label("Adresse e-mail").fill(moderator.email)
    page.get_by_label("Mot de passe :", exact=True).fill("motdepasse-solide-42")
    page.get_by_role("button", name="Connexion").click()
    # allauth asks for the password again before a second factor is added.
    assert axe_violations(page) == []
    page.get_by_label("Mot de passe :", exact=True).fill("motdepasse-solide-42")
    page.get_by_role("button", name="Confirmer").click()
    assert page.url.endswith("/compte/2fa/totp/activate/")
    assert page.get_by_role("img", name="Code QR").is_visible()
    assert axe_violations(page) == []

    secret = page.locator("#authenticator_secret").input_value()
    code = current_totp(secret)
    page.get_by_label("Code de l'authentificateur").fill(code)
    page.get_by_role("button", name="Activer").click()
    assert axe_violations(page) == []  # recovery codes
    for path in ("/compte/email/", "/compte/2fa/", "/compte/supprimer/"):
        page.goto(path)
        assert page.url.endswith(path)
        assert axe_violations(page) == []
