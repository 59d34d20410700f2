"""The demo joint action plan of Kum-Dobo for 2026, built on the 2025 needs assessment: items for the top
priorities, funded by lines of the 2026 demo budget and, for water, by the participatory budgeting project
that won; approved by the village gathering, with initiative groups and a monitoring group. Idempotent."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction

from kenesh.needs.models import Campaign
from kenesh.pb.models import Proposal
from kenesh.plans import services
from kenesh.plans.models import GroupKind, Plan
from kenesh.territory.models import Municipality, Settlement

YEAR = 2026
# (priority category, title ky, title ru, steps ky, steps ru, responsible, deadline, line key, local,
#  community, donor, republican, status, progress, PB proposal's Russian title or "")
ITEMS = (
    (
        "drinking-water",
        "Кум-Дөбөдө суу сактагыч куруу",
        "Строительство резервуара для воды в Кум-Дебе",
        "1. Долбоордук-сметалык документ. 2. Тендер. 3. Куруу. 4. Кабыл алуу.",
        "1. Проектно-сметная документация. 2. Тендер. 3. Строительство. 4. Приёмка.",
        "Айыл өкмөтүнүн башчысы",
        datetime.date(YEAR, 9, 30),
        "expenditure:7063:3114",
        Decimal("800000"),
        Decimal("120000"),
        Decimal("400000"),
        Decimal("0"),
        "in_progress",
        45,
        "Резервуар для воды в Кум-Дебе",
    ),
    (
        "kindergartens",
        "Бала бакчага кошумча топ ачуу",
        "Открыть дополнительную группу в детском саду",
        "1. Бөлмөнү оңдоо. 2. Эмерек. 3. Тарбиячы алуу.",
        "1. Ремонт помещения. 2. Мебель. 3. Набор воспитателя.",
        "Билим берүү боюнча адис",
        datetime.date(YEAR, 8, 25),
        "expenditure:7091:2111",
        Decimal("350000"),
        Decimal("60000"),
        Decimal("0"),
        Decimal("0"),
        "planned",
        0,
        "Мебель для детского сада",
    ),
    (
        "roads",
        "Ак-Жардагы жолду шагылдоо",
        "Подсыпка гравием дороги в Ак-Джаре",
        "1. Шагыл сатып алуу. 2. Жамааттын ашары менен төшөө.",
        "1. Закупка гравия. 2. Укладка силами общины (ашар).",
        "Жер пайдалануу адиси",
        datetime.date(YEAR, 6, 30),
        "expenditure:7045:3114",
        Decimal("250000"),
        Decimal("150000"),
        Decimal("0"),
        Decimal("500000"),
        "done",
        100,
        "Гравийная дорога в Ак-Джаре",
    ),
    (
        "street-lighting",
        "Борбордук көчөгө жарык",
        "Освещение центральной улицы",
        "1. Чырактарды сатып алуу. 2. Орнотуу.",
        "1. Закупка светильников. 2. Монтаж.",
        "Айыл өкмөтү, демилгечи топ",
        datetime.date(YEAR, 11, 30),
        "expenditure:7064:2215",
        Decimal("150000"),
        Decimal("30000"),
        Decimal("0"),
        Decimal("0"),
        "in_progress",
        20,
        "",
    ),
)


def load_demo() -> None:
    from kenesh.territory import demo as territory_demo

    municipality = Municipality.objects.current().filter(coate=territory_demo.KUM_DOBO).first()
    if municipality is None or Plan.objects.filter(municipality=municipality, year=YEAR).exists():
        return
    campaign = (
        Campaign.objects.filter(municipality=municipality, year=YEAR - 1).exclude(published_at=None).first()
    )
    if campaign is None:
        return
    priorities = {
        priority.category.key: priority for priority in campaign.priorities.select_related("category")
    }
    villages = list(Settlement.objects.filter(parent=municipality).order_by("coate"))
    with transaction.atomic():
        plan = services.plan_create(actor=None, municipality=municipality, year=YEAR, campaign=campaign)
        for row in ITEMS:
            (
                key,
                title_ky,
                title_ru,
                steps_ky,
                steps_ru,
                responsible,
                deadline,
                line,
                local,
                community,
                donor,
                republican,
                status,
                progress,
                pb_title,
            ) = row
            if not services.budget_line_exists(municipality.pk, line):
                line, local = "", Decimal(0)
            proposal = (
                Proposal.objects.filter(process__municipality_id=municipality.pk, title_ru=pb_title).first()
                if pb_title
                else None
            )
            services.item_save(
                actor=None,
                plan=plan,
                data=services.ItemInput(
                    title_ky=title_ky,
                    title_ru=title_ru,
                    steps_ky=steps_ky,
                    steps_ru=steps_ru,
                    responsible=responsible,
                    deadline=deadline,
                    priority=priorities.get(key),
                    budget_line_key=line,
                    cost_local=local,
                    cost_community=community,
                    cost_donor=donor,
                    donor_name="ARIS" if donor else "",
                    cost_republican=republican,
                    status=status,
                    progress=progress,
                    pb_proposal=proposal,
                ),
            )
        monitoring = services.group_create(
            actor=None,
            plan=plan,
            kind=GroupKind.MONITORING,
            name_ky="Коомдук мониторинг тобу",
            name_ru="Группа общественного мониторинга",
        )
        for name, role in (
            ("Асель Токтогулова", "төрайым"),
            ("Бакыт Жумабеков", ""),
            ("Гүлнара Осмонова", ""),
        ):
            services.member_add(actor=None, group=monitoring, name=name, role=role)
        for index, village in enumerate(villages[:2]):
            group = services.group_create(
                actor=None,
                plan=plan,
                kind=GroupKind.INITIATIVE,
                name_ky=f"{village.name_ky or village.name_ru} демилгечи тобу",
                name_ru=f"Инициативная группа {village.name_ru}",
                village=village,
            )
            for name in (("Медер Ысаков", "Айпери Садыкова"), ("Таалай Абдраев", "Жылдыз Мамытова"))[index]:
                services.member_add(actor=None, group=group, name=name)
        services.plan_approve(
            actor=None,
            plan=plan,
            approved_on=datetime.date(YEAR - 1, 12, 12),
            gathering_place="Кум-Дөбө айылынын маданият үйү",
            gathering_participants=164,
            minutes_ky=(
                "Айылдык жыйын 2026-жылга биргелешкен аракеттер планын бекитти. Катышкандар: 164 адам, анын "
                "ичинде 79 аял. Төрт иш-чара бекитилди; мониторинг тобу шайланды."
            ),
            minutes_ru=(
                "Сельский сход утвердил план совместных действий на 2026 год. Присутствовали 164 человека, "
                "из них 79 женщин. Утверждены четыре мероприятия; избрана группа мониторинга."
            ),
        )
