"""The portal's homes in Kyrgyz and Russian (one translation), the five thematic directions, and on
PostgreSQL the GIN index of the folded search text (the expression kenesh.portal.selectors queries)."""

import uuid

from django.db import migrations

THEMES = [
    (
        "services",
        "ЖӨБдүн кызмат көрсөтүүлөрү",
        "Услуги МСУ",
        "Суу, таштанды, эс алуу жана башка жергиликтүү кызматтар.",
        "Вода, отходы, отдых и другие местные услуги.",
    ),
    (
        "finance",
        "ЖӨБдүн финансысы",
        "Финансы МСУ",
        "Комментарийлер, көйгөйлөрдү чечүү, бюджеттер аралык мамилелер.",
        "Комментарии, решение проблем, межбюджетные отношения.",
    ),
    (
        "staff",
        "ЖӨБдүн кадрлары",
        "Кадры МСУ",
        "Муниципалдык кызмат, окутуу, квалификацияны жогорулатуу.",
        "Муниципальная служба, обучение, повышение квалификации.",
    ),
    (
        "resources",
        "ЖӨБдүн ресурстары",
        "Ресурсы МСУ",
        "Жер, жер казынасы, инвестициялар.",
        "Земля, недра, инвестиции.",
    ),
    (
        "participation",
        "Жарандардын ЖӨБгө катышуусу",
        "Участие граждан в МСУ",
        "Биргелешкен аракеттер, ийгиликтин тарыхтары.",
        "Совместные действия, истории успеха.",
    ),
]


def create_homes_and_themes(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Locale = apps.get_model("wagtailcore.Locale")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    PortalHomePage = apps.get_model("portal.PortalHomePage")
    Theme = apps.get_model("portal.Theme")

    for position, (slug, name_ky, name_ru, description_ky, description_ru) in enumerate(THEMES):
        Theme.objects.get_or_create(
            slug=slug,
            defaults={
                "name_ky": name_ky,
                "name_ru": name_ru,
                "description_ky": description_ky,
                "description_ru": description_ru,
                "position": position,
            },
        )

    if PortalHomePage.objects.exists():
        return
    # Wagtail's own "Welcome" page and the site that points to it give way to the portal's homes.
    welcome_type = ContentType.objects.filter(app_label="wagtailcore", model="page").first()
    Page.objects.filter(depth=2, content_type=welcome_type).delete()
    root = Page.objects.filter(depth=1).order_by("path").first()
    if root is None:
        return
    Site.objects.all().delete()
    ky, _created = Locale.objects.get_or_create(language_code="ky")
    ru, _created = Locale.objects.get_or_create(language_code="ru")
    home_type, _created = ContentType.objects.get_or_create(app_label="portal", model="portalhomepage")
    key = uuid.uuid4()
    existing = Page.objects.filter(depth=2).count()
    homes = []
    for offset, (locale, title, slug) in enumerate(
        [(ky, "Билим порталы", "portal"), (ru, "Портал знаний", "portal-ru")], start=existing + 1
    ):
        homes.append(
            PortalHomePage.objects.create(
                title=title,
                draft_title=title,
                slug=slug,
                content_type=home_type,
                path=f"{root.path}{offset:04d}",
                depth=2,
                numchild=0,
                url_path=f"/{slug}/",
                locale=locale,
                translation_key=key,
                live=True,
            )
        )
    Page.objects.filter(pk=root.pk).update(numchild=existing + 2)
    Site.objects.create(hostname="localhost", port=80, root_page_id=homes[0].pk, is_default_site=True,
                        site_name="Kenesh")


def add_search_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from django.contrib.postgres.indexes import GinIndex
    from django.contrib.postgres.search import SearchVector

    schema_editor.add_index(
        apps.get_model("portal", "PortalItem"),
        GinIndex(SearchVector("search_text", config="russian"), name="portal_item_search"),
    )


def remove_search_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS portal_item_search")


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0001_initial"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_homes_and_themes, migrations.RunPython.noop),
        migrations.RunPython(add_search_index, remove_search_index),
    ]
