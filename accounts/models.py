from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property

from .roles import Capabilities, Role


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **extra):
        # Pupils created by their teacher have no e-mail: NULL, so that many can coexist.
        user = self.model(email=self.normalize_email(email) or None, **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True, role=User.Role.ADMIN)
        return self.create_user(email, password, **extra)


class User(Capabilities, AbstractUser):
    """A person, identified by e-mail. Pupils give only their names and school.

    Pupils whose account their teacher created have no e-mail (NULL): they log in with their
    class code and a personal code (`placements.pupil_login`); everyone else logs in by e-mail.
    """

    Role = Role  # for the field and for creating accounts; comparisons live in roles.py

    username = None
    email = models.EmailField("adresse e-mail", unique=True, null=True, blank=True)
    role = models.CharField("rôle", max_length=10, choices=Role.choices, default=Role.EMPLOYER)
    school = models.ForeignKey(
        "reference.School",
        verbose_name="établissement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        verbose_name = "utilisateur"

    def __str__(self):
        return self.get_full_name() or self.email or f"Utilisateur n° {self.pk}"

    @cached_property
    def school_confirmed(self) -> bool:
        """Whether a confirmed attachment ties the account to its current school (read once
        per request: `works_at_school` asks it on every school-staff view)."""
        if self.pk is None or self.school_id is None:
            return False
        return self.school_attachments.filter(
            school_id=self.school_id, state=SchoolAttachment.State.CONFIRMED
        ).exists()


class SchoolAttachment(models.Model):
    """A school-staff account's claim to work at a school, and who confirmed or refused it.

    The school is chosen freely at sign-up, so the claim alone opens nothing: a confirmed
    colleague, Region staff or the school's official mailbox confirms it. One row per account
    and school, so an account moved to another school starts unconfirmed there.
    """

    class State(models.TextChoices):
        PENDING = "pending", "En attente de confirmation"
        CONFIRMED = "confirmed", "Confirmé"
        REFUSED = "refused", "Refusé"

    class Via(models.TextChoices):
        COLLEAGUE = "colleague", "par un ou une collègue de l'établissement"
        REGION = "region", "par la Région"
        MAILBOX = "mailbox", "par la messagerie officielle de l'établissement"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="school_attachments"
    )
    school = models.ForeignKey(
        "reference.School",
        verbose_name="établissement",
        on_delete=models.PROTECT,
        related_name="staff_attachments",
    )
    state = models.CharField("état", max_length=10, choices=State.choices, default=State.PENDING)
    via = models.CharField("confirmé ou refusé", max_length=10, choices=Via.choices, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="décidé par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField("décidé le", null=True, blank=True)
    created_at = models.DateTimeField("demandé le", default=timezone.now)
    # The mailbox link in force: a new request replaces it, using it empties it (single use).
    link_nonce = models.CharField(max_length=32, blank=True)
    link_sent_at = models.DateTimeField("lien envoyé le", null=True, blank=True)

    class Meta:
        verbose_name = "rattachement à un établissement"
        verbose_name_plural = "rattachements à un établissement"
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "school"], name="one_attachment_per_school")
        ]

    def __str__(self):
        return f"{self.user} · {self.school_id} ({self.get_state_display()})"
