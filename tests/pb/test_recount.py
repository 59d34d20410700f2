"""A recount is a new result linked to the old one; a published result never changes."""

from __future__ import annotations

import pytest

from kenesh.accounts.models import Role
from kenesh.accounts.testing import person_make
from kenesh.pb.count_store import result_compute
from kenesh.pb.models import ImplementationProject, Result, ResultStatus
from kenesh.pb.result_services import result_publish, result_request
from kenesh.pb.results import recount_matches
from kenesh.pb.testing import ballot_make
from tests.pb.test_counting import counted_process

pytestmark = pytest.mark.django_db


def test_a_recount_is_a_new_linked_result_and_the_published_one_stays(django_capture_on_commit_callbacks):
    process, result = counted_process()
    staff = person_make(role=Role.STAFF, municipality=process.municipality)
    result_publish(actor=staff, result=result)
    result.refresh_from_db()
    frozen = (result.export, result.export_sha256, result.published_at, result.total_cost)
    rows = list(result.projects.values_list("proposal_id", "selected", "votes", "explanation"))

    with django_capture_on_commit_callbacks(execute=False):
        recount = result_request(actor=staff, process=process, recount_of=result)
    assert recount.pk != result.pk
    assert recount.recount_of_id == result.pk
    result_compute(recount)
    recount.refresh_from_db()
    assert recount.status == ResultStatus.DONE
    assert recount_matches(recount) is True
    # Random voter ids and a new shuffle: the file differs, the count does not.
    assert recount.export_sha256 != result.export_sha256
    assert "kenesh_recount_of;" + str(result.pk) in recount.export

    result.refresh_from_db()
    assert (result.export, result.export_sha256, result.published_at, result.total_cost) == frozen
    assert list(result.projects.values_list("proposal_id", "selected", "votes", "explanation")) == rows


def test_a_recount_after_a_late_ballot_can_differ_and_is_published_beside_the_first():
    process, result = counted_process()
    staff = person_make(role=Role.STAFF, municipality=process.municipality)
    result_publish(actor=staff, result=result)
    project_2 = process.proposals.get(number=2)
    for _ in range(20):
        ballot_make(process, [project_2])
    recount = Result.objects.create(process=process, rule=process.rule, recount_of=result)
    result_compute(recount)
    assert recount_matches(recount) is False
    result_publish(actor=staff, result=recount)
    # Both stay published; the new winner becomes a project to build, the earlier ones stay.
    assert Result.objects.filter(process=process, published_at__isnull=False).count() == 2
    assert ImplementationProject.objects.filter(proposal=project_2).exists()
    assert ImplementationProject.objects.filter(result=result).exists()


def test_only_a_finished_count_can_be_recounted():
    process, result = counted_process()
    Result.objects.filter(pk=result.pk).update(status=ResultStatus.FAILED)
    result.refresh_from_db()
    staff = person_make(role=Role.STAFF, municipality=process.municipality)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        result_request(actor=staff, process=process, recount_of=result)
