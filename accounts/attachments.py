"""Writes and reads on school-staff attachments: who may confirm whom, and the mailbox link.

A school-staff account names its school at sign-up; it sees that school's classes only once
the attachment is confirmed (`User.works_at_school`), by one of three people:
- a confirmed colleague of the same school,
- Region staff (moderators and administrators),
- whoever reads the school's official mailbox (`ce.<UAI>@ac-<academy>.fr`), through a signed
  link that expires after LINK_VALIDITY and works once.
"""

import secrets
from datetime import timedelta

from django.core import signing
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from outbox.services import defer
from stages_bfc.mail import send_templated

from .models import SchoolAttachment

LINK_VALIDITY = timedelta(days=7)
# A new link to the school's mailbox at most this often: the mailbox is not ours to flood.
LINK_INTERVAL = timedelta(minutes=10)
LINK_SALT = "accounts.school-attachment"
# The academies of the region and the domain of their schools' official mailboxes.
ACADEMY_DOMAINS = {"Dijon": "ac-dijon.fr", "Besançon": "ac-besancon.fr"}

State = SchoolAttachment.State
Via = SchoolAttachment.Via


class AttachmentError(Exception):
    """A refused request or decision; its message is shown to the person, in French."""


def official_mailbox(school) -> str:
    """The school's official address, from its UAI and its department's academy."""
    domain = ACADEMY_DOMAINS.get(school.commune.department.academy)
    return f"ce.{school.uai.lower()}@{domain}" if domain else ""


def attachment_of(user) -> SchoolAttachment | None:
    """The attachment to the user's current school, recorded on first sight."""
    if not (user.is_authenticated and user.is_school_staff and user.school_id):
        return None
    attachment, _ = SchoolAttachment.objects.select_related(
        "school__commune__department", "decided_by"
    ).get_or_create(user=user, school_id=user.school_id)
    return attachment


def confirmed_staff_of(school_id) -> Q:
    """The people among users confirmed at the school, for a User queryset's filter."""
    return Q(
        school_id=school_id,
        school_attachments__school_id=school_id,
        school_attachments__state=State.CONFIRMED,
    )


def decidable_by(user):
    """Attachments the user may confirm or refuse: any for Region staff, their own school's
    others' still pending for its confirmed staff (a refusal is not theirs to overturn), none
    for anyone else."""
    attachments = SchoolAttachment.objects.select_related("user", "school__commune")
    if user.is_authenticated and user.is_moderator:
        return attachments
    if user.is_authenticated and user.works_at_school:
        return attachments.filter(school_id=user.school_id, state=State.PENDING).exclude(user=user)
    return attachments.none()


def waiting_for(user):
    """The pending attachments the user is asked to decide on: still the account's school,
    the account still open."""
    return (
        decidable_by(user)
        .filter(state=State.PENDING, user__is_active=True)
        .filter(user__school_id=F("school_id"))
        .order_by("created_at", "pk")
    )


def request_mailbox_link(attachment: SchoolAttachment) -> str:
    """Send a confirmation link to the school's official mailbox; returns its address."""
    address = official_mailbox(attachment.school)
    if not address:
        raise AttachmentError(
            "Nous ne connaissons pas l'adresse officielle de cet établissement : demandez "
            "la confirmation à un ou une collègue, ou à la Région."
        )
    with transaction.atomic():
        attachment = SchoolAttachment.objects.select_for_update().get(pk=attachment.pk)
        if attachment.state == State.CONFIRMED:
            raise AttachmentError("Votre rattachement est déjà confirmé.")
        now = timezone.now()
        if attachment.link_sent_at and now - attachment.link_sent_at < LINK_INTERVAL:
            raise AttachmentError(
                f"Une demande vient d'être envoyée à {address}. Attendez quelques minutes "
                "avant d'en envoyer une autre."
            )
        attachment.link_nonce = secrets.token_urlsafe(12)
        attachment.link_sent_at = now
        attachment.save(update_fields=["link_nonce", "link_sent_at"])
        defer("accounts.tasks.send_attachment_link", attachment.pk)
    return address


def make_link_token(attachment: SchoolAttachment) -> str:
    """Signed with the time of signing (expiry) and the link's nonce (single use)."""
    return signing.TimestampSigner(salt=LINK_SALT).sign_object(
        {"a": attachment.pk, "n": attachment.link_nonce}
    )


