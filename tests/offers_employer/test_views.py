import pytest
from django.urls import reverse

from offers.models import Offer, State
from tests.factories import (
    EmployerFactory,
    ModeratorFactory,
    OfferFactory,
    PupilFactory,
    TeacherFactory,
    UserFactory,
)
from tests.sessions import log_in

from .helpers import offer_data

pytestmark = pytest.mark.django_db


def own_offer(employer, **kwargs):
    return OfferFactory(organisation=employer.membership.organisation, **kwargs)


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def test_dashboard_groups_offers_by_state_with_counts_places_and_next_steps(
    employer_client, employer
):
    own_offer(employer, state=State.DRAFT)
    own_offer(employer, state=State.DRAFT, title="Deuxième brouillon")
    changes = own_offer(employer, state=State.SUBMITTED, title="À corriger")
    from offers.services import move

    move(changes, "request_changes", actor=ModeratorFactory(), message="Précisez les horaires.")
    own_offer(employer, state=State.PUBLISHED, title="En ligne")
    OfferFactory(title="Offre d'une autre structure")

    response = employer_client.get(reverse("offers:dashboard"))
    assert response.status_code == 200
    groups = {group["state"]: group for group in response.context["groups"]}
    assert list(groups) == [State.CHANGES_REQUESTED, State.DRAFT, State.PUBLISHED]
    assert groups[State.DRAFT]["count"] == 2 and groups[State.DRAFT]["places"] == 4
    content = response.content.decode()
    assert "Précisez les horaires." in content
    assert "Complétez et soumettez ces brouillons" in content
    assert "Offre d'une autre structure" not in content


def test_create_saves_a_draft(employer_client, employer):
    response = employer_client.post(reverse("offers:create"), offer_data())
    offer = Offer.objects.get()
    assert response.status_code == 302 and response.url == reverse("offers:manage", args=[offer.pk])
    assert offer.state == State.DRAFT
    assert offer.organisation == employer.membership.organisation
    assert offer.periods.count() == 1


def test_create_and_submit(employer_client, employer):
    employer_client.post(reverse("offers:create"), offer_data(submit_now="1"))
    offer = Offer.objects.get()
    assert offer.state == State.SUBMITTED
    assert list(offer.transitions.values_list("target", "actor")) == [
        (State.DRAFT, employer.pk),
        (State.SUBMITTED, employer.pk),
    ]


def test_create_with_errors_keeps_what_was_typed(employer_client):
    data = offer_data(title="Mon super stage", hours_end="07:00", commune="Atlantide")
    response = employer_client.post(reverse("offers:create"), data)
    assert response.status_code == 200
    content = response.content.decode()
    assert 'value="Mon super stage"' in content
    assert 'value="Atlantide"' in content
    assert f'value="{data["periodes-0-start"]}"' in content
    assert 'class="error-summary"' in content
    assert 'href="#id_hours_end"' in content and 'href="#id_commune"' in content
    assert not Offer.objects.exists()


def test_create_form_prefills_the_organisation_address(employer_client):
    response = employer_client.get(reverse("offers:create"))
    assert response.context["form"]["commune"].value() == "Besançon (25)"


@pytest.mark.parametrize(("activity_code", "sector"), [("10.71C", "s28"), ("", None)])
def test_create_form_suggests_the_sector_of_the_host_s_activity(
    employer_client, employer, activity_code, sector
):
    from reference.models import Sector

    Sector.objects.get_or_create(code="s28", defaults={"label": "Industrie alimentaire"})
    organisation = employer.membership.organisation
    organisation.activity_code = activity_code  # from the company register
    organisation.save(update_fields=["activity_code"])
    response = employer_client.get(reverse("offers:create"))
    assert response.context["form"]["sector"].value() == sector


def test_submit_action(employer_client, employer):
    offer = own_offer(employer)
    response = employer_client.post(reverse("offers:action", args=[offer.pk, "submit"]))
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.state == State.SUBMITTED


