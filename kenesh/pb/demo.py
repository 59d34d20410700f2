"""Demo participatory budgeting in Kum-Dobo: a vote open now, and a finished one with about 2,000 ballots.

The finished process's ballots are synthetic (seeded, so every load gives the same ones) and spread over
the four channels: web, voting codes, paper (entered twice by two people) and SMS. They are written in
bulk, not through `ballot_cast`, because the demo is loaded before every browser test; the result is
then counted and published by the count engine like a real one. Loading twice changes nothing.
"""

from __future__ import annotations

import datetime
import hashlib
import random
from datetime import timedelta
from decimal import Decimal
from typing import Any, cast

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from kenesh.accounts.models import AgeGroup, Role, RoleAssignment, User
from kenesh.messaging.models import InboundSms, OutboundSms
from kenesh.messaging.services import sms_receive
from kenesh.pb.ballots import voter_key_of
from kenesh.pb.count_store import result_compute
from kenesh.pb.desk import pin_hash
from kenesh.pb.models import (
    Ballot,
    BallotChoice,
    BallotFormat,
    Category,
    Channel,
    Credential,
    DeskVoter,
    PaperBallot,
    PaperEntry,
    PaperStatus,
    Participation,
    Phase,
    PhaseChange,
    Process,
    Proposal,
    ProposalStatus,
    Result,
    VotingCode,
)
from kenesh.pb.phases import process_phase_move
from kenesh.pb.result_services import result_publish
from kenesh.territory.models import Municipality, Settlement

OPEN_TITLE_EN = "Participatory budget 2027: Kum-Dobo"
FINISHED_TITLE_EN = "Participatory budget 2026: Kum-Dobo"
SEED = 2026
FINISHED_BALLOTS = 2000
# Of the finished process's ballots: by channel, in this order.
CHANNEL_SHARES = ((Channel.WEB, 0.55), (Channel.SMS, 0.2), (Channel.CODE, 0.15), (Channel.PAPER, 0.10))
# Every SMS ballot (400) is cast through the real SMS path (kenesh.messaging sms_receive: the inbox keeps
# "VOTE" only, the outbox the reply with its receipt), by demo residents with verified phones: about 3 s
# more of `make run` than writing them in bulk like the other channels' ballots.
SMS_THROUGH_GATEWAY = 400

# (number, category, title ky, title ru, cost som, village index, popularity 0..1)
OPEN_PROPOSALS = (
    (1, Category.WATER, "Ак-Жарга ичүүчү суу түтүгү", "Водопровод в Ак-Джаре", 900_000, 1, None),
    (
        2,
        Category.LIGHTING,
        "Кум-Дөбөнүн борбордук көчөсүнө жарык",
        "Освещение центральной улицы Кум-Дебе",
        350_000,
        0,
        None,
    ),
    (3, Category.SCHOOLS, "Бугучу мектебинин чатырын оңдоо", "Ремонт крыши школы в Бугучу", 600_000, 2, None),
    (4, Category.SPORT, "Шамшыда балдар аянтчасы", "Детская площадка в Шамшы", 250_000, 3, None),
    (5, Category.ROADS, "Көпүрөнү калыбына келтирүү", "Восстановление моста", 700_000, 0, None),
    (6, Category.CULTURE, "Маданият үйүнө жабдуулар", "Оборудование для дома культуры", 200_000, 0, None),
)
FINISHED_PROPOSALS = (
    (1, Category.WATER, "Кум-Дөбөдө суу сактагыч", "Резервуар для воды в Кум-Дебе", 800_000, 0, 0.62),
    (2, Category.ROADS, "Ак-Жардагы жолду шагылдоо", "Гравийная дорога в Ак-Джаре", 600_000, 1, 0.48),
    (3, Category.LIGHTING, "Бугучуда көчө жарыгы", "Уличное освещение в Бугучу", 300_000, 2, 0.40),
    (4, Category.HEALTH, "ФАПка жабдуулар", "Оборудование для ФАПа", 450_000, 0, 0.35),
    (5, Category.SPORT, "Спорт аянтчасы", "Спортивная площадка", 500_000, 3, 0.30),
    (6, Category.SCHOOLS, "Бала бакчага эмерек", "Мебель для детского сада", 250_000, 1, 0.28),
    (7, Category.ENVIRONMENT, "Дарак отургузуу", "Посадка деревьев", 100_000, 2, 0.22),
    (8, Category.SOCIAL, "Карылар үчүн борбор", "Центр для пожилых", 700_000, 0, 0.18),
)


