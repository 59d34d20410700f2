"""Demo appeals: a year of them in the three demo municipalities, over the web, SMS and paper.

Answer times are drawn around nine working days on the real calendar, most on time, some late, a few
still open past their deadline (overdue, escalated), one extended with its reason, some redirected. The
year's history is written in bulk (seeded, so every load gives the same appeals: the demo is loaded before
browser tests); three appeals of today go through the real paths: a web appeal with the tracking code
DEMO_CODE, an SMS through the database gateway, and a paper appeal typed in by the demo staff member, who is
the head of Kum-Dobo's body. Loading twice changes nothing.
"""

from __future__ import annotations

import datetime
import io
import random
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from kenesh.accounts.demo import DEMO_PEOPLE, demo_municipality
from kenesh.accounts.models import Role, User
from kenesh.appeals import overdue, services
from kenesh.appeals.codes import ALPHABET
from kenesh.appeals.models import (
    Appeal,
    Appellant,
    Category,
    Channel,
    Counter,
    Event,
    Head,
    Holiday,
    Route,
    Status,
)
from kenesh.appeals.seed import seed
from kenesh.appeals.workdays import calendar_load
from kenesh.messaging.services import sms_receive
from kenesh.pb.photos import photo_clean
from kenesh.territory import demo as territory_demo
from kenesh.territory.models import Municipality, Settlement

SEED = 16
SMS_THROUGH_GATEWAY = 1  # today's SMS appeal, received and answered through kenesh.messaging
PER_MUNICIPALITY = 120
DEMO_CODE = "KENESH2345"  # the web appeal a newcomer can follow at /ky/appeals/track/KENESH2345/
DEMO_PREFIX = (
    "D"  # demo codes start with D, so they never meet a code `code_new` drew (it may, rarely: checked)
)

NAMES = (
    "Айбек Токтосунов",
    "Гүлзат Мамытова",
    "Нурлан Сыдыков",
    "Айпери Жумабаева",
    "Эрлан Осмонов",
    "Салтанат Бообекова",
    "Марат Исаков",
    "Чынара Абдыкадырова",
    "Бектур Алиев",
    "Жамила Курманова",
)

TEXTS: dict[str, tuple[str, ...]] = {
    "drinking-water": (
        "Көчөбүздө үч күндөн бери ичүүчү суу жок.",
        "В нашем квартале вода идёт только ночью.",
        "Суу түтүгү жарылып, суу агып жатат.",
    ),
    "irrigation": (
        "Сугат арыгы тазаланбай калды, суу жетпей жатат.",
        "Просим установить график полива на июль.",
    ),
    "roads": (
        "Мектепке баруучу жолдо чоң чуңкурлар бар.",
        "Мост через арык разрушен, машины не проходят.",
        "Жол жамгырдан кийин баткак болуп калат.",
    ),
    "street-lighting": ("Борбордук көчөдө фонарлар күйбөйт.", "На остановке нет освещения, детям страшно."),
    "waste": ("Таштанды эки жумадан бери чыгарылган жок.", "Просим поставить контейнеры у рынка."),
    "schools": ("Мектептин чатыры агат.", "В школе холодно, котёл не работает."),
    "kindergartens": ("Бала бакчада орун жетишпейт.", "Просим открыть вторую группу в детском саду."),
    "health-posts": ("ФАПта дары-дармек жок.", "Фельдшер бывает только два дня в неделю."),
    "culture-sport": ("Спорт аянтчасы бузулуп калды.", "Просим отремонтировать дом культуры."),
    "social-support": ("Көп балалуу үй-бүлөгө жардам сурайм.", "Пенсионерке нужна помощь с углём на зиму."),
    "jobs": ("Жаштар үчүн жумуш орундары керек.", "Просим объявить о сезонной работе заранее."),
    "other": ("Айыл өкмөтүнүн иш убактысын жарыялап коюңуздар.", "Бродячие собаки у школы."),
}
ANSWERS = (
    "Маселе каралды: иш ушул айдын аягына чейин бүтөт.",
    "Вопрос рассмотрен, работы включены в план на следующий квартал.",
    "Бригада жиберилди, бузулуу оңдолду.",
    "Средства предусмотрены в бюджете на следующий год.",
)
REDIRECT_BODIES = ("Райондук билим берүү бөлүмү", "Райондук ооруканасы", "ГП «Кыргызжолкурулуш»")
WEIGHTS = {
    "drinking-water": 18,
    "irrigation": 10,
    "roads": 16,
    "street-lighting": 8,
    "waste": 9,
    "schools": 7,
    "kindergartens": 5,
    "health-posts": 5,
    "culture-sport": 4,
    "social-support": 8,
    "jobs": 4,
    "other": 6,
}


