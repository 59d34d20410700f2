"""A municipality's portrait lists its PB winners built, with the photo of their latest report, and the items
of its published action plans that are done; a project hidden by moderation is not listed."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile

from kenesh.pb.models import (
    ImplementationProject,
    ImplementationStatus,
    ImplementationUpdate,
    Phase,
    Result,
    ResultStatus,
)
from kenesh.pb.testing import process_make, proposal_make

pytestmark = pytest.mark.django_db


def test_the_portrait_shows_the_projects_built_with_their_photo(client, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    process = process_make(phase=Phase.IMPLEMENTATION, budget_year=2025)
    built = proposal_make(process, title_ru="Новый мост")
    hidden = proposal_make(process, title_ru="Скрытый проект", hidden=True)
    result = Result.objects.create(process=process, rule=process.rule, status=ResultStatus.DONE)
    project = ImplementationProject.objects.create(
        proposal=built, result=result, status=ImplementationStatus.DONE, progress=100
    )
    ImplementationProject.objects.create(proposal=hidden, result=result, status=ImplementationStatus.DONE)
    update = ImplementationUpdate(
        project=project, text="Готово", status=ImplementationStatus.DONE, progress=100
    )
    update.photo.save("bridge.jpg", ContentFile(b"\xff\xd8\xff\xd9"), save=False)
    update.save()
    html = client.get(f"/ru/portraits/{process.municipality.coate}/").content.decode()
    assert "Построенные проекты" in html
    assert "Новый мост" in html and "Скрытый проект" not in html
    assert f"/ru/pb/implementation/{project.pk}/photos/{update.pk}.jpg" in html