def test_submit_refuses_past_dates_of_a_copy(employer_client, employer):
    import datetime

    offer = own_offer(
        employer, periods=[(datetime.date(2020, 1, 6), datetime.date(2020, 1, 10), 2)]
    )
    response = employer_client.post(
        reverse("offers:action", args=[offer.pk, "submit"]), follow=True
    )
    offer.refresh_from_db()
    assert offer.state == State.DRAFT
    assert "dates sont passées" in " ".join(messages_of(response))


def test_withdraw_published_offer(employer_client, employer):
    offer = own_offer(employer, state=State.PUBLISHED)
    employer_client.post(reverse("offers:withdraw", args=[offer.pk]))
    offer.refresh_from_db()
    assert offer.state == State.WITHDRAWN
    assert offer.transitions.get().actor == employer


def test_impossible_action_shows_a_message(employer_client, employer):
    offer = own_offer(employer, state=State.SUBMITTED)
    response = employer_client.post(
        reverse("offers:action", args=[offer.pk, "archive"]), follow=True
    )
    assert response.status_code == 200
    assert messages_of(response) == [
        "Action impossible : l'offre est « en attente de modération »."
    ]
    offer.refresh_from_db()
    assert offer.state == State.SUBMITTED


@pytest.mark.parametrize("action", ["approve", "reject", "expire", "nimportequoi"])
def test_moderator_actions_are_not_available_to_employers(employer_client, employer, action):
    offer = own_offer(employer, state=State.SUBMITTED)
    response = employer_client.post(reverse("offers:action", args=[offer.pk, action]))
    assert response.status_code == 404


def test_action_requires_post(employer_client, employer):
    offer = own_offer(employer)
    assert (
        employer_client.get(reverse("offers:action", args=[offer.pk, "submit"])).status_code == 405
    )


def test_edit_draft_keeps_it_draft(employer_client, employer):
    offer = own_offer(employer)
    response = employer_client.post(
        reverse("offers:edit", args=[offer.pk]), offer_data(title="Nouveau titre")
    )
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.title == "Nouveau titre" and offer.state == State.DRAFT


def test_edit_published_stays_online_and_its_texts_wait(employer_client, employer):
    offer = own_offer(employer, state=State.PUBLISHED)
    form_page = employer_client.get(reverse("offers:edit", args=[offer.pk]))
    assert "Cette offre est en ligne et le reste." in form_page.content.decode()
    employer_client.post(reverse("offers:edit", args=[offer.pk]), offer_data(title="Retouché"))
    offer.refresh_from_db()
    assert offer.title != "Retouché"
    assert offer.state == State.PUBLISHED
    assert offer.revisions.get().proposed["title"] == "Retouché"


def test_edit_published_without_change_stays_online(employer_client, employer):
    import datetime

    offer = own_offer(
        employer,
        state=State.PUBLISHED,
        hours_start=datetime.time(8, 30),
        hours_end=datetime.time(16, 30),
    )
    page = employer_client.get(reverse("offers:edit", args=[offer.pk]))
    data = {}
    for bound in page.context["form"]:
        value = bound.value()
        if value is not None:
            data[bound.html_name] = value if isinstance(value, list) else str(value)
    data |= _formset_data(page.context["periods"])
    response = employer_client.post(reverse("offers:edit", args=[offer.pk]), data, follow=True)
    assert messages_of(response) == ["Aucune modification : l'offre reste en ligne."]
    offer.refresh_from_db()
    assert offer.state == State.PUBLISHED


def _formset_data(formset):
    data = {
        f"{formset.prefix}-{key}": value for key, value in formset.management_form.initial.items()
    }
    for form in formset:
        for bound in form:
            value = bound.value()
            data[bound.html_name] = (
                value.isoformat() if hasattr(value, "isoformat") else (value or "")
            )
    return data


