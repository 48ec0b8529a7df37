"""Who gets what on every project view: roles × views → status.

Expected statuses: an int, or LOGIN for "302 to the login page". Another organisation's
offer is a 404 (objects come from querysets limited to the user), a wrong role a 403.
The employer space has no organisation identifier in its URLs: each employer only ever
reaches their own organisation. An invitation link is a capability (a secret token):
whoever cannot accept it gets the page with the French reason (200 on GET, 403 on POST).

`test_every_project_url_has_a_matrix_row` walks the URL resolver so that a new view
without a row here fails the suite.
"""

import datetime
import html

import pytest
from django.urls import URLResolver, get_resolver, reverse

from accounts.models import User
from offers.models import OfferRevision, State
from organisations.models import Invitation, Membership, OrganisationRevision
from reference.periods import school_year_containing
from reports.models import OfferReport, Reason
from tests.factories import (
    EmployerFactory,
    ModeratorFactory,
    OfferFactory,
    OrganisationFactory,
    PupilFactory,
    TeacherFactory,
    UserFactory,
)
from tests.placements.factories import ApplicationFactory, SchoolClassFactory, enrolled_pupil
from tests.sessions import log_in

pytestmark = pytest.mark.django_db

LOGIN = "login"
# "pupil" is enrolled in a class of the teacher's school and owns the application under
# test; "other_pupil" (not enrolled) and "other_teacher" (another school) are strangers to them.
# "unconfirmed_teacher" says they work at the teacher's school, and nobody confirmed it yet.
ROLES = [
    "anonymous",
    "pupil",
    "teacher",
    "member",
    "other_employer",
    "moderator",
    "admin",
    "other_pupil",
    "other_teacher",
    "unconfirmed_teacher",
    "observer",
]
INVITED_EMAIL = "nouvelle.recrue@exemple.fr"


def row(
    anonymous,
    pupil,
    teacher,
    member,
    other_employer,
    moderator,
    admin=None,
    other_pupil=None,
    other_teacher=None,
    unconfirmed_teacher=None,
    observer=None,
):
    """An admin (superuser, TOTP on) gets what a moderator gets unless said otherwise; the
    other pupil and the other teacher get what the pupil and the teacher get. An unconfirmed
    teacher gets what the teacher gets where the teacher has no right of their own; a row
    giving school staff a right others lack must say what an unconfirmed one gets. An
    observer (figures only) gets what pupils, teachers, employers and moderators all get, a
    refusal they all get, and a 403 where some of them have a right of their own."""
    if unconfirmed_teacher is None:
        assert teacher in (pupil, member), "say what an unconfirmed teacher gets"
        unconfirmed_teacher = teacher
    statuses = [anonymous, pupil, teacher, member, other_employer, moderator]
    statuses.append(moderator if admin is None else admin)
    statuses.append(pupil if other_pupil is None else other_pupil)
    statuses.append(teacher if other_teacher is None else other_teacher)
    statuses.append(unconfirmed_teacher)
    if observer is None:
        shared = pupil == teacher == other_employer
        granted = pupil in (200, 301, 302) and moderator != pupil
        observer = pupil if shared and not granted else 403
    statuses.append(observer)
    return dict(zip(ROLES, statuses, strict=True))


EVERYONE = row(200, 200, 200, 200, 200, 200)
REDIRECTED = row(301, 301, 301, 301, 301, 301)
LOGGED_IN = row(LOGIN, 200, 200, 200, 200, 200)
MEMBERS_AND_MODERATORS = row(404, 404, 404, 200, 404, 200)
OWN_OFFER = row(LOGIN, 403, 403, 200, 404, 403)
OWN_OFFER_POST = row(LOGIN, 403, 403, 302, 404, 403)
# Each employer reaches their own organisation's space (never the member's one).
EMPLOYERS = row(LOGIN, 403, 403, 200, 200, 403)
# Both employers already belong to an organisation: sent to it rather than creating one.
EMPLOYERS_ALREADY_MEMBERS = row(LOGIN, 403, 403, 302, 302, 403)
MODERATORS = row(LOGIN, 403, 403, 403, 403, 200)
MODERATORS_POST = row(LOGIN, 403, 403, 403, 403, 302)
# The Region's figures: Region staff and observers.
FIGURES = row(LOGIN, 403, 403, 403, 403, 200, observer=200)
# The invitation is addressed to someone else: every logged-in role sees the refusal.
INVITATION_REFUSED = row(LOGIN, 200, 200, 200, 200, 200)
INVITATION_REFUSED_POST = row(LOGIN, 403, 403, 403, 403, 403)
PUPILS = row(LOGIN, 200, 403, 403, 403, 403)
# Another pupil's application is a 404; any other role is refused.
OWN_APPLICATION_POST = row(LOGIN, 302, 403, 403, 403, 403, other_pupil=404)
OWN_OFFER_APPLICATION_POST = row(LOGIN, 403, 403, 302, 404, 403)
# Unconfirmed school staff are sent from their class list to the page saying why.
TEACHERS = row(LOGIN, 403, 200, 403, 403, 403, unconfirmed_teacher=302)
# Another school's class is a 404; their own school's, before confirmation, a 403.
OWN_SCHOOL_CLASS = row(LOGIN, 403, 200, 403, 403, 403, other_teacher=404, unconfirmed_teacher=403)
OWN_SCHOOL_CLASS_POST = row(
    LOGIN, 403, 302, 403, 403, 403, other_teacher=404, unconfirmed_teacher=403
)
# Conventions: the pupil's own, their school's, the host's; others' are a 404.
INVOLVED = row(LOGIN, 200, 200, 200, 200, 403, unconfirmed_teacher=403)
CONVENTION = row(
    LOGIN, 200, 200, 200, 404, 403, other_pupil=404, other_teacher=404, unconfirmed_teacher=403
)