def _demo_photo() -> SimpleUploadedFile:
    """A small drawn picture of a street lamp at night (the demo ships no photographs)."""
    image = Image.new("RGB", (320, 240), (20, 24, 48))
    draw = ImageDraw.Draw(image)
    draw.rectangle((150, 60, 158, 230), fill=(90, 90, 90))
    draw.rectangle((130, 50, 180, 66), fill=(60, 60, 60))
    draw.rectangle((0, 230, 320, 240), fill=(70, 60, 50))
    output = io.BytesIO()
    image.save(output, format="PNG")
    return SimpleUploadedFile("lamp.png", output.getvalue(), content_type="image/png")


def _staff() -> User | None:
    login = next(person.login for person in DEMO_PEOPLE if person.role == Role.STAFF)
    return User.objects.filter(email=login).first()


def _moment(day: datetime.date, rng: random.Random) -> datetime.datetime:
    naive = datetime.datetime.combine(day, datetime.time(9 + rng.randrange(8), rng.randrange(60)))
    return timezone.make_aware(naive)


def _code(rng: random.Random) -> str:
    return DEMO_PREFIX + "".join(rng.choice(ALPHABET) for _ in range(9))


def load_demo() -> None:
    with transaction.atomic():
        seed(Category, Holiday)
        coates = [territory_demo.KUM_DOBO, territory_demo.SEMIZ_BEL, territory_demo.KARA_SUU]
        municipalities = list(Municipality.objects.current().filter(coate__in=coates).order_by("coate"))
        if not municipalities or Appeal.objects.filter(municipality__in=municipalities).exists():
            return
        staff = _staff()
        home = demo_municipality()
        if staff is not None:
            Head.objects.get_or_create(municipality=home, defaults={"person": staff})
            for slug in ("drinking-water", "roads", "irrigation"):
                Route.objects.get_or_create(
                    municipality=home,
                    category=Category.objects.get(municipality=None, slug=slug),
                    defaults={"person": staff},
                )
        rng = random.Random(SEED)  # noqa: S311 - synthetic demo data, seeded on purpose
        for municipality in municipalities:
            _year_of_appeals(municipality, rng, staff if municipality.pk == home.pk else None)
    _through_the_real_paths(home, staff)


