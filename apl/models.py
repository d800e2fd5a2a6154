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


class DataChange(models.Model):
    """One write to a watched table, noted by a database trigger under its topic.

    ``apl.versions`` keeps what pages read (a report, a rendered list, a user's roles)
    under the version of the topic it reads: the set of rows of that topic here. Every
    watched table carries a trigger that adds a row whenever it is written, whichever
    code wrote it (services, an import's SQL, the admin), so a write changes the version
    and nothing has to remember to invalidate. Old rows are pruned, which only costs one
    recomputation.
    """

    topic = models.CharField(max_length=32)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["topic", "id"], name="apl_datachange_topic")]

    def __str__(self):
        return f"{self.topic} change {self.pk} at {self.at:%Y-%m-%d %H:%M:%S}"
