"""The outbox: email written in the transaction of the change it reports, sent later."""

from django.db import models
from django.db.models import Q


class OutgoingEmail(models.Model):
    """One email waiting to be sent, or sent. Written with the change it reports, so a
    rolled-back change sends nothing and a broker outage loses nothing: a worker sends it,
    retrying with back-off, and a periodic sweep picks up whatever was not queued."""

    to = models.EmailField()
    subject = models.CharField(max_length=255)
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    send_after = models.DateTimeField(auto_now_add=True, db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["pk"]
        indexes = [
            models.Index(
                fields=["send_after"], condition=Q(sent_at__isnull=True), name="outbox_due"
            )
        ]

    def __str__(self):
        return f"{self.subject} → {self.to}"
