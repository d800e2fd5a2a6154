"""Outside micro-credentials an educator proposes for the state's curated catalogue,
the reviewers' scores against the written quality criteria, and the state's decision."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from catalogue.models import EvaluationDomain, MicroCredential
from enrollment.models import EducatorProfile

VIEW_ALL = "proposals.view_all_proposals"
REVIEW = "proposals.review_proposal"
MANAGE = "proposals.manage_proposals"

# The written quality criteria (the model state policy guide's recommendations).
CRITERIA = {
    "evidence_of_practice": (
        "Evidence of practice, scored on a validated rubric",
        "The educator earns it by submitting evidence of their own practice (classroom "
        "artifacts, student work, reflection), assessed against a published, validated "
        "rubric; attendance or seat time alone does not earn it.",
    ),
    "alignment": (
        "Aligned to Elevate NM",
        "The competency it verifies is one of the Elevate NM teacher-evaluation components "
        "(name them) and matters for students' learning.",
    ),
    "not_basic_skill": (
        "Not a basic software, hardware or administrative skill",
        "It is not about using a learning management system, a device or filling in "
        "paperwork: such skills are never a micro-credential, even if a provider badges them.",
    ),
}


class ProposalQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Own proposals; proposals assigned to a reviewer; all for the state's staff."""
        if not user.is_authenticated:
            return self.none()
        if user.has_perm(VIEW_ALL):
            return self
        return self.filter(Q(educator__user=user) | Q(reviews__reviewer=user)).distinct()


class Proposal(models.Model):
    """An outside micro-credential proposed for the curated catalogue."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", "Submitted"
        IN_REVIEW = "in_review", "In review"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"

    OPEN = (Status.SUBMITTED, Status.IN_REVIEW)

    educator = models.ForeignKey(
        EducatorProfile, on_delete=models.PROTECT, related_name="proposals"
    )
    title = models.CharField("name of the micro-credential", max_length=120)
    provider = models.CharField(max_length=120)
    link = models.URLField(max_length=500)
    competency = models.TextField("competency it verifies", max_length=2000)
    assessment = models.TextField("how it is assessed", max_length=2000)
    rationale = models.TextField("why it serves your growth plan", max_length=4000)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    submitted_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision_reason = models.TextField(blank=True, max_length=4000)
    listed_from = models.DateField(null=True, blank=True)
    on_renewal_list = models.BooleanField(default=False)
    micro_credential = models.OneToOneField(
        MicroCredential,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proposal",
    )

    objects = ProposalQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        permissions = [
            ("view_all_proposals", "Can see every outside micro-credential proposal"),
            ("review_proposal", "Can be assigned to score proposals"),
            ("manage_proposals", "Can assign reviewers and decide proposals"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["submitted", "in_review", "accepted", "declined"]),
                name="proposal_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(decision_reason=""),
                name="proposal_declined_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status="accepted")
                | Q(listed_from__isnull=False, micro_credential__isnull=False),
                name="proposal_accepted_is_listed",
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.provider})"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN


class ProposalReview(models.Model):
    """One reviewer's scores of a proposal against the written quality criteria."""

    class Verdict(models.TextChoices):
        MEETS = "meets", "Meets the criterion"
        DOES_NOT_MEET = "does_not_meet", "Does not meet it"

    class Recommendation(models.TextChoices):
        ACCEPT = "accept", "Accept"
        DECLINE = "decline", "Decline"

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="proposal_reviews"
    )
    assigned_at = models.DateTimeField(auto_now_add=True)
    evidence_of_practice = models.CharField(max_length=14, choices=Verdict.choices, blank=True)
    alignment = models.CharField(max_length=14, choices=Verdict.choices, blank=True)
    domains = models.ManyToManyField(EvaluationDomain, blank=True, related_name="+")
    not_basic_skill = models.CharField(max_length=14, choices=Verdict.choices, blank=True)
    recommendation = models.CharField(max_length=8, choices=Recommendation.choices, blank=True)
    comments = models.TextField(blank=True, max_length=4000)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["proposal_id", "assigned_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "reviewer"], name="proposal_review_once"),
            models.CheckConstraint(
                condition=Q(submitted_at__isnull=True) | ~Q(recommendation=""),
                name="proposal_review_submitted_recommends",
            ),
        ]

    def __str__(self):
        return f"{self.reviewer} on {self.proposal}"

    @property
    def meets_all(self) -> bool:
        meets = self.Verdict.MEETS
        return (self.evidence_of_practice, self.alignment, self.not_basic_skill) == (
            meets,
            meets,
            meets,
        )
