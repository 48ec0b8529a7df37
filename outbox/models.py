from django.db import models
from django.db.models import Q
from django.utils import timezone


class PendingTask(models.Model):
    """A Celery task recorded in the transaction of the change that asked for it.

    If the broker or the worker is down when the transaction commits, the row stays and
    the beat sweep queues it again: the e-mail is late, never lost.
    """

    task_name = models.CharField(max_length=200)
    args = models.JSONField(default=list)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    done_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    # When the sweep may queue it again: after a failure (back-off), or once it has been
    # queued (in flight). Empty: queued on commit, taken again only if it has not run.
    next_attempt_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "tâche différée"
        verbose_name_plural = "tâches différées"
        indexes = [
            models.Index(
                fields=["updated_at"], condition=Q(done_at__isnull=True), name="outbox_pending"
            )
        ]

    def __str__(self):
        return f"{self.task_name}{tuple(self.args)}"
