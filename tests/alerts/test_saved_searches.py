"""Saving a search, listing and deleting saved searches, the no-login links."""

import html
import re

import pytest
from django.urls import reverse

from alerts import services, tokens
from alerts.models import SavedSearch
from tests.factories import EmployerFactory, PupilFactory, SectorFactory, TeacherFactory
from tests.placements.factories import SchoolClassFactory
from tests.sessions import log_in

pytestmark = pytest.mark.django_db


def _page(response) -> str:
    return html.unescape(response.content.decode())


def test_a_pupil_saves_the_cleaned_search_not_what_was_typed(client):
    SectorFactory()
    pupil = PupilFactory(email="lina@example.fr")
    log_in(client, pupil)
    raw = "q=+boulang+&secteur=s28&secteur=pirate&rayon=abc&page=4"

    form = client.get(reverse("alerts:save") + "?" + raw)
    assert form.status_code == 200
    assert "« boulang »" in _page(form)
    response = client.post(reverse("alerts:save"), {"recherche": raw, "name": ""})

    assert response.status_code == 302
    saved = SavedSearch.objects.get(owner=pupil)
    # The unknown sector and the page are gone, the keyword trimmed, the radius the one the
    # search used.
    assert saved.query == {"q": ["boulang"], "rayon": ["20"], "secteur": ["s28"]}
    assert saved.sectors == ["s28"]
    assert saved.keyword == "'boulang':*"
    assert saved.name == saved.summary == "« boulang » · Secteur : Industrie alimentaire"
    listing = _page(client.get(reverse("alerts:list")))
    assert "« boulang » · Secteur : Industrie alimentaire" in listing
    assert "/stages/?q=boulang&rayon=20&secteur=s28" in listing


def test_the_watermark_starts_at_the_save(client):
    pupil = PupilFactory()
    saved = services.save_search(pupil, "q=pain")
    assert saved.checked_until >= saved.created_at
    assert saved.active


def test_employers_and_moderators_cannot_save(client):
    log_in(client, EmployerFactory())
    assert client.post(reverse("alerts:save"), {"recherche": "q=pain"}).status_code == 403
    assert not SavedSearch.objects.exists()


def test_a_person_has_at_most_twenty_alerts(client):
    pupil = PupilFactory()
    for n in range(services.MAX_PER_OWNER):
        services.save_search(pupil, f"q=mot{n}")
    log_in(client, pupil)

    response = client.post(reverse("alerts:save"), {"recherche": "q=pain"})

    assert response.status_code == 200
    assert "Vous avez déjà 20 alertes" in _page(response)
    assert re.search(r"<title>\s*Erreur :\s", response.content.decode())
    assert SavedSearch.objects.count() == services.MAX_PER_OWNER


def test_delete_own_only(client):
    pupil, other = PupilFactory(), PupilFactory()
    saved = services.save_search(pupil, "q=pain")
    log_in(client, other)
    assert client.post(reverse("alerts:delete", args=[saved.pk])).status_code == 404
    log_in(client, pupil)
    assert client.post(reverse("alerts:delete", args=[saved.pk])).status_code == 302
    assert not SavedSearch.objects.exists()


def test_the_delete_button_names_its_alert_once_without_doubled_quotes(client):
    """A name made from the summary has its keyword in « »: the button and the message
    must not wrap it in another pair."""
    pupil = PupilFactory()
    saved = services.save_search(pupil, "q=pain")
    assert saved.name == "« pain »"
    log_in(client, pupil)

    page = _page(client.get(reverse("alerts:list")))
    (label,) = re.findall(r"Supprimer<span[^>]*>([^<]*)</span>", page)
    assert label == " l'alerte : « pain »"
    response = client.post(reverse("alerts:delete", args=[saved.pk]), follow=True)
    assert "Alerte supprimée : « pain »." in _page(response)
    assert "« «" not in _page(response)