DESCRIPTION_KY = "Демилгечи топтун сунушу, жамаат муктаждыктарын биргелешип аныктоонун жыйынтыгында."
DESCRIPTION_RU = "Предложение инициативной группы по итогам совместного изучения нужд."


def _demo_municipality() -> Municipality | None:
    from kenesh.territory import demo as territory_demo

    return cast(
        Municipality | None, Municipality.objects.current().filter(coate=territory_demo.KUM_DOBO).first()
    )


def _office_people(municipality: Municipality) -> list[User]:
    """The demo's staff member and administrator: the two people who type in paper ballots."""
    staff = [
        assignment.user
        for assignment in RoleAssignment.objects.active()
        .filter(role__in=[Role.STAFF, Role.ADMIN])
        .filter(Q(municipality=municipality) | Q(municipality__isnull=True))
        .select_related("user")
        .order_by("role", "pk")
    ]
    unique = list(dict.fromkeys(staff))
    return unique[:2]


def load_demo() -> None:
    municipality = _demo_municipality()
    if municipality is None:
        return
    villages = cast(list[Settlement], list(Settlement.objects.filter(parent=municipality).order_by("coate")))
    people = _office_people(municipality)
    actor = people[0] if people else None
    if not Process.objects.filter(municipality=municipality, title_en=FINISHED_TITLE_EN).exists():
        _finished_process(municipality, villages, people)
    if not Process.objects.filter(municipality=municipality, title_en=OPEN_TITLE_EN).exists():
        _open_process(municipality, villages, actor)


def _process(municipality: Municipality, title: tuple[str, str, str], **fields: Any) -> Process:
    return Process.objects.create(
        municipality=municipality,
        title_ky=title[0],
        title_ru=title[1],
        title_en=title[2],
        **fields,
    )


def _proposals(
    process: Process, rows: tuple[Any, ...], villages: list[Settlement], author: User | None
) -> list[Proposal]:
    proposals = [
        Proposal(
            process=process,
            number=number,
            category=category,
            title_ky=title_ky,
            title_ru=title_ru,
            description_ky=f"{title_ky}. {DESCRIPTION_KY}",
            description_ru=f"{title_ru}. {DESCRIPTION_RU}",
            estimated_cost=Decimal(cost),
            village=villages[village_index] if village_index < len(villages) else None,
            status=ProposalStatus.ON_BALLOT,
            author=author,
            feasibility_note="Техникалык жактан аткарылышы мүмкүн. / Технически выполнимо.",
        )
        for number, category, title_ky, title_ru, cost, village_index, _popularity in rows
    ]
    return Proposal.objects.bulk_create(proposals)


def _phase_log(process: Process, actor: User | None) -> None:
    """The office's phase history, on the days the process's own dates say each phase began.

    So the public page ("voting from ... until ...") and the office's history tell the same story.
    """
    began = (
        (Phase.DRAFT, Phase.PROPOSALS, process.proposals_from),
        (Phase.PROPOSALS, Phase.REVIEW, process.review_from),
        (Phase.REVIEW, Phase.VOTING, process.voting_from),
    )
    PhaseChange.objects.bulk_create(
        [
            PhaseChange(process=process, from_phase=before, to_phase=after, actor=actor, at=at)
            for before, after, at in began
            if at is not None
        ]
    )


@transaction.atomic
def _open_process(municipality: Municipality, villages: list[Settlement], actor: User | None) -> None:
    now = timezone.now()
    process = _process(
        municipality,
        ("Демилгелүү бюджет 2027: Кум-Дөбө", "Инициативный бюджет 2027: Кум-Дебе", OPEN_TITLE_EN),
        description_ky="Жергиликтүү бюджеттин 2 000 000 сому тургундар тандаган долбоорлорго багытталат.",
        description_ru="2 000 000 сомов местного бюджета направляются на проекты, выбранные жителями.",
        description_en="2,000,000 som of the local budget go to the projects residents choose.",
        budget=Decimal(2_000_000),
        phase=Phase.VOTING,
        ballot_format=BallotFormat.APPROVAL,
        min_choices=1,
        max_choices=3,
        allow_change=True,
        comments_enabled=True,
        proposals_from=now - timedelta(days=45),
        review_from=now - timedelta(days=20),
        voting_from=now - timedelta(days=2),
        voting_until=now + timedelta(days=12),
        budget_year=2027,
        created_by=actor,
    )
    citizen = User.objects.filter(phone="+996700000001").first()
    _proposals(process, OPEN_PROPOSALS, villages, citizen)
    Proposal.objects.create(
        process=process,
        number=7,
        category=Category.ROADS,
        title_ky="Райондук жолду асфальттоо",
        title_ru="Асфальтирование районной дороги",
        description_ru="Асфальт на дороге до районного центра.",
        estimated_cost=Decimal(1_900_000),
        status=ProposalStatus.REJECTED,
        rejection_reason_ky=(
            "Райондук жол айыл өкмөтүнүн карамагында эмес: кайрылуу райондук администрацияга жөнөтүлдү."
        ),
        rejection_reason_ru=(
            "Районная дорога не в ведении айыл окмоту: обращение передано в районную администрацию."
        ),
        author=citizen,
    )
    Proposal.objects.create(
        process=process,
        number=8,
        category=Category.LIGHTING,
        title_ru="Фонари на центральной улице",
        description_ru="Поставить фонари на главной улице.",
        estimated_cost=Decimal(300_000),
        status=ProposalStatus.MERGED,
        merged_into=process.proposals.get(number=2),
        author=citizen,
    )
    _phase_log(process, actor)


