"""What the sandbox of the national API holds, and how badly it behaves."""

from django.db import models


class SandboxConfig(models.Model):
    """One row (pk=1): the operator account, limits and fault injection, read per request."""

    email = models.EmailField(default="operateur@stages-bfc.fr")
    password = models.CharField(max_length=100, default="bac-a-sable-bfc")
    # False: a valid account that is not an operator (401 "access denied" on every call).
    is_operator = models.BooleanField("compte opérateur", default=True)
    token_lifetime = models.PositiveIntegerField("durée du jeton (s)", default=24 * 3600)
    rate_limit = models.PositiveIntegerField("appels par fenêtre", default=100)
    window_seconds = models.PositiveIntegerField("fenêtre (s)", default=60)
    error_rate = models.FloatField("part de 5xx", default=0)
    drop_rate = models.FloatField("part de connexions coupées", default=0)
    stored_then_500_rate = models.FloatField("part d'« enregistré puis 500 »", default=0)
    slow_rate = models.FloatField("part de réponses lentes", default=0)
    slow_seconds = models.FloatField("lenteur (s)", default=0)

    class Meta:
        verbose_name = "réglage du bac à sable"

    def __str__(self):
        return "Réglages du bac à sable"

    @classmethod
    def current(cls):
        return cls.objects.get_or_create(pk=1)[0]


class SandboxOffer(models.Model):
    """A national offer as the platform stores it (soft delete: `discarded_at`)."""

    account = models.EmailField()
    remote_id = models.CharField(max_length=60)
    data = models.JSONField(default=dict)
    published_at = models.DateTimeField(null=True, blank=True)
    discarded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    writes = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "offre du bac à sable"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["account", "remote_id"], name="sandbox_remote_id")
        ]

    def __str__(self):
        return self.remote_id


class SandboxCall(models.Model):
    """Every request the sandbox answered (or dropped): for its page and the benchmark."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    method = models.CharField(max_length=8)
    path = models.CharField(max_length=200)
    status = models.PositiveSmallIntegerField(null=True)  # null: connection dropped
    fault = models.CharField(max_length=20, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.method} {self.path} → {self.status or 'coupée'}"
