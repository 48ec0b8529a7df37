"""Writes on organisations: creation with its first member, edits and their moderated
revisions, invitations and their acceptance."""

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from outbox.services import defer
from stages_bfc import revisions

from .models import Invitation, Membership, Organisation, OrganisationRevision, _new_token
from .signals import organisation_changed

# What the offers show of their organisation, to the national platform (sync_1j1s.mapping:
# employer name, description or "{type} à {commune}.", website, is_public) and in the
# 1 jeune 1 solution feed (sync_1j1s.feed: name, description, website).
SHARED_FIELDS = ["name", "description", "website", "host_type", "commune_id"]


class AlreadyMember(Exception):
    """The account already belongs to an organisation (one organisation per account)."""


class InvitationRefused(Exception):
    """The invitation cannot be accepted by this user; the message says why, in French."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


def create_organisation(user: User, organisation: Organisation) -> Organisation:
    """Save the (unsaved) organisation and make its creator the first member."""
    with transaction.atomic():
        User.objects.select_for_update().get(pk=user.pk)
        if Membership.objects.filter(user=user).exists():
            raise AlreadyMember
        organisation.save()
        Membership.objects.create(user=user, organisation=organisation)
    return organisation


def save_organisation(organisation: Organisation) -> Organisation:
    """Save an edited organisation as it is (Region staff, an approved revision); if what
    its offers show of it changed, say so.

    `organisation_changed` is sent in the edit's transaction: what its receivers write (the
    offers' new version, their national sync changes) goes with the edit or not at all.
    """
    with transaction.atomic():
        before = (
            Organisation.objects.select_for_update().values(*SHARED_FIELDS).get(pk=organisation.pk)
        )
        organisation.save()
        changed = [name for name in SHARED_FIELDS if before[name] != getattr(organisation, name)]
        if changed:
            organisation_changed.send(Organisation, organisation=organisation, fields=changed)
    return organisation


def edit_organisation(edited: Organisation, author: User) -> OrganisationRevision | None:
    """A member's edit. Once the organisation's texts are moderated, its name, description
    and website go into a pending revision and the approved ones stay on its offers; the
    other fields are saved at once. Return the pending revision, if any."""
    with transaction.atomic():
        approved = Organisation.objects.select_for_update().get(pk=edited.pk)
        if not approved.texts_moderated:
            save_organisation(edited)
            return None
        typed = {name: getattr(edited, name) for name in OrganisationRevision.MODERATED_FIELDS}
        for name in OrganisationRevision.MODERATED_FIELDS:
            setattr(edited, name, getattr(approved, name))
        save_organisation(edited)
        return revisions.propose(OrganisationRevision, approved, typed, author)


def pending_revision(organisation: Organisation) -> OrganisationRevision | None:
    return organisation.revisions.pending().first()


def latest_revision(organisation: Organisation) -> OrganisationRevision | None:
    return organisation.revisions.select_related("decided_by").order_by("-created_at").first()


def approve_revision(revision: OrganisationRevision, moderator: User, version: str) -> None:
    """The proposed texts (as the moderator saw them: `version`) become the approved ones;
    the offers, search and the national push follow through `organisation_changed`."""
    with transaction.atomic():
        # The organisation first, as a member's edit does: the two never wait on each other.
        organisation = Organisation.objects.select_for_update().get(pk=revision.organisation_id)
        revision = _lock_pending(revision, version)
        revision.organisation = organisation
        revisions.approve(revision, moderator)
        save_organisation(organisation)


def refuse_revision(
    revision: OrganisationRevision, moderator: User, version: str, message: str
) -> None:
    """The approved texts stay; the members are told why by e-mail."""
    with transaction.atomic():
        Organisation.objects.select_for_update().get(pk=revision.organisation_id)
        revision = _lock_pending(revision, version)
        revisions.refuse(revision, moderator, message)
        defer("organisations.tasks.send_revision_refused_email", revision.pk)


# Kept under their former names: the moderation views catch them from here.
RevisionDecided = revisions.RevisionDecided
RevisionChanged = revisions.RevisionChanged


def _lock_pending(revision: OrganisationRevision, version: str) -> OrganisationRevision:
    return revisions.lock_pending(OrganisationRevision, revision.pk, version)


def invite(organisation: Organisation, email: str, invited_by: User) -> Invitation:
    """Create the invitation (or renew the pending one) and send its e-mail after commit."""
    email = email.strip().lower()
    with transaction.atomic():
        # Invitations of one organisation are written one at a time: a double submit waits
        # here for the first, then finds its invitation (and renews it) instead of inserting
        # a second one against `one_pending_invitation_per_email`.
        Organisation.objects.select_for_update().get(pk=organisation.pk)
        invitation = (
            Invitation.objects.select_for_update()
            .pending()
            .filter(organisation=organisation, email__iexact=email)
            .first()
        )
        if invitation:
            # A fresh link and a fresh validity; the previous link stops working.
            invitation.token = _new_token()
            invitation.invited_by = invited_by
            invitation.save(update_fields=["token", "invited_by"])
            Invitation.objects.filter(pk=invitation.pk).update(created_at=timezone.now())
        else:
            invitation = Invitation.objects.create(
                organisation=organisation, email=email, invited_by=invited_by
            )
        defer("organisations.tasks.send_invitation_email", invitation.pk)
    return invitation


def _has_verified_email(user: User, email: str) -> bool:
    return EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists()


def check_acceptable(invitation: Invitation, user: User) -> None:
    """Raise InvitationRefused with the reason if this user cannot accept the invitation."""
    if invitation.accepted_at is not None:
        raise InvitationRefused(
            "Cette invitation a déjà été utilisée. Si vous avez besoin d'accéder à la structure, "
            "demandez à l'un de ses membres de vous inviter à nouveau."
        )
    if invitation.is_expired:
        raise InvitationRefused(
            f"Cette invitation a expiré (elle était valable {Invitation.VALIDITY.days} jours). "
            "Demandez à la personne qui vous a invité de vous en envoyer une nouvelle."
        )
    membership = Membership.objects.filter(user=user).select_related("organisation").first()
    if membership and membership.organisation_id == invitation.organisation_id:
        raise InvitationRefused(
            f"Vous faites déjà partie de la structure « {membership.organisation} »."
        )
    if membership:
        raise InvitationRefused(
            f"Votre compte est déjà rattaché à la structure « {membership.organisation} ». "
            "Un compte ne peut appartenir qu'à une seule structure : utilisez un autre compte "
            "pour rejoindre celle-ci."
        )
    if not user.is_employer:
        raise InvitationRefused(
            "Cette invitation est destinée à un compte de structure d'accueil ; votre compte "
            f"est un compte « {user.get_role_display()} »."
        )
    if not _has_verified_email(user, invitation.email):
        raise InvitationRefused(
            f"Cette invitation a été envoyée à l'adresse {mask_email(invitation.email)}, "
            "qui n'est pas une adresse confirmée de votre compte. Connectez-vous avec le compte "
            "de cette adresse, ou ajoutez-la et confirmez-la dans « Mon compte »."
        )


def invitation_waiting_for(user: User) -> Invitation | None:
    """The latest valid invitation to one of the user's confirmed addresses: an invited
    colleague who signed up (and confirmed elsewhere) is sent to it, not to "create"."""
    addresses = EmailAddress.objects.filter(user=user, verified=True).values_list(
        "email", flat=True
    )
    return (
        Invitation.objects.valid()
        .filter(email__in=[address.lower() for address in addresses] + list(addresses))
        .order_by("-created_at")
        .first()
    )


def accept(invitation: Invitation, user: User) -> Membership:
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        User.objects.select_for_update().get(pk=user.pk)
        check_acceptable(invitation, user)
        invitation.accepted_at = timezone.now()
        invitation.save(update_fields=["accepted_at"])
        return Membership.objects.create(user=user, organisation_id=invitation.organisation_id)


def mask_email(email: str) -> str:
    """ "camille.martin@exemple.fr" -> "c…n@exemple.fr": enough to recognise, not to harvest."""
    local, _, domain = email.partition("@")
    shown = local[0] + "…" + local[-1] if len(local) > 2 else local[:1] + "…"
    return f"{shown}@{domain}"


def set_email_rhythm(membership: Membership, rhythm: str) -> Membership:
    """A member's own choice; the next digest starts from now, not from their first day."""
    membership.email_rhythm = rhythm
    membership.digest_sent_at = timezone.now()
    membership.save(update_fields=["email_rhythm", "digest_sent_at"])
    return membership
