"""The offers, their moderation, the hosts' spaces and the Region's pages: (method, url name,
url kwargs, offer state, extra data, expected row) per view."""

from offers.models import State
from tests.permissions.rows import (
    EMPLOYERS,
    EMPLOYERS_ALREADY_MEMBERS,
    EVERYONE,
    INVITATION_REFUSED,
    INVITATION_REFUSED_POST,
    LOGGED_IN,
    LOGIN,
    MEMBERS_AND_MODERATORS,
    MODERATORS,
    MODERATORS_POST,
    OWN_OFFER,
    OWN_OFFER_POST,
    REDIRECTED,
    row,
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
HOSTS_AND_REGION = {
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
}