def attachment_from_token(token: str) -> SchoolAttachment:
    """The attachment a mailbox link is for, or AttachmentError saying why it does not work."""
    try:
        data = signing.TimestampSigner(salt=LINK_SALT).unsign_object(token, max_age=LINK_VALIDITY)
    except signing.SignatureExpired:
        raise AttachmentError(
            "Ce lien a expiré. La personne concernée peut en demander un nouveau depuis son compte."
        ) from None
    except signing.BadSignature:
        raise AttachmentError("Ce lien n'est pas valide : vérifiez qu'il est complet.") from None
    attachment = (
        SchoolAttachment.objects.select_related("user", "school__commune")
        .filter(pk=data.get("a"))
        .first()
    )
    if attachment is None or not data.get("n") or data["n"] != attachment.link_nonce:
        raise AttachmentError(
            "Ce lien a déjà servi, ou un lien plus récent l'a remplacé : il ne fonctionne plus."
        )
    return attachment


def decide(attachment: SchoolAttachment, confirmed: bool, by, via: str) -> SchoolAttachment:
    """Confirm or refuse an attachment; the person is told by e-mail. `by` is None when the
    school's mailbox decided (its reader has no account)."""
    with transaction.atomic():
        locked = SchoolAttachment.objects.select_for_update().filter(pk=attachment.pk).first()
        if locked is None:  # the account was deleted meanwhile
            raise AttachmentError("Ce rattachement n'existe plus.")
        return _decide(locked, confirmed, by, via)


def decide_by_link(token: str, confirmed: bool) -> SchoolAttachment:
    """The mailbox's answer: the nonce is checked again under the row lock, so two clicks
    on one link make one decision."""
    attachment = attachment_from_token(token)
    with transaction.atomic():
        locked = SchoolAttachment.objects.select_for_update().filter(pk=attachment.pk).first()
        if locked is None or locked.link_nonce != attachment.link_nonce:
            raise AttachmentError("Ce lien a déjà servi : il ne fonctionne plus.")
        return _decide(locked, confirmed, None, Via.MAILBOX)


def _decide(attachment: SchoolAttachment, confirmed: bool, by, via: str) -> SchoolAttachment:
    if attachment.state == State.CONFIRMED:
        raise AttachmentError("Ce rattachement est déjà confirmé.")
    attachment.state = State.CONFIRMED if confirmed else State.REFUSED
    attachment.via = via
    attachment.decided_by = by
    attachment.decided_at = timezone.now()
    attachment.link_nonce = ""  # any link sent so far stops working
    attachment.save()
    defer("accounts.tasks.send_attachment_decision", attachment.pk)
    return attachment


def mark_confirmed(user, via: str = Via.REGION) -> SchoolAttachment:
    """Confirm the user's attachment at once, without e-mail (demo data, trusted scripts)."""
    attachment, _ = SchoolAttachment.objects.update_or_create(
        user=user,
        school_id=user.school_id,
        defaults={"state": State.CONFIRMED, "via": via, "decided_at": timezone.now()},
    )
    user.__dict__.pop("school_confirmed", None)
    return attachment


# --- e-mails (run by the worker, through the outbox) ---


def _load(attachment_id: int) -> SchoolAttachment:
    return SchoolAttachment.objects.select_related(
        "user", "decided_by", "school__commune__department"
    ).get(pk=attachment_id)


def send_link(attachment_id: int) -> None:
    """The link is signed here, when the e-mail leaves: no token waits in the outbox's rows."""
    attachment = _load(attachment_id)
    if not attachment.link_nonce or not (address := official_mailbox(attachment.school)):
        return  # decided meanwhile, or no mailbox known
    send_templated(
        "school_attachment_link",
        [address],
        {
            "attachment": attachment,
            "person": attachment.user,
            "school": attachment.school,
            "link_url": reverse("accounts:school_link", args=[make_link_token(attachment)]),
            "validity_days": LINK_VALIDITY.days,
        },
    )


def send_decision(attachment_id: int) -> None:
    attachment = _load(attachment_id)
    if attachment.user.email and attachment.user.is_active:
        send_templated(
            "school_attachment_decision",
            [attachment.user.email],
            {
                "attachment": attachment,
                "school": attachment.school,
                "confirmed": attachment.state == State.CONFIRMED,
                "school_url": reverse("accounts:school"),
            },
        )