@transaction.atomic
def _finished_process(municipality: Municipality, villages: list[Settlement], people: list[User]) -> None:
    actor = people[0] if people else None
    now = timezone.now()
    start = now - timedelta(days=200)
    process = _process(
        municipality,
        ("Демилгелүү бюджет 2026: Кум-Дөбө", "Инициативный бюджет 2026: Кум-Дебе", FINISHED_TITLE_EN),
        description_ky="Донордун гранты: 2 000 000 сом. Тургундар 8 долбоордун ичинен тандашты.",
        description_ru="Грант донора: 2 000 000 сомов. Жители выбирали из 8 проектов.",
        description_en="A donor grant of 2,000,000 som. Residents chose among 8 projects.",
        budget=Decimal(2_000_000),
        funding="donor_grant",
        donor_name_ky="Швейцариянын өнүктүрүү жана кызматташтык агенттиги (SDC)",
        donor_name_ru="Швейцарское управление по развитию и сотрудничеству (SDC)",
        donor_name_en="Swiss Agency for Development and Cooperation (SDC)",
        phase=Phase.VOTING,
        ballot_format=BallotFormat.APPROVAL,
        min_choices=1,
        max_choices=4,
        proposals_from=start,
        review_from=start + timedelta(days=30),
        voting_from=start + timedelta(days=50),
        voting_until=start + timedelta(days=64),
        results_from=start + timedelta(days=66),
        budget_year=2026,
        created_by=actor,
    )
    proposals = _proposals(process, FINISHED_PROPOSALS, villages, None)
    _phase_log(process, actor)
    _synthetic_ballots(process, proposals, villages, people, voting_day=(start + timedelta(days=55)).date())
    _count_and_publish(process, actor)


def _synthetic_ballots(
    process: Process,
    proposals: list[Proposal],
    villages: list[Settlement],
    people: list[User],
    voting_day: Any,
) -> None:
    rng = random.Random(SEED)  # noqa: S311 - synthetic demo data, seeded on purpose
    popularity = {row[0]: row[6] for row in FINISHED_PROPOSALS}
    by_number = {p.number: p for p in proposals}
    ages = [AgeGroup.Y16_17, AgeGroup.Y18_29, AgeGroup.Y30_44, AgeGroup.Y45_59, AgeGroup.Y60_PLUS]
    age_weights = [4, 26, 30, 24, 16]
    channels: list[str] = []
    for shared_channel, share in CHANNEL_SHARES:
        channels += [shared_channel] * round(FINISHED_BALLOTS * share)
    ballots: list[Ballot] = []
    choices: list[BallotChoice] = []
    participations: list[Participation] = []
    codes: list[VotingCode] = []
    papers: list[PaperBallot] = []
    entries: list[PaperEntry] = []
    voted_at = timezone.make_aware(datetime.datetime.combine(voting_day, datetime.time(12)))
    desk = _desk_register(process, channels, people, voted_at)
    by_sms: list[list[int]] = []
    for index, channel in enumerate(channels):
        numbers = [n for n in sorted(popularity) if rng.random() < popularity[n]]
        if not numbers:
            numbers = [rng.choice(sorted(popularity))]
        numbers = numbers[: process.max_choices or len(numbers)]
        if channel == Channel.SMS and len(by_sms) < SMS_THROUGH_GATEWAY:
            by_sms.append(numbers)
            continue
        # Code and paper voters were recorded at the desk, as the desk records them today.
        identity = desk[index].identity_key if index in desk else f"demo:{SEED}:{index}"
        if channel == Channel.CODE:
            code = VotingCode(
                process=process,
                code_hash=hashlib.sha256(f"demo-code:{SEED}:{index}".encode()).hexdigest(),
                holder=desk[index],
                used_at=voted_at,
                created_by=people[0] if people else None,
            )
            codes.append(code)
        ballot = Ballot(
            process=process,
            channel=channel,
            voter_key=voter_key_of(identity),
            village=rng.choice(villages) if villages else None,
            sex=rng.choice(["f", "m", "f", "m", ""]),
            age_group=rng.choices(ages, weights=age_weights)[0],
            created_at=voting_day,
        )
        ballots.append(ballot)
        choices += [BallotChoice(ballot=ballot, proposal=by_number[n]) for n in numbers]
        participations.append(Participation(process=process, user=None, channel=channel, voted_at=voted_at))
        if channel == Channel.PAPER and len(people) >= 2:
            paper = PaperBallot(
                process=process,
                serial=f"KD-{len(papers) + 1:04d}",
                status=PaperStatus.MATCHED,
                ballot=ballot,
                voter_key=ballot.voter_key,
            )
            papers.append(paper)
            reading = {str(n): 1 for n in numbers}
            entries += [PaperEntry(paper=paper, entered_by=person, choices=reading) for person in people[:2]]
    Ballot.objects.bulk_create(ballots, batch_size=500)
    BallotChoice.objects.bulk_create(choices, batch_size=1000)
    Participation.objects.bulk_create(participations, batch_size=500)
    VotingCode.objects.bulk_create(codes, batch_size=500)
    PaperBallot.objects.bulk_create(papers, batch_size=500)
    PaperEntry.objects.bulk_create(entries, batch_size=500)
    _sms_votes(process, by_sms, villages, voted_at)