# Saved searches: pupils and school staff; another's is a 404.
SAVERS = row(LOGIN, 200, 200, 403, 403, 403)
OWN_SAVED_SEARCH_POST = row(
    LOGIN, 302, 404, 403, 403, 403, other_pupil=404, unconfirmed_teacher=404
)

# name → (method, url name, url kwargs from the offer, offer state, extra data, expected)
# url kwargs: None, "pk" (the offer), "action" (the offer and "submit"), "token" (a pending
# invitation to the offer's organisation, for INVITED_EMAIL), "reported" (the offer, with an
# open report), "class" (the pupil's class), "class_pupil" (the class and the pupil),
# "revision" (a pending revision of the offer's organisation's texts), "offer_revision" (a
# pending revision of the offer's texts),
# "pupil_action" / "employer_action" (the pupil's submitted application to the offer, with
# "withdraw" / "decline"), "host" (the offer's organisation), "host_badge" (it and the school
# year of a stage it hosted last year).
VIEWS = {
    # offers
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
    "renew": ("post", "offers:renew", "pk", State.EXPIRED, {}, OWN_OFFER_POST),
    "withdraw": ("get", "offers:withdraw", "pk", State.PUBLISHED, {}, OWN_OFFER),
    "withdraw_post": ("post", "offers:withdraw", "pk", State.PUBLISHED, {}, OWN_OFFER_POST),
    # The employer space's former commune endpoint: a redirect to reference's one.
    "commune_suggestions": (
        "get",
        "offers:commune_suggestions",
        None,
        State.DRAFT,
        {"q": "besan"},
        REDIRECTED,
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
    "moderation_priority": (
        "post",
        "offers:moderation_priority",
        "pk",
        State.PUBLISHED,
        {"priority-priority_rep": "on"},
        MODERATORS_POST,
    ),
    "moderation_bulk_approve": (
        "post",
        "offers:moderation_bulk_approve",
        None,
        State.SUBMITTED,
        {"offers": "pk"},
        MODERATORS_POST,
    ),
    # organisations' revised public texts (moderation)
    "moderation_revisions": (
        "get",
        "offers:moderation_revisions",
        None,
        State.PUBLISHED,
        {},
        MODERATORS,
    ),
    "moderation_revision": (
        "get",
        "offers:moderation_revision",
        "revision",
        State.PUBLISHED,
        {},
        MODERATORS,
    ),
    "moderation_revision_post": (
        "post",
        "offers:moderation_revision",
        "revision",
        State.PUBLISHED,
        {"decision": "approve"},
        MODERATORS_POST,
    ),
    # published offers' revised texts (moderation)
    "moderation_offer_revisions": (
        "get",
        "offers:moderation_offer_revisions",
        None,
        State.PUBLISHED,
        {},
        MODERATORS,
    ),
    "moderation_offer_revision": (
        "get",
        "offers:moderation_offer_revision",
        "offer_revision",
        State.PUBLISHED,
        {},
        MODERATORS,
    ),
    "moderation_offer_revision_post": (
        "post",
        "offers:moderation_offer_revision",
        "offer_revision",
        State.PUBLISHED,
        {"decision": "approve"},
        MODERATORS_POST,
    ),
    # reports
    "report_create": ("get", "reports:create", "pk", State.PUBLISHED, {}, EVERYONE),
    "report_create_draft": (
        "get",
        "reports:create",
        "pk",
        State.DRAFT,
        {},
        row(404, 404, 404, 404, 404, 404),
    ),
    "report_queue": ("get", "reports:queue", None, State.PUBLISHED, {}, MODERATORS),
    "report_review": ("get", "reports:review", "reported", State.PUBLISHED, {}, MODERATORS),
    "report_review_post": (
        "post",
        "reports:review",
        "reported",
        State.PUBLISHED,
        {"decision": "dismiss"},
        MODERATORS_POST,
    ),
    # organisations
    "organisation_detail": ("get", "organisations:detail", None, State.DRAFT, {}, EMPLOYERS),
    "organisation_create": (
        "get",
        "organisations:create",
        None,
        State.DRAFT,
        {},
        EMPLOYERS_ALREADY_MEMBERS,
    ),
    "organisation_edit": ("get", "organisations:edit", None, State.DRAFT, {}, EMPLOYERS),
    # Each employer sets their own membership's e-mail rhythm.
    "email_rhythm": (
        "post",
        "organisations:email_rhythm",
        None,
        State.DRAFT,
        {"email_rhythm": "daily"},
        row(LOGIN, 403, 403, 302, 302, 403),
    ),
    "invitation_accept": (
        "get",
        "organisations:accept",
        "token",
        State.DRAFT,
        {},
        INVITATION_REFUSED,
    ),
    "invitation_accept_post": (
        "post",
        "organisations:accept",
        "token",
        State.DRAFT,
        {},
        INVITATION_REFUSED_POST,
    ),
    # national sync (staff) and the 1j1s feed (public); the sandbox's page (staff)
    "sync_dashboard": ("get", "sync_1j1s:dashboard", None, State.DRAFT, {}, MODERATORS),
    "sync_retry": ("post", "sync_1j1s:retry", "sync", State.PUBLISHED, {}, MODERATORS_POST),
    "sync_retry_all": ("post", "sync_1j1s:retry_all", None, State.DRAFT, {}, MODERATORS_POST),
    "sync_alarm": ("post", "sync_1j1s:clear_alarm", None, State.DRAFT, {}, MODERATORS_POST),
    "sync_feed": ("get", "sync_1j1s:feed", None, State.PUBLISHED, {}, EVERYONE),
    "sandbox_holdings": ("get", "national_sandbox:holdings", None, State.DRAFT, {}, MODERATORS),
    # accounts
    "account_delete": ("get", "accounts:delete", None, State.DRAFT, {}, LOGGED_IN),
    # observer accounts: made, closed and reopened by Region staff only
    "observers": ("get", "accounts:observers", None, State.DRAFT, {}, MODERATORS),
    "observer_create": (
        "post",
        "accounts:observers",
        None,
        State.DRAFT,
        {
            "action": "create",
            "email": "nouvel.observateur@ac-besancon.fr",
            "first_name": "Lou",
            "last_name": "Martin",
        },
        MODERATORS_POST,
    ),
    # school staff's attachment: their page, a colleague's or the Region's decision on a
    # pending colleague of the teacher's school, the mailbox's link (a capability), the
    # Region's list
    "school": (
        "get",
        "accounts:school",
        None,
        State.DRAFT,
        {},
        row(LOGIN, 403, 200, 403, 403, 403, unconfirmed_teacher=200),
    ),
    "school_decide": (
        "post",
        "accounts:school_decide",
        "attachment",
        State.DRAFT,
        {},
        row(
            LOGIN, 404, 302, 404, 404, 302, other_teacher=404, unconfirmed_teacher=404, observer=404
        ),
    ),
    "school_link": ("get", "accounts:school_link", "link", State.DRAFT, {}, EVERYONE),
    "school_review": ("get", "accounts:school_review", None, State.DRAFT, {}, MODERATORS),
    # pages
    "home": ("get", "home", None, State.DRAFT, {}, EVERYONE),
    "accessibility": ("get", "accessibility", None, State.DRAFT, {}, EVERYONE),
    "legal": ("get", "legal", None, State.DRAFT, {}, EVERYONE),
    "privacy": ("get", "privacy", None, State.DRAFT, {}, EVERYONE),
    "sitemap": ("get", "sitemap", None, State.DRAFT, {}, EVERYONE),
    "health": ("get", "health", None, State.DRAFT, {}, EVERYONE),
    # placements: pupils
    "pupil_login": ("get", "placements:pupil_login", None, State.DRAFT, {}, EVERYONE),
    "join": ("get", "placements:join", None, State.DRAFT, {}, PUPILS),
    "mine": ("get", "placements:mine", None, State.DRAFT, {}, PUPILS),
    "external": ("get", "placements:external", None, State.DRAFT, {}, PUPILS),
    "pupil_profile": ("get", "placements:profile", None, State.DRAFT, {}, PUPILS),
    # A pupil not enrolled yet is sent to join their class first.
    "apply": (
        "get",
        "placements:apply",
        "pk",
        State.PUBLISHED,
        {},
        row(LOGIN, 200, 403, 403, 403, 403, other_pupil=302),
    ),
    # "Postuler" logged out: both ways in; anyone logged in goes back to the offer.
    "offer_login": (
        "get",
        "placements:offer_login",
        "pk",
        State.PUBLISHED,
        {},
        row(200, 302, 302, 302, 302, 302),
    ),
    "pupil_action": (
        "post",
        "placements:pupil_action",
        "pupil_action",
        State.PUBLISHED,
        {},
        OWN_APPLICATION_POST,
    ),
    # Withdrawing asks on its own page first (the pupil's own submitted application).
    "pupil_withdraw": (
        "get",
        "placements:withdraw",
        "pupil_application",
        State.PUBLISHED,
        {},
        row(LOGIN, 200, 403, 403, 403, 403, other_pupil=404),
    ),
    "pupil_withdraw_post": (
        "post",
        "placements:withdraw",
        "pupil_application",
        State.PUBLISHED,
        {},
        OWN_APPLICATION_POST,
    ),
    # placements: employers
    "offer_applications": (
        "get",
        "placements:offer_applications",
        "pk",
        State.PUBLISHED,
        {},
        OWN_OFFER,
    ),
    # Each employer reaches their own organisation's inbox.
    "inbox": ("get", "placements:inbox", None, State.PUBLISHED, {}, EMPLOYERS),
    "employer_action": (
        "post",
        "placements:employer_action",
        "employer_action",
        State.PUBLISHED,
        {"reason": "no_place"},
        OWN_OFFER_APPLICATION_POST,
    ),
    # placements: the public host page and its badge (a pupil welcomed last year)
    "host_detail": ("get", "placements:host_detail", "host", State.PUBLISHED, {}, EVERYONE),
    "host_detail_unapproved": (
        "get",
        "placements:host_detail",
        "host",
        State.DRAFT,
        {},
        row(404, 404, 404, 404, 404, 404),
    ),
    "host_badge": ("get", "placements:host_badge", "host_badge", State.PUBLISHED, {}, EVERYONE),
    # placements: teachers
    "classes": ("get", "placements:classes", None, State.DRAFT, {}, TEACHERS),
    "class_detail": ("get", "placements:class_detail", "class", State.DRAFT, {}, OWN_SCHOOL_CLASS),
    "class_csv": ("get", "placements:class_csv", "class", State.DRAFT, {}, OWN_SCHOOL_CLASS),
    "class_pupils": (
        "post",
        "placements:class_pupils",
        "class",
        State.DRAFT,
        {"names": "Lina Roy"},
        row(LOGIN, 403, 200, 403, 403, 403, other_teacher=404, unconfirmed_teacher=403),
    ),
    "reset_code": (
        "post",
        "placements:reset_code",
        "class_code_pupil",
        State.DRAFT,
        {},
        row(LOGIN, 403, 200, 403, 403, 403, other_teacher=404, unconfirmed_teacher=403),
    ),
    "remove_pupil": (
        "post",
        "placements:remove_pupil",
        "class_pupil",
        State.DRAFT,
        {},
        row(LOGIN, 403, 302, 403, 403, 403, other_teacher=404, unconfirmed_teacher=403),
    ),
    "class_remind": (
        "post",
        "placements:class_remind",
        "class",
        State.DRAFT,
        {},
        OWN_SCHOOL_CLASS_POST,
    ),
    # conventions: the school's, the pupil's own, the host's organisation's
    "conventions_list": ("get", "conventions:list", None, State.DRAFT, {}, INVOLVED),
    "convention_detail": (
        "get",
        "conventions:detail",
        "convention",
        State.PUBLISHED,
        {},
        CONVENTION,
    ),
    "convention_pdf": ("get", "conventions:pdf", "convention", State.PUBLISHED, {}, CONVENTION),
    "convention_edit": (
        "get",
        "conventions:edit",
        "convention",
        State.PUBLISHED,
        {},
        OWN_SCHOOL_CLASS,
    ),
    "convention_family": (
        "get",
        "conventions:family",
        "convention",
        State.PUBLISHED,
        {},
        row(
            LOGIN,
            200,
            200,
            404,
            404,
            403,
            other_pupil=404,
            other_teacher=404,
            unconfirmed_teacher=403,
        ),
    ),
    "convention_paper": (
        "get",
        "conventions:paper",
        "convention",
        State.PUBLISHED,
        {},
        OWN_SCHOOL_CLASS,
    ),
    "convention_amend": (
        "post",
        "conventions:amend",
        "convention",
        State.PUBLISHED,
        {},
        row(LOGIN, 403, 302, 403, 403, 403, other_teacher=404, unconfirmed_teacher=403),
    ),
    "convention_resend": (
        "post",
        "conventions:resend",
        "convention",
        State.PUBLISHED,
        {},
        row(LOGIN, 403, 302, 403, 403, 403, other_teacher=404, unconfirmed_teacher=403),
    ),
    "convention_school": (
        "get",
        "conventions:school",
        None,
        State.DRAFT,
        {},
        row(LOGIN, 403, 200, 403, 403, 403, unconfirmed_teacher=403),
    ),
    "convention_send": (
        "post",
        "conventions:send",
        "convention",
        State.PUBLISHED,
        {},
        row(LOGIN, 403, 302, 403, 403, 403, other_teacher=404, unconfirmed_teacher=403),
    ),
    # Signing links are capabilities (no account): whoever holds one reads and asks a code.
    "convention_sign": ("get", "conventions:sign", "sign_token", State.PUBLISHED, {}, EVERYONE),
    "convention_sign_pdf": (
        "get",
        "conventions:sign_pdf",
        "sign_token",
        State.PUBLISHED,
        {},
        EVERYONE,
    ),
    "convention_sign_code": (
        "post",
        "conventions:sign_code",
        "sign_token",
        State.PUBLISHED,
        {},
        row(302, 302, 302, 302, 302, 302),
    ),
    "convention_head": ("get", "conventions:head", "head_token", State.PUBLISHED, {}, EVERYONE),
    "convention_head_code": (
        "post",
        "conventions:head_code",
        "head_token",
        State.PUBLISHED,
        {},
        row(302, 302, 302, 302, 302, 302),
    ),
    # search (public)
    "search": ("get", "search:offers", None, State.PUBLISHED, {"q": "boulang"}, EVERYONE),
    "search_map": ("get", "search:map", None, State.PUBLISHED, {"q": "boulang"}, EVERYONE),
    "search_communes": ("get", "search:communes", None, State.DRAFT, {"q": "besan"}, REDIRECTED),
    # alerts: saved searches (the pupil's), the signed no-login links
    "alerts_list": ("get", "alerts:list", None, State.DRAFT, {}, SAVERS),
    "alerts_save": ("get", "alerts:save", None, State.DRAFT, {"q": "boulang"}, SAVERS),
    "alerts_delete": ("post", "alerts:delete", "saved", State.DRAFT, {}, OWN_SAVED_SEARCH_POST),
    "alerts_unsubscribe": ("get", "alerts:unsubscribe", "unsubscribe", State.DRAFT, {}, EVERYONE),
    "alerts_unsubscribe_post": (
        "post",
        "alerts:unsubscribe",
        "unsubscribe",
        State.DRAFT,
        {},
        EVERYONE,
    ),
    "alerts_share": ("get", "alerts:share", "share", State.DRAFT, {}, EVERYONE),
    # figures (Region staff and observers)
    "figures_dashboard": ("get", "figures:dashboard", None, State.PUBLISHED, {}, FIGURES),
    "figures_export_xlsx": ("get", "figures:export_xlsx", None, State.PUBLISHED, {}, FIGURES),
    "figures_export_csv": (
        "get",
        "figures:export_csv",
        "figures_table",
        State.PUBLISHED,
        {},
        FIGURES,
    ),
    # the open data of the aggregates (anyone)
    "figures_open_data_csv": (
        "get",
        "figures:open_data_csv",
        "figures_snapshot",
        State.PUBLISHED,
        {},
        EVERYONE,
    ),
    "figures_open_data_schema": (
        "get",
        "figures:open_data_schema",
        "figures_snapshot",
        State.PUBLISHED,
        {},
        EVERYONE,
    ),
    # reference (public)
    "commune_suggestions_public": (
        "get",
        "reference:commune_suggestions",
        None,
        State.DRAFT,
        {"q": "besan"},
        EVERYONE,
    ),
}


def _cases():
    for view, spec in VIEWS.items():
        for role in ROLES:
            yield pytest.param(view, role, spec[-1][role], id=f"{view}-{role}")


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
