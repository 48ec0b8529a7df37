"""Reads on offers: who may see which offer, and the figures shown beside it."""

from django.db.models import Prefetch, QuerySet

from reference.communes import label
from reference.models import Commune, Sector
from stages_bfc import french
from stages_bfc.revisions import Change

from .models import OFFLINE_STATES, Offer, OfferPeriod, OfferRevision, State
from .places import periods_with_places_left, places_left, with_places_taken  # noqa: F401

# States whose page answers to anyone: published offers, and offline ones (whose permalink
# may still be cached by the national platform) with a "no longer open" page.
PUBLIC_PAGE_STATES = [State.PUBLISHED, *OFFLINE_STATES]


def with_details(queryset: QuerySet[Offer]) -> QuerySet[Offer]:
    """Everything an offer page shows, in a fixed number of queries."""
    return queryset.select_related(
        "organisation", "sector", "commune__department"
    ).prefetch_related(Prefetch("periods", queryset=with_places_taken(OfferPeriod.objects.all())))


def previewable_offers(user) -> QuerySet[Offer]:
    """Offers the user may see in any state: their organisation's, or all for moderators."""
    return Offer.objects.of_organisation_member(user) | Offer.objects.for_moderator(user)


def offer_page_queryset(user) -> QuerySet[Offer]:
    """Offers whose page at offers:detail answers to this user (any other pk is a 404)."""
    allowed = Offer.objects.filter(state__in=PUBLIC_PAGE_STATES) | previewable_offers(user)
    # The membership join of `allowed` may repeat rows: filter by pk to keep one per offer.
    return with_details(Offer.objects.filter(pk__in=allowed.values("pk")))


def may_preview(user, offer: Offer) -> bool:
    return previewable_offers(user).filter(pk=offer.pk).exists()


def moderation_queue(user) -> QuerySet[Offer]:
    """Offers awaiting a decision, the longest waiting first."""
    return (
        Offer.objects.for_moderator(user)
        .filter(state=State.SUBMITTED)
        .select_related("organisation", "commune")
        .order_by("submitted_at", "pk")
    )


def review_queryset(user) -> QuerySet[Offer]:
    """Offers as a moderator reviews them: the whole offer and its audit trail."""
    return with_details(Offer.objects.for_moderator(user)).prefetch_related("transitions__actor")


def pending_revision(offer: Offer) -> OfferRevision | None:
    return offer.revisions.pending().select_related("author").first()


def latest_revision(offer: Offer) -> OfferRevision | None:
    return offer.revisions.select_related("decided_by").order_by("-created_at", "-pk").first()


def revision_queue(user) -> QuerySet[OfferRevision]:
    """Pending revisions of offers' texts, the longest waiting first."""
    return (
        OfferRevision.objects.for_moderator(user)
        .pending()
        .select_related("offer__organisation", "author")
        .order_by("created_at", "pk")
    )


def shown_changes(revision: OfferRevision) -> list[Change]:
    """The revision's diff as people read it: a sector or a commune by its name, yes or no."""
    shown = []
    for change in revision.changes():
        approved, proposed = change.approved, change.proposed
        if change.field == "sector_id":
            names = dict(
                Sector.objects.filter(pk__in=[approved, proposed]).values_list("pk", "label")
            )
            approved, proposed = names.get(approved, ""), names.get(proposed, "")
        elif change.field == "commune_id":
            names = {c.pk: label(c) for c in Commune.objects.filter(pk__in=[approved, proposed])}
            approved, proposed = names.get(approved, ""), names.get(proposed, "")
        elif change.field == "accessible":
            approved, proposed = french.yes_no(approved), french.yes_no(proposed)
        shown.append(Change(change.field, change.label, approved, proposed))
    return shown