def _year_of_appeals(municipality: Any, rng: random.Random, staff: User | None) -> None:
    calendar = calendar_load()
    today = timezone.localdate()
    categories = {c.slug: c for c in Category.objects.filter(municipality=None)}
    slugs = list(WEIGHTS)
    villages = list(Settlement.objects.filter(parent=municipality))
    received = sorted(today - datetime.timedelta(days=rng.randrange(1, 366)) for _ in range(PER_MUNICIPALITY))
    numbers: dict[int, int] = {}
    appeals: list[Appeal] = []
    extras: list[tuple[dict[str, Any], list[tuple[str, datetime.datetime, str]]]] = []
    for index, day in enumerate(received):
        slug = rng.choices(slugs, weights=[WEIGHTS[s] for s in slugs])[0]
        channel = rng.choices([Channel.WEB, Channel.SMS, Channel.PAPER], weights=[5, 3, 2])[0]
        registered_at = _moment(day, rng)
        year = timezone.localtime(registered_at).year
        numbers[year] = numbers.get(year, 0) + 1
        language = rng.choice(["ky", "ky", "ru"])
        appeal = Appeal(
            municipality=municipality,
            year=year,
            number=numbers[year],
            code=_code(rng),
            channel=channel,
            category=categories[slug],
            village=rng.choice(villages) if villages else None,
            text=rng.choice(TEXTS[slug]),
            publish_text=rng.random() < 0.45,
            language=language,
            received_on=day,
            registered_at=registered_at,
            due_on=calendar.add(day, 14),
            assignee=staff,
            fingerprint=f"demo-{municipality.pk}-{index}",
        )
        events = [("registered", registered_at, "")]
        age = (today - day).days
        roll = rng.random()
        if (age > 30 and roll < 0.06) or (age > 20 and roll < 0.03):
            # Never answered: overdue, escalated the day after the deadline.
            appeal.status = Status.IN_PROGRESS
            events.append(("in_progress", registered_at + datetime.timedelta(days=1), ""))
            appeal.overdue_at = overdue.deadline_moment(appeal.due_on)
            events.append(("overdue", appeal.overdue_at, ""))
        elif age <= 12 or roll > 0.97:
            appeal.status = rng.choice([Status.REGISTERED, Status.IN_PROGRESS])
            if appeal.status == Status.IN_PROGRESS:
                events.append(("in_progress", registered_at + datetime.timedelta(hours=5), ""))
        else:
            days = max(1, min(30, round(rng.triangular(2, 22, 8))))
            answered_on = calendar.add(day, days)
            if answered_on >= today:
                answered_on = today - datetime.timedelta(days=1)
                days = calendar.between(day, answered_on)
            answered_at = _moment(answered_on, rng)
            appeal.answered_at = answered_at
            appeal.answer_working_days = days
            appeal.on_time = answered_on <= appeal.due_on
            events.append(("in_progress", registered_at + datetime.timedelta(days=1), ""))
            if not appeal.on_time:
                appeal.overdue_at = overdue.deadline_moment(appeal.due_on)
                events.append(("overdue", appeal.overdue_at, ""))
            if rng.random() < 0.08:
                appeal.status = Status.REDIRECTED
                appeal.redirected_to = rng.choice(REDIRECT_BODIES)
                events.append(("redirected", answered_at, appeal.redirected_to))
            else:
                appeal.status = Status.ANSWERED
                appeal.answer = rng.choice(ANSWERS)
                events.append(("answered", answered_at, ""))
                if rng.random() < 0.6:
                    appeal.solved = rng.random() < 0.68
                    appeal.solved_marked_at = answered_at + datetime.timedelta(days=2)
                    events.append(("feedback", appeal.solved_marked_at, ""))
            if (today - answered_on).days > 20 and rng.random() < 0.5:
                appeal.status = Status.CLOSED
                appeal.closed_at = answered_at + datetime.timedelta(days=10)
                events.append(("closed", appeal.closed_at, ""))
        contact = {"name": rng.choice(NAMES), "phone": f"+99655{rng.randrange(1000000, 9999999)}"}
        if channel == Channel.PAPER:
            contact["address"] = f"{rng.randrange(1, 90)}-үй"
        appeals.append(appeal)
        extras.append((contact, events))
    Appeal.objects.bulk_create(appeals)
    Appellant.objects.bulk_create(
        Appellant(appeal=appeal, **contact) for appeal, (contact, _e) in zip(appeals, extras, strict=True)
    )
    Event.objects.bulk_create(
        Event(appeal=appeal, kind=kind, at=at, note=note)
        for appeal, (_c, events) in zip(appeals, extras, strict=True)
        for kind, at, note in events
    )
    for year, last in numbers.items():
        Counter.objects.update_or_create(municipality=municipality, year=year, defaults={"last": last})


def _through_the_real_paths(home: Municipality, staff: User | None) -> None:
    """Today's appeals through the service, the SMS gateway and the paper form; one extension."""
    citizen = User.objects.filter(phone=DEMO_PEOPLE[0].login).first()
    web = services.appeal_submit(
        municipality=home,
        channel=Channel.WEB,
        text="Мектептин жанындагы көчө жарыгы бир айдан бери күйбөйт.",
        category=Category.objects.get(municipality=None, slug="street-lighting"),
        contact=services.Contact(user=citizen) if citizen else services.Contact(phone="+996700000001"),
        publish_text=True,
        language="ky",
    ).appeal
    if not Appeal.objects.filter(code=DEMO_CODE).exists():
        web.code = DEMO_CODE
    web.photo.save("photo.jpg", photo_clean(_demo_photo()), save=False)
    web.save(update_fields=["code", "photo"])
    sms_receive(sender="+996555123456", text=f"ARYZ {home.name_ky}: суу түтүгү жарылды, көчө суу болду")
    if staff is not None:
        paper = services.appeal_submit(
            municipality=home,
            channel=Channel.PAPER,
            text="Прошу выделить уголь на зиму, я пенсионерка.",
            category=Category.objects.get(municipality=None, slug="social-support"),
            contact=services.Contact(name="Бүбүсара Эсенова", address="Ленин көчөсү, 12"),
            language="ru",
            actor=staff,
        ).appeal
        services.appeal_take(actor=staff, appeal=paper)
        services.appeal_extend(
            actor=staff,
            appeal=paper,
            reason="Көмүр бөлүштүрүү тизмеси райондук социалдык өнүктүрүү бөлүмүндө.",
        )
