"""The portal's demo: an item of every type, each in Kyrgyz and Russian, across the five directions.

Among them a best practice on a village's drinking-water supply (Kum-Dobo, the territory demo's
municipality) and a legal consultation about public hearings (for subscribers). Loads once.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from kenesh.portal import services
from kenesh.portal.models import (
    BestPracticePage,
    ExpertArticlePage,
    LegalConsultationPage,
    LegislationNewsPage,
    LsgQuestionPage,
    PortalItem,
    ResearchPage,
    StateCommentPage,
    StoryPage,
    Theme,
)
from kenesh.territory.models import Municipality


def _body(text: str) -> list[dict[str, Any]]:
    return [{"type": "paragraph", "value": "".join(f"<p>{line}</p>" for line in text.split("\n"))}]


# (page class, slug, themes, uses the demo municipality, date, Kyrgyz fields, Russian fields)
ITEMS: list[
    tuple[type[PortalItem], str, tuple[str, ...], bool, datetime.date, dict[str, Any], dict[str, Any]]
] = [
    (
        BestPracticePage,
        "kum-dobo-drinking-water",
        ("services", "participation"),
        True,
        datetime.date(2025, 9, 12),
        {
            "title": "Кум-Добо айылына таза ичүүчү суу келди",
            "summary": "Айыл өкмөтү, жамаат жана донор биргелешип 4 чакырым суу түтүгүн тартышты; "
            "350 үй-бүлө үйүнүн жанынан таза суу алат.",
            "problem": "<p>Айылдын жарымы арыктан же 2 чакырым алыстагы булактан суу ташычу. "
            "Жайында ичеги-карын ооруларынын саны көбөйчү.</p>",
            "actions": "<p>Жамаат муктаждыктарын биргелешип аныктоодо суу биринчи орунга чыкты. "
            "Демилгечи топ долбоор түздү, жамаат эмгеги жана акчасы менен салым кошту, "
            "айыл өкмөтү бюджеттен түтүк сатып алды, суу колдонуучулар ассоциациясы түзүлдү.</p>",
            "results": "<p>350 үй-бүлө, 1 800дөн ашык адам таза сууга ээ болду; "
            "суу үчүн төлөм чогултулуп, тейлөө ассоциация аркылуу жүрөт.</p>",
            "contacts": "Кум-Добо айыл өкмөтү, +996 3535 5 12 34",
            "cost_som": Decimal("2450000"),
            "body": _body("Ийгиликтин ачкычы — жамааттын ишеними жана ачык эсеп-кысап."),
            "tags": ["суу", "демилгечи топ"],
        },
        {
            "title": "Чистая питьевая вода пришла в село Кум-Добо",
            "summary": "Айыл окмоту, жители и донор вместе проложили 4 км водопровода; "
            "350 семей получают чистую воду у своего дома.",
            "problem": "<p>Половина села носила воду из арыка или из родника за 2 км. "
            "Летом росло число кишечных инфекций.</p>",
            "actions": "<p>На совместном изучении нужд вода вышла на первое место. "
            "Инициативная группа подготовила проект, жители внесли вклад трудом и деньгами, "
            "айыл окмоту закупил трубы за счёт бюджета, создана ассоциация водопользователей.</p>",
            "results": "<p>Более 1 800 человек в 350 семьях получили чистую воду; "
            "плата за воду собирается, обслуживание ведёт ассоциация.</p>",
            "contacts": "Айыл окмоту Кум-Добо, +996 3535 5 12 34",
            "body": _body("Ключ к успеху — доверие жителей и открытая отчётность."),
        },
    ),
    (
        LegalConsultationPage,
        "public-hearings-on-the-budget",
        ("finance", "participation"),
        False,
        datetime.date(2025, 6, 3),
        {
            "title": "Бюджет боюнча коомдук угууларды кантип өткөрүү керек?",
            "summary": "Угууларды ким чакырат, жашоочуларга кантип кабарлоо керек "
            "жана сунуштарга ким жооп берет.",
            "question": "Айыл өкмөтү бюджеттин долбоору боюнча коомдук угууларды өткөрүүгө милдеттүүбү?",
            "answer": "<p>Ооба. Жергиликтүү бюджеттин долбоору айылдык кеңеш бекиткенге чейин коомдук "
            "угууларга коюлат. Жашоочулар угуу тууралуу алдын ала кабарланат, материалдар жарыяланат, "
            "ар бир сунушка расмий жооп берилет жана протокол түзүлөт.</p>",
            "expert": "Юрист-эксперт",
            "law_references": "«Жергиликтүү мамлекеттик администрация жана жергиликтүү өз алдынча "
            "башкаруу органдары жөнүндө» Мыйзам\nБюджеттик кодекс",
            "subscriber_only": True,
        },
        {
            "title": "Как проводить общественные слушания по бюджету?",
            "summary": "Кто созывает слушания, как извещать жителей и кто отвечает на предложения.",
            "question": "Обязан ли айыл окмоту проводить общественные слушания по проекту бюджета?",
            "answer": "<p>Да. Проект местного бюджета выносится на общественные слушания до его "
            "утверждения айылным кенешем. Жителей заранее извещают, материалы публикуются, на каждое "
            "предложение даётся официальный ответ, составляется протокол.</p>",
            "expert": "Юрист-эксперт",
            "law_references": "Закон «О местной государственной администрации и органах местного "
            "самоуправления»\nБюджетный кодекс",
        },
    ),
    (
        LsgQuestionPage,
        "land-tax-exemptions",
        ("finance", "resources"),
        False,
        datetime.date(2025, 4, 18),
        {
            "title": "Жер салыгы боюнча жеңилдиктерди ким белгилейт?",
            "summary": "Айыл өкмөтүнүн суроосу жана жооп.",
            "asked_by": "Чүй облусундагы айыл өкмөтү",
            "question": "Айылдык кеңеш жер салыгынын ставкасын өз алдынча азайта алабы?",
            "answer": "<p>Ставкалар Салык кодексинде белгиленет; кеңеш мыйзам берген чектерде гана "
            "чечим кабыл алат.</p>",
        },
        {
            "title": "Кто устанавливает льготы по земельному налогу?",
            "summary": "Вопрос айыл окмоту и ответ.",
            "asked_by": "Айыл окмоту Чуйской области",
            "question": "Может ли айылный кенеш самостоятельно снизить ставку земельного налога?",
            "answer": "<p>Ставки устанавливает Налоговый кодекс; кенеш решает только в пределах, "
            "которые даёт закон.</p>",
        },
    ),
    (
        LegislationNewsPage,
        "municipal-service-law-changes",
        ("staff",),
        False,
        datetime.date(2025, 2, 10),
        {
            "title": "Муниципалдык кызмат жөнүндө мыйзамга өзгөртүүлөр",
            "summary": "Муниципалдык кызматкерлерди аттестациялоонун жаңы тартиби күчүнө кирди.",
            "body": _body("Аттестация эми үч жылда бир жолу өтөт; окутуу сааттары эсепке алынат."),
        },
        {
            "title": "Изменения в законе о муниципальной службе",
            "summary": "Вступил в силу новый порядок аттестации муниципальных служащих.",
            "body": _body("Аттестация теперь проходит раз в три года; учитываются часы обучения."),
        },
    ),
    (
        ResearchPage,
        "equalization-grants-study",
        ("finance",),
        False,
        datetime.date(2024, 11, 5),
        {
            "title": "Тегиздөөчү гранттар: 2020–2024-жылдардагы изилдөө",
            "summary": "Тегиздөөчү гранттар айыл аймактарынын кирешелерин кантип өзгөрттү.",
            "authors": "ӨСИ изилдөө тобу",
            "body": _body("Изилдөө 120 айыл аймагынын бюджеттерин салыштырат."),
        },
        {
            "title": "Выравнивающие гранты: исследование 2020–2024 годов",
            "summary": "Как выравнивающие гранты изменили доходы айылных аймаков.",
            "authors": "Исследовательская группа ИПР",
            "body": _body("Исследование сравнивает бюджеты 120 айылных аймаков."),
        },
    ),
    (
        StateCommentPage,
        "ministry-comment-on-waste",
        ("services",),
        False,
        datetime.date(2025, 7, 22),
        {
            "title": "Министрликтин таштандыны чыгаруу боюнча комментарийи",
            "summary": "Катуу тиричилик калдыктары үчүн тарифтерди эсептөө тууралуу түшүндүрмө.",
            "state_body": "Кыргыз Республикасынын Министрлиги",
            "body": _body("Тариф чыгымдарга негизделип, коомдук угууда талкууланышы керек."),
        },
        {
            "title": "Комментарий министерства о вывозе отходов",
            "summary": "Разъяснение о расчёте тарифов на вывоз твёрдых бытовых отходов.",
            "state_body": "Министерство Кыргызской Республики",
            "body": _body("Тариф должен основываться на затратах и обсуждаться на общественных слушаниях."),
        },
    ),
    (
        ExpertArticlePage,
        "pasture-and-land-investment",
        ("resources",),
        False,
        datetime.date(2025, 3, 14),
        {
            "title": "Жер жана инвестиция: айыл аймагы эмнеден баштайт",
            "summary": "Муниципалдык жерди ижарага берүүнүн ачык тартиби инвестор тартат.",
            "author": "Эксперт",
            "body": _body("Ачык аукцион жана жарыяланган келишимдер ишенимди бекемдейт."),
        },
        {
            "title": "Земля и инвестиции: с чего начать айылному аймаку",
            "summary": "Открытый порядок аренды муниципальной земли привлекает инвестора.",
            "author": "Эксперт",
            "body": _body("Открытый аукцион и опубликованные договоры укрепляют доверие."),
        },
    ),
    (
        StoryPage,
        "teacher-who-returned",
        ("staff", "participation"),
        True,
        datetime.date(2025, 8, 30),
        {
            "title": "Айылга кайтып келген мугалим",
            "summary": "Бишкектен кайтып келген жердешибиз жаштар үчүн компьютер ийримин ачты.",
            "body": _body("Айылдык кеңеш бош имаратты берди, жамаат оңдоп берди."),
        },
        {
            "title": "Учитель, который вернулся в село",
            "summary": "Наш земляк вернулся из Бишкека и открыл компьютерный кружок для молодёжи.",
            "body": _body("Айылный кенеш выделил пустующее здание, жители его отремонтировали."),
        },
    ),
]


def load_demo() -> None:
    from kenesh.portal.setup import portal_ensure
    from kenesh.territory import demo as territory_demo

    portal_ensure()
    if PortalItem.objects.exists():
        return
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    municipality = Municipality.objects.current().filter(coate=territory_demo.KUM_DOBO).first()
    for page_class, slug, theme_slugs, local, published_on, ky, ru in ITEMS:
        ky = dict(ky)
        ru = dict(ru)
        tags = ky.pop("tags", [])
        subscriber_only = ky.pop("subscriber_only", False)
        places = [municipality] if local and municipality is not None else []
        fields: dict[str, Any] = {
            "slug": slug,
            "published_on": published_on,
            "subscriber_only": subscriber_only,
        }
        if page_class is BestPracticePage and places:
            fields["municipality"] = municipality
        item = services.item_publish(
            page=page_class(**fields, **ky),
            language="ky",
            themes=[themes[name] for name in theme_slugs if name in themes],
            municipalities=places,
            tags=tags,
        )
        services.item_translate(item=item, language="ru", **ru)
