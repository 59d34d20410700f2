"""The portal's demo: an item of every type, each in Kyrgyz and Russian, across the five directions, and two
issues of the "Municipalitet" journal whose contents link to them.

Among them a best practice on a village's drinking-water supply (Kum-Dobo, the territory demo's
municipality) and a legal consultation about public hearings (for subscribers). Each issue has a cover
(a PNG drawn here with Pillow) and a full PDF (WeasyPrint), for subscribers. Loads once.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from io import BytesIO
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.utils.html import escape
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from kenesh.portal import services
from kenesh.portal.models import (
    BestPracticePage,
    ExpertArticlePage,
    JournalIssuePage,
    JournalTocEntry,
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

    portal_ensure()
    if not PortalItem.objects.exists():
        _items_load()
    if not JournalIssuePage.objects.exists():
        _journal_load()


def _items_load() -> None:
    from kenesh.territory import demo as territory_demo

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


# (number, year, publication date, Kyrgyz title and summary, Russian ones, contents: (article slug or a
# plain title in Kyrgyz and Russian, page))
ISSUES: list[tuple[int, int, datetime.date, tuple[str, str], tuple[str, str], list[tuple[Any, int]]]] = [
    (
        1,
        2026,
        datetime.date(2026, 3, 16),
        (
            "«Муниципалитет» журналы, 2026, № 1",
            "Суу, бюджет боюнча угуулар жана тегиздөөчү гранттар.",
        ),
        (
            "Журнал «Муниципалитет», 2026, № 1",
            "Вода, слушания по бюджету и выравнивающие гранты.",
        ),
        [
            (("Редактордон", "От редакции"), 2),
            ("kum-dobo-drinking-water", 4),
            ("public-hearings-on-the-budget", 10),
            ("equalization-grants-study", 14),
            (("Окурмандардын каттары", "Письма читателей"), 22),
        ],
    ),
    (
        2,
        2026,
        datetime.date(2026, 6, 15),
        (
            "«Муниципалитет» журналы, 2026, № 2",
            "Муниципалдык кызмат, жер жана таштанды, жердештердин окуялары.",
        ),
        (
            "Журнал «Муниципалитет», 2026, № 2",
            "Муниципальная служба, земля и отходы, истории земляков.",
        ),
        [
            ("municipal-service-law-changes", 3),
            ("land-tax-exemptions", 6),
            ("pasture-and-land-investment", 9),
            ("ministry-comment-on-waste", 13),
            ("teacher-who-returned", 18),
        ],
    ),
]


def cover_png(number: int, year: int) -> bytes:
    """A small cover: the journal's colour band, the year and the number (Pillow's own font has no
    Cyrillic, so the name is in Latin letters)."""
    from PIL import Image as PillowImage
    from PIL import ImageDraw

    picture = PillowImage.new("RGB", (300, 424), (246, 243, 236))
    draw = ImageDraw.Draw(picture)
    draw.rectangle((0, 0, 300, 96), fill=(0, 94, 120))
    draw.text((20, 36), "MUNICIPALITET", fill=(255, 255, 255))
    draw.rectangle((20, 140, 280, 330), outline=(0, 94, 120), width=4)
    draw.text((40, 360), f"{year}  No. {number}", fill=(30, 30, 30))
    buffer = BytesIO()
    picture.save(buffer, format="PNG")
    return buffer.getvalue()


def issue_pdf(title: str, lines: list[str]) -> bytes:
    """A short full issue as a PDF (WeasyPrint): the title and the contents."""
    from kenesh.budgets.pdf import render_pdf

    items = "".join(f"<li>{escape(line)}</li>" for line in lines)
    html = (
        '<!doctype html><html lang="ky"><head><meta charset="utf-8"><title>'
        f"{escape(title)}</title></head><body><h1>{escape(title)}</h1><ol>{items}</ol></body></html>"
    )
    return render_pdf(html)


def _journal_load() -> None:
    items = {item.slug: item for item in PortalItem.objects.filter(locale__language_code="ky")}
    Image = get_image_model()
    Document = get_document_model()
    for number, year, published_on, (title_ky, summary_ky), (title_ru, summary_ru), contents in ISSUES:
        cover = Image(
            title=f"Municipalitet {year} No. {number}",
            file=ImageFile(BytesIO(cover_png(number, year)), name=f"municipalitet-{year}-{number}.png"),
        )
        cover.save()
        titles = [
            items[entry].title if isinstance(entry, str) and entry in items else str(entry[0])
            for entry, _page in contents
        ]
        pdf = Document(
            title=title_ky,
            file=ContentFile(issue_pdf(title_ky, titles), name=f"municipalitet-{year}-{number}.pdf"),
        )
        pdf._set_document_file_metadata()
        pdf.save()
        entries = [
            JournalTocEntry(article=items[entry], page_number=page)
            if isinstance(entry, str)
            else JournalTocEntry(title=entry[0], page_number=page)
            for entry, page in contents
            if not isinstance(entry, str) or entry in items
        ]
        issue = services.issue_publish(
            page=JournalIssuePage(
                title=title_ky,
                slug=f"{year}-{number}",
                number=number,
                year=year,
                published_on=published_on,
                cover=cover,
                pdf=pdf,
                summary=summary_ky,
            ),
            language="ky",
            entries=entries,
        )
        plain = {entry[0]: entry[1] for entry, _page in contents if not isinstance(entry, str)}
        services.issue_translate(
            issue=issue, language="ru", plain_titles=plain, title=title_ru, summary=summary_ru
        )
