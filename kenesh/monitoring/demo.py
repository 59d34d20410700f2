"""The monitoring demo in Kum-Dobo: the action plan's monitoring group (with the demo monitor, who signs in
and records visits) visits the PB winner being built and the drinking-water service; findings with the LSG
body's answers, one still waiting; a photo. Loads once, after plans; skipped if those demos are absent."""

from __future__ import annotations

import datetime
import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from kenesh.accounts.models import Role, User
from kenesh.monitoring import services
from kenesh.monitoring.checklists import checklists_ensure
from kenesh.monitoring.models import Visit
from kenesh.pb.implementation import implementation_projects_create, implementation_update_add
from kenesh.pb.models import ImplementationProject, ImplementationStatus, Result
from kenesh.plans import services as plan_services
from kenesh.plans.models import GroupKind, GroupMember, PlanGroup
from kenesh.territory.models import Municipality


def _person(municipality: Any, role: Role) -> User | None:
    return (
        User.objects.filter(
            role_assignments__role=role,
            role_assignments__municipality=municipality,
            role_assignments__revoked_at__isnull=True,
        )
        .order_by("pk")
        .first()
    )


def _photo() -> SimpleUploadedFile:
    image = Image.new("RGB", (640, 480), (120, 160, 200))
    draw = ImageDraw.Draw(image)
    draw.rectangle((260, 120, 380, 470), fill=(90, 90, 90))  # a water tower
    draw.ellipse((220, 60, 420, 180), fill=(70, 110, 150))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=80)
    return SimpleUploadedFile("demo.jpg", buffer.getvalue(), content_type="image/jpeg")


def load_demo() -> None:
    from kenesh.territory import demo as territory_demo

    checklists_ensure()
    municipality = Municipality.objects.current().filter(coate=territory_demo.KUM_DOBO).first()
    if municipality is None or Visit.objects.filter(object__municipality=municipality).exists():
        return
    group = (
        PlanGroup.objects.filter(plan__municipality=municipality, kind=GroupKind.MONITORING)
        .select_related("plan")
        .order_by("-plan__year")
        .first()
    )
    monitor = _person(municipality, Role.MONITOR)
    staff = _person(municipality, Role.STAFF)
    if group is None or monitor is None:
        return
    today = timezone.localdate()
    with transaction.atomic():
        if not GroupMember.objects.filter(group=group, user=monitor).exists() and monitor.municipality_id == (
            municipality.pk
        ):
            plan_services.member_add(actor=None, group=group, user=monitor, role="мүчө")
        members = list(group.members.all())
        # The PB winners become projects being built (if the PB demo's result did not make them yet).
        result = (
            Result.objects.filter(process__municipality_id=municipality.pk)
            .exclude(published_at=None)
            .order_by("-pk")
            .first()
        )
        if result is not None and not ImplementationProject.objects.filter(result=result).exists():
            implementation_projects_create(actor=None, result=result)
        project = (
            ImplementationProject.objects.filter(proposal__process__municipality_id=municipality.pk)
            .select_related("proposal")
            .order_by("proposal__number")
            .first()
        )
        if project is not None and not project.updates.exists():
            implementation_update_add(
                actor=staff,
                project=project,
                text="Подрядчик выбран по конкурсу, материалы закуплены. Иштер башталды.",
                progress=35,
                status=ImplementationStatus.IN_PROGRESS,
            )
        if project is not None:
            obj = services.object_ensure(municipality=municipality, ref=f"pb:{project.pk}")
            template = services.template_for(obj)
            questions = services.questions_asked(template)
            visit = services.visit_record(
                actor=monitor,
                obj=obj,
                data=services.VisitInput(
                    visited_on=today - datetime.timedelta(days=20),
                    group=group,
                    members_present=members[:3],
                    scores={q.pk: score for q, score in zip(questions, (3, 4, 2, 3, 5), strict=False)},
                    notes="Иштер графиктен бир жумага артта калды; подрядчик себебин түшүндүрдү.",
                    findings=[
                        services.FindingInput(
                            "Сметада көрсөтүлгөн цементтин бир бөлүгү объектте жок.",
                            "Материалдардын келишин актыга жазып, тургундарга көрсөтүү.",
                        ),
                        services.FindingInput(
                            "Нет ограждения вокруг траншеи возле школы.",
                            "Поставить ограждение и предупреждающие знаки.",
                        ),
                    ],
                ),
            )
            first, second = list(visit.findings.all())
            if staff is not None:
                services.finding_answer(
                    actor=staff,
                    finding=first,
                    text="Цементтин калганы 12-майда келди, акт айыл өкмөтүнүн сайтына жарыяланды.",
                )
                services.finding_answer(
                    actor=staff, finding=second, text="Ограждение установлено на следующий день."
                )
        water = services.object_ensure(municipality=municipality, ref="service:drinking_water")
        template = services.template_for(water)
        questions = services.questions_asked(template)
        visit = services.visit_record(
            actor=monitor,
            obj=water,
            data=services.VisitInput(
                visited_on=today - datetime.timedelta(days=6),
                group=group,
                members_present=members[:2],
                others_present="Суу пайдалануучулар бирикмесинин төрагасы",
                scores={q.pk: score for q, score in zip(questions, (2, 3, 4, 3, 2), strict=False)},
                notes="Түштөн кийин Жогорку көчөдө суу жок; басым начар.",
                findings=[
                    services.FindingInput(
                        "Жогорку көчөдө суу түштөн кийин берилбейт.",
                        "Суу берүү графигин айылдык кеңешке жана тургундарга жарыялоо.",
                    ),
                    services.FindingInput(
                        "Кран у школы течёт уже месяц.",
                        "Заменить кран до начала учебного года.",
                    ),
                ],
            ),
            photos=[_photo()],
        )
        water_first = visit.findings.order_by("sort_order").first()
        if staff is not None and water_first is not None:
            services.finding_answer(
                actor=staff,
                finding=water_first,
                text="График подачи воды опубликован; насос на верхней улице будет заменён до конца месяца.",
            )