def _sms_votes(process: Process, ballots: list[list[int]], villages: list[Settlement], voted_at: Any) -> None:
    """Residents with verified phones vote by texting "VOTE 1 3 5" to the gateway, as a real voter does.

    The messages, replies, ballots and participations are then dated on the voting day.
    """
    phones = [f"+99670090{index:04d}" for index in range(len(ballots))]
    for index, (phone, numbers) in enumerate(zip(phones, ballots, strict=True)):
        User.objects.create_user(
            phone,
            None,
            full_name=f"Demo SMS voter {index + 1}",
            preferred_language="ky" if index % 3 else "ru",
            municipality=process.municipality,
            village=villages[index % len(villages)] if villages else None,
            age_group=AgeGroup.Y30_44,
            phone_verified_at=voted_at,
            resident_verified_at=voted_at,
            resident_verified_for=process.municipality,
        )
        sms_receive(sender=phone, text="VOTE " + " ".join(str(number) for number in numbers))
    InboundSms.objects.filter(sender__in=phones).update(received_at=voted_at)
    OutboundSms.objects.filter(to__in=phones).update(created_at=voted_at)
    # By the voters' ids, not a join on their phones: on a freshly filled PostgreSQL database (no statistics
    # yet) the join's plan took minutes.
    voters = list(User.objects.filter(phone__in=phones).values_list("pk", flat=True))
    Participation.objects.filter(process=process, user_id__in=voters).update(voted_at=voted_at)
    Ballot.objects.filter(process=process, channel=Channel.SMS).update(created_at=voted_at.date())


def _desk_register(
    process: Process, channels: list[str], people: list[User], issued_at: Any
) -> dict[int, DeskVoter]:
    """A register entry (by a synthetic 14-digit PIN) for every code and paper voter, by ballot index."""
    credentials: dict[str, str] = {Channel.CODE: Credential.CODE, Channel.PAPER: Credential.PAPER}
    entries = {
        index: DeskVoter(
            process=process,
            pin_hash=pin_hash(process=process, pin=f"2{SEED:06d}{index:07d}"),
            full_name=f"Demo voter {index + 1}",
            credential=credentials[channel],
            issued_by=people[0] if people else None,
            issued_at=issued_at,
        )
        for index, channel in enumerate(channels)
        if channel in credentials
    }
    DeskVoter.objects.bulk_create(entries.values())
    return entries


def _count_and_publish(process: Process, actor: User | None) -> None:
    """Close the vote, count it and publish the result (as staff would, without the task queue)."""
    if actor is None:
        return
    process_phase_move(actor=actor, process=process, to_phase=Phase.COUNTING)
    result = Result.objects.create(process=process, rule=process.rule)
    result_compute(result)
    result_publish(actor=actor, result=result)
    # The moves just made are dated by the process's calendar, as if staff had made them on those days.
    PhaseChange.objects.filter(process=process, to_phase=Phase.COUNTING).update(at=process.voting_until)
    if process.results_from is not None:
        PhaseChange.objects.filter(process=process, to_phase=Phase.RESULTS).update(at=process.results_from)
        Result.objects.filter(pk=result.pk).update(published_at=process.results_from)
