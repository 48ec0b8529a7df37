"""The national push: the outbox of offer changes, and what we know of each national offer.

- `SyncIntent` is the outbox: one row per offer change, written in the change's own
  transaction (`services.record_change`, by the receivers of `offers.signals`).
- `OfferSync` is one row per concerned offer: the row workers claim with
  `SELECT … FOR UPDATE SKIP LOCKED` (then a lease), its back-off and its status.
- `RemoteOffer` is one national offer: an offer for both collège and seconde has two.
- `RateCall` is the shared sliding-window log of the rate limiter.
"""

from django.db import models
from django.utils import timezone

from stages_bfc import french


class Track(models.TextChoices):
    """The national platform refuses offers mixing collège and seconde grades."""

    COLLEGE = "college", "Collège (4e, 3e)"
    SECONDE = "seconde", "Seconde"


class Status(models.TextChoices):
    WAITING = "waiting", "En attente d'envoi"
    ONLINE = "online", "En ligne sur la plateforme nationale"
    UNPUBLISHED = "unpublished", "Retirée de la plateforme nationale"
    DELETED = "deleted", "Supprimée de la plateforme nationale"
    NOTHING = "nothing", "Pas sur la plateforme nationale (offre non publiée)"
    HELD = "held", "En attente de son année scolaire"
    FAILED = "failed", "Refusée par la plateforme nationale"
    INEXPRESSIBLE = "inexpressible", "Non transmissible à la plateforme nationale"


class RemoteState(models.TextChoices):
    ABSENT = "absent", "absente"
    UNKNOWN = "unknown", "création envoyée sans réponse"
    # Not in the national listing though we sent it: created if it can be, else deleted.
    MISSING = "missing", "absente de la liste nationale"
    ONLINE = "online", "publiée"
    UNPUBLISHED = "unpublished", "dépubliée"
    DELETED = "deleted", "supprimée"


class SyncIntentQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(processed_at__isnull=True)


class SyncIntent(models.Model):
    """An offer changed: it must be compared with the national side again."""

    class Outcome(models.TextChoices):
        SENT = "sent", "envoyée"
        MERGED = "merged", "fusionnée avec une modification plus récente"
        FAILED = "failed", "échec définitif"
        NOTHING = "nothing", "rien à envoyer"

    # Not a foreign key: the intent outlives an offer deleted for good (→ DELETE).
    offer_id = models.BigIntegerField("offre n°")
    action = models.CharField("changement", max_length=40)
    created_at = models.DateTimeField("créée le", default=timezone.now)
    processed_at = models.DateTimeField("traitée le", null=True, blank=True)
    outcome = models.CharField("résultat", max_length=10, choices=Outcome.choices, blank=True)

    objects = SyncIntentQuerySet.as_manager()

    class Meta:
        verbose_name = "changement à synchroniser"
        verbose_name_plural = "changements à synchroniser"
        indexes = [
            models.Index(
                fields=["offer_id", "created_at"],
                name="sync_intent_pending",
                condition=models.Q(processed_at__isnull=True),
            ),
            models.Index(fields=["offer_id", "-created_at"], name="sync_intent_offer"),
        ]

    def __str__(self):
        return f"offre {self.offer_id} : {self.action}"


class OfferSync(models.Model):
    """The national status of one offer, and the row a worker claims to push it."""

    offer = models.OneToOneField(
        "offers.Offer",
        primary_key=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,  # kept after the offer is deleted for good
        related_name="national_sync",
    )
    status = models.CharField(
        "état national", max_length=15, choices=Status.choices, default=Status.WAITING
    )
    message = models.TextField("explication", blank=True)
    error = models.JSONField("erreur nationale", null=True, blank=True)
    attempts = models.PositiveIntegerField("essais en échec", default=0)
    next_attempt_at = models.DateTimeField("prochain essai", default=timezone.now)
    # A track waits for a later school year (the platform refuses or hides it until then):
    # the beat queues the offer again on that day (1 July).
    held_until = models.DateField("envoi prévu le", null=True, blank=True, db_index=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    lease_token = models.UUIDField(null=True, blank=True)
    synced_at = models.DateTimeField("dernier envoi réussi", null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "synchronisation nationale"
        verbose_name_plural = "synchronisations nationales"
        indexes = [models.Index(fields=["status"]), models.Index(fields=["next_attempt_at"])]

    def __str__(self):
        return f"offre {self.offer_id} : {self.get_status_display()}"

    @property
    def release_text(self) -> str:
        """ "1er juillet 2027": when a held track goes out."""
        return french.date(self.held_until) if self.held_until else ""


class RemoteOffer(models.Model):
    """One offer on the national platform, keyed by our stable `remote_id`."""

    sync = models.ForeignKey(OfferSync, on_delete=models.CASCADE, related_name="remotes")
    track = models.CharField(max_length=10, choices=Track.choices)
    remote_id = models.CharField(max_length=60, unique=True)
    state = models.CharField(max_length=12, choices=RemoteState.choices, default=RemoteState.ABSENT)
    payload_hash = models.CharField(max_length=64, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "offre nationale"
        verbose_name_plural = "offres nationales"
        constraints = [
            models.UniqueConstraint(fields=["sync", "track"], name="remote_offer_one_per_track")
        ]

    def __str__(self):
        return f"{self.remote_id} ({self.get_state_display()})"


class ConfigurationAlarm(models.Model):
    """The national side refuses our account itself (not an operator, wrong credentials).

    Raised once (one open alarm at most), shown on the staff page; nothing is sent while it
    is open, the changes wait, and go once staff have fixed the settings and cleared it.
    """

    key = models.CharField(max_length=20, default="national", editable=False)
    raised_at = models.DateTimeField("levée le", default=timezone.now)
    message = models.TextField("explication")
    error = models.JSONField("erreur nationale", null=True, blank=True)
    cleared_at = models.DateTimeField("levée close le", null=True, blank=True)

    class Meta:
        verbose_name = "alarme de configuration"
        verbose_name_plural = "alarmes de configuration"
        constraints = [
            models.UniqueConstraint(
                fields=["key"],
                condition=models.Q(cleared_at__isnull=True),
                name="one_open_configuration_alarm",
            )
        ]

    def __str__(self):
        return f"{self.raised_at:%d/%m/%Y %H:%M} : {self.message[:60]}"


class RateCall(models.Model):
    """One call to the national API: the limiter counts those of the last minute."""

    at = models.DateTimeField()
    # The national counter it goes to ("offers", "sectors"), or a share of one.
    service = models.CharField(max_length=30, default="offers")

    class Meta:
        indexes = [models.Index(fields=["service", "at"], name="ratecall_service_at")]

    def __str__(self):
        return f"{self.service} {self.at:%H:%M:%S.%f}"
