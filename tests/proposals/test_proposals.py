"""An outside micro-credential: proposed, reviewed against the criteria, decided; the
educator follows it and hears of every step."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from catalogue.models import MicroCredential
from proposals import services
from proposals.models import Proposal
from tests.conftest import staff
from tests.factories import EducatorFactory
from tests.permissions.rules_proposals import FIELDS

pytestmark = pytest.mark.django_db

SCORES = {
    "evidence_of_practice": "meets",
    "alignment": "meets",
    "not_basic_skill": "meets",
    "recommendation": "accept",
    "comments": "Strong rubric.",
}


@pytest.fixture
def proposal(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return services.proposal_submit(educator=EducatorFactory().user.educator_profile, **FIELDS)


def _reviewed(proposal, lac, reviewer):
    from catalogue.models import EvaluationDomain

    services.proposal_assign_reviewers(proposal=proposal, reviewers=[reviewer], by=lac)
    review = proposal.reviews.get()
    services.proposal_review_submit(
        review=review, scores=SCORES, domains=[EvaluationDomain.objects.first()], by=reviewer
    )


def test_the_educator_is_told_of_every_step(
    proposal, lac, reviewer, mailoutbox, django_capture_on_commit_callbacks
):
    to = proposal.educator.user.email
    with django_capture_on_commit_callbacks(execute=True):
        _reviewed(proposal, lac, reviewer)
        services.proposal_decline(proposal=proposal, reason="Attendance only.", by=lac)
    mine = [m for m in mailoutbox if m.to == [to]]
    assert [m.subject.split(": ")[-1] for m in mine] == ["submitted", "in review", "declined"]
    assert "Attendance only." in mine[-1].body


def test_declining_needs_a_reason_the_educator_reads(client, proposal, lac):
    with pytest.raises(ValidationError):
        services.proposal_decline(proposal=proposal, reason="  ", by=lac)
    services.proposal_decline(proposal=proposal, reason="A basic software skill.", by=lac)
    client.force_login(proposal.educator.user)
    page = client.get(reverse("proposals:proposal-detail", args=[proposal.pk])).content.decode()
    assert "Declined" in page and "A basic software skill." in page


def test_accepting_puts_it_in_the_catalogue_from_a_date(proposal, lac, reviewer):
    _reviewed(proposal, lac, reviewer)
    services.proposal_accept(
        proposal=proposal, listed_from=dt.date(2025, 8, 1), on_renewal_list=True, by=lac
    )
    proposal.refresh_from_db()
    mc = proposal.micro_credential
    assert proposal.status == Proposal.Status.ACCEPTED
    assert (mc.name, mc.offered_from, mc.programme) == (FIELDS["title"], dt.date(2025, 8, 1), None)
    assert MicroCredential.objects.offered_on(dt.date(2025, 8, 1)).filter(pk=mc.pk).exists()
    assert not MicroCredential.objects.offered_on(dt.date(2025, 7, 31)).filter(pk=mc.pk).exists()
    assert not MicroCredential.objects.apl().filter(pk=mc.pk).exists()
    from renewal.models import RenewalListing

    listing = RenewalListing.objects.get(micro_credential=mc)
    assert (listing.listed_from, listing.retired_on) == (dt.date(2025, 8, 1), None)


def test_accepted_off_the_renewal_list_stays_off_it(proposal, lac, reviewer):
    from renewal.models import RenewalListing

    _reviewed(proposal, lac, reviewer)
    services.proposal_accept(
        proposal=proposal, listed_from=dt.date(2025, 8, 1), on_renewal_list=False, by=lac
    )
    proposal.refresh_from_db()
    assert not RenewalListing.objects.filter(micro_credential=proposal.micro_credential).exists()


def test_no_decision_before_a_review_and_none_twice(proposal, lac, reviewer):
    with pytest.raises(ValidationError, match="reviewer must score"):
        services.proposal_accept(
            proposal=proposal, listed_from=dt.date(2025, 8, 1), on_renewal_list=False, by=lac
        )
    services.proposal_decline(proposal=proposal, reason="No rubric.", by=lac)
    with pytest.raises(ValidationError, match="declined"):
        services.proposal_decline(proposal=proposal, reason="Again.", by=lac)


def test_only_those_who_may_review_are_assigned(proposal, lac, facilitator):
    with pytest.raises(ValidationError, match="may not review"):
        services.proposal_assign_reviewers(proposal=proposal, reviewers=[facilitator], by=lac)
    assert proposal.reviews.count() == 0


def test_alignment_needs_the_elevate_nm_components(proposal, lac, reviewer):
    services.proposal_assign_reviewers(proposal=proposal, reviewers=[reviewer], by=lac)
    with pytest.raises(ValidationError, match="Elevate NM"):
        services.proposal_review_submit(
            review=proposal.reviews.get(), scores=SCORES, domains=[], by=reviewer
        )


def test_extra_fields_on_the_proposal_form_are_ignored(client, educator):
    client.force_login(educator)
    response = client.post(
        reverse("proposals:proposal-create"),
        {**FIELDS, "status": "accepted", "educator": 999, "decision_reason": "x"},
    )
    assert response.status_code == 302
    made = Proposal.objects.get()
    assert (made.status, made.educator.user) == ("submitted", educator)


def test_the_proposal_list_reads_in_a_fixed_number_of_queries(
    client, lac, django_assert_num_queries
):
    for _ in range(6):
        services.proposal_submit(educator=EducatorFactory(), **FIELDS)
    client.force_login(lac)
    with django_assert_num_queries(9):
        response = client.get(reverse("proposals:proposal-list"))
    assert response.content.decode().count(FIELDS["title"]) == 6


def test_a_reviewer_reads_only_the_proposals_assigned_to_them(client, proposal, lac):
    reviewer = staff()
    from django.contrib.auth.models import Permission

    reviewer.user_permissions.add(Permission.objects.get(codename="review_proposal"))
    other = services.proposal_submit(educator=EducatorFactory(), **FIELDS)
    services.proposal_assign_reviewers(proposal=proposal, reviewers=[reviewer], by=lac)
    client.force_login(reviewer)
    assert client.get(reverse("proposals:proposal-detail", args=[proposal.pk])).status_code == 200
    assert client.get(reverse("proposals:proposal-detail", args=[other.pk])).status_code == 404
