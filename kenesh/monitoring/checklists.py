"""The shipped checklist templates: one per kind of object, and one per service where it differs. They are
data: the migration loads them once, administrators edit them in the office afterwards; `checklists_ensure`
adds any that are missing (the demo calls it, so a flushed test database gets them back)."""

from __future__ import annotations

TEMPLATES: list[tuple[str, str, str, str, list[tuple[str, str]]]] = [
    (
        "pb_project",
        "",
        "ЖКБ долбоорунун текшерүү баракчасы",
        "Чек-лист проекта ИБ",
        [
            ("Иштер график боюнча жүрүп жатабы", "Работы идут по графику"),
            ("Иштин сапаты", "Качество работ"),
            ("Материалдар сметага туура келеби", "Материалы соответствуют смете"),
            ("Коопсуздук жана тазалык", "Безопасность и порядок на объекте"),
            ("Тургундарга маалымат берилгенби", "Жители проинформированы"),
        ],
    ),
    (
        "plan_item",
        "",
        "Аракеттер планынын иш-чарасынын текшерүү баракчасы",
        "Чек-лист мероприятия плана",
        [
            ("Иш-чара мөөнөтүндө аткарылып жатабы", "Мероприятие выполняется в срок"),
            ("Иштин сапаты", "Качество работ"),
            ("Каражат максатына жараша жумшалдыбы", "Средства расходуются по назначению"),
            ("Тургундарга маалымат берилгенби", "Жители проинформированы"),
        ],
    ),
    (
        "service",
        "",
        "Муниципалдык кызматтын текшерүү баракчасы",
        "Чек-лист муниципальной услуги",
        [
            ("Кызмат үзгүлтүксүз көрсөтүлөбү", "Услуга предоставляется без перебоев"),
            ("Кызматтын сапаты", "Качество услуги"),
            ("Даттанууларга жооп берилеби", "На жалобы отвечают"),
        ],
    ),
    (
        "service",
        "drinking_water",
        "Ичүүчү суу: текшерүү баракчасы",
        "Питьевая вода: чек-лист",
        [
            ("Суу графикке ылайык берилеби", "Вода подаётся по графику"),
            ("Суунун басымы жетиштүүбү", "Напор воды достаточный"),
            ("Суунун тазалыгы (көрүнүшү, жыты)", "Чистота воды (вид, запах)"),
            ("Түтүктөр жана краны бүтүнбү", "Трубы и краны исправны"),
            ("Авариялар тез оңдолобу", "Аварии устраняются быстро"),
        ],
    ),
    (
        "service",
        "waste_collection",
        "Таштанды чыгаруу: текшерүү баракчасы",
        "Вывоз мусора: чек-лист",
        [
            ("Таштанды графикке ылайык чыгарылабы", "Мусор вывозится по графику"),
            ("Контейнер аянтчаларынын абалы", "Состояние контейнерных площадок"),
            ("Талаа таштандылары жокпу", "Нет стихийных свалок"),
        ],
    ),
    (
        "service",
        "street_lighting",
        "Көчө жарыгы: текшерүү баракчасы",
        "Уличное освещение: чек-лист",
        [
            ("Чырактар күйүп турабы", "Фонари горят"),
            ("Жарык жетиштүүбү", "Освещение достаточное"),
        ],
    ),
]


def checklists_ensure() -> None:
    """Create the shipped templates that do not exist (existing ones, edited or not, are left alone)."""
    from kenesh.monitoring.models import ChecklistQuestion, ChecklistTemplate

    for kind, service, name_ky, name_ru, questions in TEMPLATES:
        template, created = ChecklistTemplate.objects.get_or_create(
            kind=kind, service=service, defaults={"name_ky": name_ky, "name_ru": name_ru}
        )
        if created:
            ChecklistQuestion.objects.bulk_create(
                ChecklistQuestion(template=template, text_ky=ky, text_ru=ru, sort_order=index)
                for index, (ky, ru) in enumerate(questions)
            )