def test_unsubscribe_needs_no_login_and_a_get_changes_nothing(client):
    saved = services.save_search(PupilFactory(), "q=pain")
    url = reverse("alerts:unsubscribe", args=[tokens.unsubscribe_token(saved_search_id=saved.pk)])

    page = client.get(url)
    saved.refresh_from_db()
    assert page.status_code == 200 and saved.active  # link scanners follow links
    assert "Me désabonner" in _page(page)

    done = client.post(url)
    saved.refresh_from_db()
    assert done.status_code == 200 and not saved.active
    assert "vous ne recevrez plus ces alertes" in _page(done)
    # Again: said so, nothing else changes.
    assert "déjà désabonné" in _page(client.post(url))


def test_one_click_unsubscribe_as_rfc_8058_posts_it(client):
    """The mail client POSTs List-Unsubscribe=One-Click, with no cookie and no CSRF token."""
    pupil = PupilFactory()
    first, second = services.save_search(pupil, "q=pain"), services.save_search(pupil, "q=bois")
    other = services.save_search(PupilFactory(), "q=pain")
    client.handler.enforce_csrf_checks = True
    url = reverse("alerts:unsubscribe", args=[tokens.unsubscribe_token(owner_id=pupil.pk)])

    response = client.post(
        url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code == 200
    assert set(SavedSearch.objects.filter(active=True)) == {other}
    assert {first.pk, second.pk} == set(
        SavedSearch.objects.filter(active=False).values_list("pk", flat=True)
    )


@pytest.mark.parametrize("token", ["nimporte-quoi", "s1-AAAAAAAAAAAA", "s1-" + "A" * 40])
def test_a_forged_unsubscribe_link_is_refused_in_french(client, token):
    saved = services.save_search(PupilFactory(), "q=pain")
    response = client.post(reverse("alerts:unsubscribe", args=[token]))
    assert response.status_code == 404
    assert "Ce lien de désabonnement n'est pas valide" in _page(response)
    saved.refresh_from_db()
    assert saved.active


def test_a_share_token_does_not_unsubscribe(client):
    saved = services.save_search(PupilFactory(), "q=pain")
    client.post(reverse("alerts:unsubscribe", args=[tokens.share_token(saved.pk)]))
    saved.refresh_from_db()
    assert saved.active


def test_a_teacher_saves_for_a_class_and_shares_the_link(client):
    school_class = SchoolClassFactory()
    teacher = school_class.teachers.get()
    other_class = SchoolClassFactory(school=TeacherFactory().school)
    log_in(client, teacher)

    form = _page(client.get(reverse("alerts:save") + "?q=pain"))
    assert str(school_class) in form and str(other_class) not in form
    refused = client.post(
        reverse("alerts:save"), {"recherche": "q=pain", "school_class": other_class.pk}
    )
    assert refused.status_code == 200 and not SavedSearch.objects.exists()
    client.post(reverse("alerts:save"), {"recherche": "q=pain", "school_class": school_class.pk})
    saved = SavedSearch.objects.get()
    assert saved.school_class == school_class

    listing = _page(client.get(reverse("alerts:list")))
    share_url = reverse("alerts:share", args=[tokens.share_token(saved.pk)])
    assert share_url in listing
    client.logout()
    shared = _page(client.get(share_url))
    assert "« pain »" in shared and "/stages/?q=pain" in shared
    assert "/alertes/nouvelle/?q=pain" in shared


def test_a_pupils_own_search_is_not_shared(client):
    saved = services.save_search(PupilFactory(), "q=pain")
    response = client.get(reverse("alerts:share", args=[tokens.share_token(saved.pk)]))
    assert response.status_code == 404


def test_the_search_page_links_to_the_alert_of_its_cleaned_search(client):
    SectorFactory()
    page = _page(client.get(reverse("search:offers") + "?q=pain&secteur=s28&secteur=zz"))
    assert "/alertes/nouvelle/?q=pain&secteur=s28" in page


def test_a_pupil_closing_their_account_takes_their_saved_searches(client):
    pupil = PupilFactory()
    services.save_search(pupil, "q=pain")
    kept = services.save_search(PupilFactory(), "q=pain")
    client.force_login(pupil)

    client.post(reverse("accounts:delete"), {"password": "motdepasse-solide-42"})

    assert list(SavedSearch.objects.all()) == [kept]