def test_edit_allowed_when_submitted(employer_client, employer):
    offer = own_offer(employer, state=State.SUBMITTED)
    response = employer_client.get(reverse("offers:edit", args=[offer.pk]))
    assert response.status_code == 200


def test_duplicate_makes_a_draft_and_opens_its_edit_page(employer_client, employer):
    offer = own_offer(employer, state=State.EXPIRED)
    response = employer_client.post(reverse("offers:duplicate", args=[offer.pk]))
    copy = Offer.objects.exclude(pk=offer.pk).get()
    assert copy.state == State.DRAFT and copy.duplicated_from == offer
    assert response.url == reverse("offers:edit", args=[copy.pk])


def test_manage_shows_audit_trail_and_available_actions(employer_client, employer):
    offer = own_offer(employer, state=State.PUBLISHED)
    from offers.services import move

    move(offer, "withdraw", actor=employer, message="Plus de tuteur disponible")
    response = employer_client.get(reverse("offers:manage", args=[offer.pk]))
    content = response.content.decode()
    assert "Plus de tuteur disponible" in content
    assert [action["name"] for action in response.context["actions"]] == ["archive"]
    assert reverse("offers:action", args=[offer.pk, "archive"]) in content


# --- permissions ---


@pytest.mark.parametrize(
    ("name", "method"),
    [("manage", "get"), ("edit", "get"), ("duplicate", "post"), ("action", "post")],
)
def test_other_organisation_gets_404(client, name, method):
    offer = OfferFactory()
    client.force_login(EmployerFactory())
    args = [offer.pk, "submit"] if name == "action" else [offer.pk]
    response = getattr(client, method)(reverse(f"offers:{name}", args=args))
    assert response.status_code == 404


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("offers:dashboard"))
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("factory", [PupilFactory, TeacherFactory, ModeratorFactory])
def test_other_roles_get_403(client, factory):
    log_in(client, factory())
    assert client.get(reverse("offers:dashboard")).status_code == 403
    assert client.get(reverse("offers:create")).status_code == 403


def test_employer_without_organisation_is_sent_to_create_one(client):
    client.force_login(UserFactory())
    for url in (reverse("offers:dashboard"), reverse("offers:create")):
        response = client.get(url)
        assert response.status_code == 302 and response.url == reverse("organisations:create")


def test_edit_shows_the_moderators_request(employer_client, employer):
    from offers.services import move

    offer = own_offer(employer, state=State.SUBMITTED)
    move(offer, "request_changes", actor=ModeratorFactory(), message="Ajoutez les horaires.")
    response = employer_client.get(reverse("offers:edit", args=[offer.pk]))
    assert response.context["moderator_message"] == "Ajoutez les horaires."
    assert "Ajoutez les horaires." in response.content.decode()


def test_commune_suggestions_open_to_employers_without_organisation(client, besancon):
    client.force_login(UserFactory())
    response = client.get(reverse("offers:commune_suggestions"), {"q": "besan"}, follow=True)
    assert response.status_code == 200
    assert response.json()["results"][0]["label"] == "Besançon (25)"


def test_dashboard_and_manage_query_counts_stay_flat(employer_client, employer):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(url):
        with CaptureQueriesContext(connection) as queries:
            assert employer_client.get(url).status_code == 200
        return len(queries)

    offer = own_offer(employer, state=State.PUBLISHED)
    dashboard = count(reverse("offers:dashboard"))
    manage = count(reverse("offers:manage", args=[offer.pk]))
    for state in (State.DRAFT, State.PUBLISHED, State.EXPIRED, State.DRAFT):
        own_offer(employer, state=state)
    from offers.services import move

    move(offer, "withdraw", actor=employer)
    move(offer, "archive", actor=employer)
    assert count(reverse("offers:dashboard")) == dashboard
    assert count(reverse("offers:manage", args=[offer.pk])) == manage
