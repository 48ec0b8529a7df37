"""Writes on organisations: creation with its first member, invitations and their acceptance."""

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from outbox.services import defer

from .models import Invitation, Membership, Organisation, _new_token
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
    """Save an edited organisation; if what its offers show of it changed, say so.

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
