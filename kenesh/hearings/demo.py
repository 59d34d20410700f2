"""Demo hearings: in the demo municipality, one on the draft budget and one on the execution report, each
with its attendance and proposals, every one answered (one became an item of the demo action plan); and a
resident who opted in and got the notice.

Idempotent: running it again changes nothing. Dates follow the demo budget's versions (a hearing some days
after the version it discusses), so both hearings are in the past.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from kenesh.budgets.models import BudgetVersion, ExecutionPeriod, LineDirection, VersionKind
from kenesh.hearings.models import AnswerStatus, Hearing, HearingKind, HearingProposal
from kenesh.hearings.services import policy_of
from kenesh.messaging.models import OutboundSms, OutboundStatus
from kenesh.notices.models import Channel, Delivery, Subscription
from kenesh.plans import demo as plans_demo
from kenesh.plans.models import PlanItem
from kenesh.territory.models import Municipality

KUM_DOBO = "41704235825000"
# The demo citizen (kenesh.accounts.demo): she asked for the notices of her municipality by SMS, in Kyrgyz.
SUBSCRIBER_PHONE = "+996700000001"
NOTICE_REFERENCE = "demo-hearing-notice"

ATTENDANCE: dict[str, dict[str, int]] = {
    HearingKind.DRAFT_BUDGET: dict(
        participants=46, women=19, men=27, youth=8, elderly=11, disabled=3, minorities=4, officials=6
    ),
    HearingKind.EXECUTION_REPORT: dict(
        participants=38, women=21, men=17, youth=5, elderly=9, disabled=2, minorities=3, officials=5
    ),
}

# (kind, text ky, text ru, raised by, answer status, answer ky, answer ru, links a budget line)
PROPOSALS: dict[str, list[tuple[str, str, str, str, str, str, str, bool]]] = {
    HearingKind.DRAFT_BUDGET: [
        (
            "proposal",
            "Кум-Добо айылындагы ичүүчү суу түтүгүн оңдоого каражат кошуу.",
            "Добавить средства на ремонт водопровода в селе Кум-Добо.",
            "Кум-Добо айылынын аялдары",
            AnswerStatus.ACCEPTED,
            "Кабыл алынды: суу түтүгүн оңдоо бекитилген бюджетке киргизилди.",
            "Принято: ремонт водопровода включён в утверждённый бюджет.",
            True,
        ),
        (
            "proposal",
            "Бала бакчанын экинчи тайпасын ачуу.",
            "Открыть вторую группу детского сада.",
            "Жаш ата-энелер",
            AnswerStatus.PARTLY,
            "Жарым-жартылай кабыл алынды: быйыл оңдоо иштери, тайпа кийинки жылы ачылат.",
            "Частично принято: в этом году ремонт помещения, группа откроется в следующем году.",
            False,
        ),
        (
            "proposal",
            "Борбордук көчөгө жаңы асфальт төшөө.",
            "Заасфальтировать центральную улицу.",
            "Жаштар",
            AnswerStatus.REJECTED,
            "Четке кагылды: 2026-жылдагы каражат жетпейт; долбоор райондук программага сунушталат.",
            "Отклонено: в 2026 году не хватает средств; проект предложен в районную программу.",
            False,
        ),
    ],
    HearingKind.EXECUTION_REPORT: [
        (
            "question",
            "Көчө жарыгына бөлүнгөн каражат эмне үчүн толук өздөштүрүлгөн жок?",
            "Почему средства на уличное освещение освоены не полностью?",
            "Ак-Жар айылы",
            AnswerStatus.ACCEPTED,
            "Тендер кеч өттү; калган иштер биринчи кварталда аткарылат, отчет сайтка коюлат.",
            "Тендер прошёл поздно; оставшиеся работы выполнят в первом квартале, отчёт будет на сайте.",
            False,
        ),
        (
            "proposal",
            "Аткаруу тууралуу отчетту ар бир кварталда айылдарда илип коюу.",
            "Вывешивать отчёт об исполнении бюджета в сёлах каждый квартал.",
            "Мониторинг тобу",
            AnswerStatus.ACCEPTED,
            "Кабыл алынды: отчеттор ар бир айылдын маалымат тактасына илинет.",
            "Принято: отчёты будут вывешиваться на доске объявлений каждого села.",
            False,
        ),
    ],
}


# The partly accepted proposal on the kindergarten became this item of the demo plan (kenesh.plans.demo).
PLAN_ITEM_OF: dict[tuple[str, int], str] = {
    (HearingKind.DRAFT_BUDGET, 2): "Открыть дополнительную группу в детском саду"
}


def _plan_item(municipality: Any, title_ru: str | None) -> PlanItem | None:
    if title_ru is None:
        return None
    return PlanItem.objects.filter(
        plan__municipality=municipality, plan__year=plans_demo.YEAR, title_ru=title_ru
    ).first()


def _version(municipality: Any, kind: str, year: int, period: str = "") -> BudgetVersion | None:
    return (
        BudgetVersion.objects.filter(
            budget__municipality=municipality, budget__year=year, kind=kind, period=period
        )
        .exclude(published_at__isnull=True)
        .select_related("budget")
        .first()
    )


def _line_key(version: BudgetVersion | None) -> str:
    """A water-supply line of the version if it has one (function 7063), else its first expenditure line."""
    if version is None:
        return ""
    lines = version.lines.filter(direction=LineDirection.EXPENDITURE).select_related("code", "economic")
    line = lines.filter(code__code__startswith="7063").first() or lines.order_by("id").first()
    return line.key if line is not None else ""


def _hearing(
    municipality: Any,
    kind: str,
    version: BudgetVersion,
    title: tuple[str, str],
    summary: tuple[str, str],
    amendment: BudgetVersion | None,
) -> Hearing:
    date = version.date + datetime.timedelta(days=18)
    existing = Hearing.objects.filter(municipality=municipality, kind=kind, date=date).first()
    if existing is not None:
        return existing
    notice_days, answer_days = policy_of(municipality)
    hearing = Hearing(
        municipality=municipality,
        kind=kind,
        title_ky=title[0],
        title_ru=title[1],
        date=date,
        year=date.year,
        time=datetime.time(10, 0),
        venue="Кум-Добо айыл өкмөтүнүн жыйындар залы",
        budget_version=version,
        notice_date=date - datetime.timedelta(days=notice_days + 4),
        notice_days_required=notice_days,
        answer_days=answer_days,
        attendance_recorded=True,
        summary_ky=summary[0],
        summary_ru=summary[1],
        **ATTENDANCE[kind],
    )
    hearing.due_date_set()
    hearing.save()
    line_key = _line_key(amendment)
    for number, item in enumerate(PROPOSALS[kind], start=1):
        kind_, text_ky, text_ru, raised_by, status, answer_ky, answer_ru, links = item
        linked = links and bool(line_key)
        HearingProposal.objects.create(
            hearing=hearing,
            number=number,
            kind=kind_,
            text_ky=text_ky,
            text_ru=text_ru,
            raised_by=raised_by,
            status=status,
            answer_ky=answer_ky,
            answer_ru=answer_ru,
            answered_on=date + datetime.timedelta(days=7 + number),
            budget_line_version=amendment if linked else None,
            budget_line_key=line_key if linked else "",
            plan_item=_plan_item(municipality, PLAN_ITEM_OF.get((kind, number))),
        )
    return hearing


def _subscriber_notified(municipality: Any, hearing: Hearing) -> None:
    subscription = Subscription.objects.filter(
        municipality=municipality, channel=Channel.SMS, address=SUBSCRIBER_PHONE, cancelled_at__isnull=True
    ).first()
    if subscription is None:
        from kenesh.accounts.models import User

        subscription = Subscription.objects.create(
            municipality=municipality,
            channel=Channel.SMS,
            address=SUBSCRIBER_PHONE,
            language="ky",
            user=User.objects.filter(phone=SUBSCRIBER_PHONE).first(),
        )
    topic = f"hearing:{hearing.pk}:{hearing.date.isoformat()}"
    Delivery.objects.get_or_create(subscription=subscription, topic=topic)
    text = (
        f"Kenesh: коомдук угуу \u201c{hearing.title_ky}\u201d, {hearing.date:%d.%m.%Y} 10:00, "
        f"{hearing.venue}. "
        "Бул билдирүүлөрдү токтотуу үчүн STOP деп жөнөтүңүз."
    )
    OutboundSms.objects.get_or_create(
        reference=NOTICE_REFERENCE,
        defaults={
            "to": SUBSCRIBER_PHONE,
            "text": text,
            "municipality": municipality,
            "status": OutboundStatus.OUTBOX,
            "attempts": 1,
            "delivered_at": timezone.now(),
        },
    )


@transaction.atomic
def load_demo() -> None:
    municipality = Municipality.objects.current().filter(coate=KUM_DOBO).first()
    if municipality is None:
        return
    draft = _version(municipality, VersionKind.DRAFT, 2026)
    report = _version(municipality, VersionKind.EXECUTION, 2025, ExecutionPeriod.YEAR)
    if draft is None or report is None:
        return  # the budgets demo is not loaded
    approved = _version(municipality, VersionKind.APPROVED, 2026)
    _hearing(
        municipality,
        HearingKind.DRAFT_BUDGET,
        draft,
        ("2026-жылдын бюджетинин долбоору боюнча угуу", "Слушания по проекту бюджета на 2026 год"),
        (
            "Катышуучулар суу түтүгүн, бала бакчаны жана көчөлөрдү талкуулашты. "
            "Аялдар суу маселесин биринчи коюшту.",
            "Участники обсудили водопровод, детский сад и дороги. "
            "Женщины поставили вопрос воды на первое место.",
        ),
        approved,
    )
    execution = _hearing(
        municipality,
        HearingKind.EXECUTION_REPORT,
        report,
        ("2025-жылдын бюджетинин аткарылышы боюнча угуу", "Слушания по исполнению бюджета за 2025 год"),
        (
            "Финансы бөлүмү отчетту сунуштады; катышуучулар көчө жарыгы жана отчеттордун ачыктыгы "
            "тууралуу сурашты.",
            "Финансовый отдел представил отчёт; участники спрашивали об уличном освещении "
            "и открытости отчётов.",
        ),
        None,
    )
    _subscriber_notified(municipality, execution)
