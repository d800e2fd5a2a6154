"""The APL Liaison reads everything and changes nothing: not even a proposal review."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from audit.models import AuditEvent
from proposals import services
from proposals.models import ProposalReview
from tests.factories import EducatorFactory
from tests.permissions.rules_proposals import FIELDS

pytestmark = pytest.mark.django_db

SCORES = {
    "evidence_of_practice": "meets",
    "alignment": "does_not_meet",
    "not_basic_skill": "meets",
    "recommendation": "decline",
    "comments": "Not aligned.",
}


@pytest.fixture
def proposal():
    return services.proposal_submit(educator=EducatorFactory().user.educator_profile, **FIELDS)


def test_the_liaison_cannot_be_assigned_a_proposal_to_review(proposal, lac, liaison):
    with pytest.raises(ValidationError, match="may not review proposals"):
        services.proposal_assign_reviewers(proposal=proposal, reviewers=[liaison], by=lac)
    assert not ProposalReview.objects.exists()


def test_a_review_left_assigned_to_the_liaison_cannot_be_posted(client, proposal, liaison):
    """A review row from before the liaison became read-only: its POST is refused (403),
    audited as a denial, and nothing is scored."""
    review = ProposalReview.objects.create(proposal=proposal, reviewer=liaison)
    client.force_login(liaison)
    url = reverse("proposals:proposal-review", args=[proposal.pk])
    response = client.post(url, {**SCORES, "domains": []})
    assert response.status_code == 403
    review.refresh_from_db()
    assert review.submitted_at is None and review.recommendation in ("", None)
    assert AuditEvent.objects.filter(action="access.denied", actor=liaison).exists()


def test_an_assigned_reviewer_scores_the_proposal(client, proposal, lac, reviewer):
    services.proposal_assign_reviewers(proposal=proposal, reviewers=[reviewer], by=lac)
    client.force_login(reviewer)
    url = reverse("proposals:proposal-review", args=[proposal.pk])
    response = client.post(url, {**SCORES, "domains": []})
    assert response.status_code == 302
    assert ProposalReview.objects.get().submitted_at is not None
