"""The world a matrix case runs in: the offer's organisation, school, class and pupil, each
role's account, and the URL kwargs of each kind of view."""

import datetime

from accounts.models import User
from offers.models import OfferRevision
from organisations.models import Invitation, OrganisationRevision
from reference.periods import school_year_containing
from reports.models import OfferReport, Reason
from tests.factories import (
    EmployerFactory,
    ModeratorFactory,
    PupilFactory,
    TeacherFactory,
    UserFactory,
)
from tests.permissions.rows import (
    INVITED_EMAIL,
)
from tests.placements.factories import ApplicationFactory, SchoolClassFactory, enrolled_pupil


def _world(offer):
    """The pupil's class (with its teacher) and the pupil, made once per test."""
    if not hasattr(offer, "world"):
        school_class = SchoolClassFactory()
        offer.world = {
            "class": school_class,
            "teacher": school_class.teachers.get(),
            "pupil": enrolled_pupil(school_class),
            # Created by the teacher: no e-mail, a personal code (the only kind reset).
            "code_pupil": enrolled_pupil(school_class, email=None, verified=False),
        }
    return offer.world


def _user(role, offer):
    return {
        "anonymous": lambda: None,
        "pupil": lambda: _world(offer)["pupil"],
        "teacher": lambda: _world(offer)["teacher"],
        "other_pupil": PupilFactory,
        "other_teacher": TeacherFactory,
        "unconfirmed_teacher": lambda: TeacherFactory(
            school=_world(offer)["class"].school, confirmed=False
        ),
        "member": lambda: EmployerFactory(organisation=offer.organisation),
        "other_employer": EmployerFactory,
        "moderator": ModeratorFactory,
        "admin": lambda: ModeratorFactory(role=User.Role.ADMIN, is_staff=True, is_superuser=True),
        "observer": lambda: UserFactory(role=User.Role.OBSERVER),
    }[role]()


def _convention(offer):
    from conventions.drafting import draft_for_application
    from placements.models import AppState

    world = _world(offer)
    application = ApplicationFactory(
        offer=offer, pupil=world["pupil"], school_class=world["class"], state=AppState.CONFIRMED
    )
    return draft_for_application(application)


def _url_kwargs(kind, offer):
    if kind == "figures_table":
        return {"slug": "offres-semaine"}
    if kind == "figures_snapshot":  # the open data reads figures computed by beat
        from figures import services as figures_services

        figures_services.refresh()
        return {}
    if kind == "sync":
        from sync_1j1s.models import OfferSync

        return {"pk": OfferSync.objects.create(offer=offer).pk}
    if kind == "token":
        invitation = Invitation.objects.create(organisation=offer.organisation, email=INVITED_EMAIL)
        return {"token": invitation.token}
    if kind == "revision":
        revision = OrganisationRevision.objects.create(
            organisation=offer.organisation, proposed={"website": "https://phishing.example/login"}
        )
        return {"pk": revision.pk}
    if kind == "offer_revision":
        revision = OfferRevision.objects.create(offer=offer, proposed={"title": "Titre revu"})
        return {"pk": revision.pk}
    if kind == "reported":
        OfferReport.objects.create(offer=offer, reason=Reason.FRAUD)
        return {"pk": offer.pk}
    if kind in ("class", "class_pupil", "class_code_pupil"):
        world = _world(offer)
        if kind == "class_pupil":
            return {"pk": world["class"].pk, "pupil_pk": world["pupil"].pk}
        if kind == "class_code_pupil":
            return {"pk": world["class"].pk, "pupil_pk": world["code_pupil"].pk}
        return {"pk": world["class"].pk}
    if kind in ("attachment", "link"):
        from accounts import attachments

        colleague = TeacherFactory(school=_world(offer)["class"].school, confirmed=False)
        attachment = colleague.school_attachments.get()
        if kind == "attachment":
            return {"pk": attachment.pk, "decision": "confirmer"}
        attachment.link_nonce = "matrix"
        attachment.save()
        return {"token": attachments.make_link_token(attachment)}
    if kind == "convention":
        return {"pk": _convention(offer).pk}
    if kind in ("saved", "unsubscribe", "share"):
        from alerts import services as alert_services
        from alerts import tokens as alert_tokens

        world = _world(offer)
        if kind == "share":
            saved = alert_services.save_search(
                world["teacher"], "q=boulang", school_class=world["class"]
            )
            return {"token": alert_tokens.share_token(saved.pk)}
        saved = alert_services.save_search(world["pupil"], "q=boulang")
        if kind == "unsubscribe":
            return {"token": alert_tokens.unsubscribe_token(saved_search_id=saved.pk)}
        return {"pk": saved.pk}
    if kind in ("sign_token", "head_token"):
        from conventions import links, signing
        from tests.conventions.factories import complete, school_settings

        school_settings(_world(offer)["class"].school)
        convention = _convention(offer)
        for name, value in {
            "school_address": "1 rue du Lycée",
            "head_name": "Claire Proviseure",
            "head_email": "proviseure@lycee.example",
            "hours_start": datetime.time(9),
            "hours_end": datetime.time(16),
            "break_minutes": 60,
        }.items():
            setattr(convention, name, value)
        complete(convention)
        signing.send(convention, _world(offer)["teacher"])
        if kind == "head_token":
            return {"token": links.head_token(convention.school_uai, convention.head_email)}
        return {"token": links.signatory_token(convention.signatures.first())}
    if kind in ("host", "host_badge"):
        if kind == "host":
            return {"pk": offer.organisation_id}
        world = _world(offer)
        welcomed = ApplicationFactory(
            offer=offer, pupil=world["pupil"], school_class=world["class"]
        )
        last_year = datetime.date.today() - datetime.timedelta(days=365)
        type(welcomed).objects.filter(pk=welcomed.pk).update(
            state="confirmed", start=last_year, end=last_year + datetime.timedelta(days=4)
        )
        return {"pk": offer.organisation_id, "year": school_year_containing(last_year)}
    if kind == "pupil_application":
        world = _world(offer)
        application = ApplicationFactory(
            offer=offer, pupil=world["pupil"], school_class=world["class"]
        )
        return {"pk": application.pk}
    if kind in ("pupil_action", "employer_action"):
        world = _world(offer)
        application = ApplicationFactory(
            offer=offer, pupil=world["pupil"], school_class=world["class"]
        )
        action = "withdraw" if kind == "pupil_action" else "decline"
        return {"pk": application.pk, "action": action}
    return {
        None: {},
        "pk": {"pk": offer.pk},
        "action": {"pk": offer.pk, "action": "submit"},
    }[kind]
