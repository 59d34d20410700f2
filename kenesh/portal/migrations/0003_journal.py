"""The journal's archive: an index page under each portal home (Kyrgyz and Russian, one translation), its
issues with cover, full PDF and an ordered table of contents."""

import uuid

import django.db.models.deletion
import kenesh.portal.models
import modelcluster.fields
import wagtail.contrib.routable_page.models
from django.conf import settings
from django.db import migrations, models

# Wagtail's page tree (django-treebeard's materialised path): four base-36 characters a level.
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
STEP = 4
INDEXES = {"ky": "«Муниципалитет» журналы", "ru": "Журнал «Муниципалитет»"}


def _next_child_path(Page, parent):
    last = (
        Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
        .order_by("-path")
        .values_list("path", flat=True)
        .first()
    )
    number = int(last[-STEP:], 36) + 1 if last else 1
    digits = ""
    for _position in range(STEP):
        number, remainder = divmod(number, 36)
        digits = ALPHABET[remainder] + digits
    return parent.path + digits


def create_journal_indexes(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    PortalHomePage = apps.get_model("portal.PortalHomePage")
    JournalIndexPage = apps.get_model("portal.JournalIndexPage")
    if JournalIndexPage.objects.exists():
        return
    index_type, _created = ContentType.objects.get_or_create(app_label="portal", model="journalindexpage")
    key = uuid.uuid4()
    for home in PortalHomePage.objects.select_related("locale").order_by("path"):
        title = INDEXES.get(home.locale.language_code)
        if title is None:
            continue
        JournalIndexPage.objects.create(
            title=title,
            draft_title=title,
            slug="journal",
            content_type=index_type,
            path=_next_child_path(Page, home),
            depth=home.depth + 1,
            numchild=0,
            url_path=f"{home.url_path}journal/",
            locale_id=home.locale_id,
            translation_key=key,
            live=True,
        )
        Page.objects.filter(pk=home.pk).update(numchild=home.numchild + 1)


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0002_homes_themes_search_index"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [
        migrations.CreateModel(
            name="JournalIndexPage",
            fields=[
                (
                    "page_ptr",
                    models.OneToOneField(
                        auto_created=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        parent_link=True,
                        primary_key=True,
                        serialize=False,
                        to=settings.WAGTAIL_PAGE_MODEL,
                    ),
                ),
                ("intro", models.TextField(blank=True, verbose_name="introduction")),
            ],
            options={
                "verbose_name": "journal archive",
            },
            bases=("wagtailcore.page",),
        ),
        migrations.CreateModel(
            name="JournalIssuePage",
            fields=[
                (
                    "page_ptr",
                    models.OneToOneField(
                        auto_created=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        parent_link=True,
                        primary_key=True,
                        serialize=False,
                        to=settings.WAGTAIL_PAGE_MODEL,
                    ),
                ),
                ("number", models.PositiveSmallIntegerField(verbose_name="issue number")),
                ("year", models.PositiveSmallIntegerField(verbose_name="year")),
                (
                    "published_on",
                    models.DateField(
                        default=kenesh.portal.models.bishkek_today, verbose_name="publication date"
                    ),
                ),
                ("summary", models.TextField(blank=True, verbose_name="summary")),
                (
                    "cover",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="wagtailimages.image",
                        verbose_name="cover",
                    ),
                ),
                (
                    "pdf",
                    models.ForeignKey(
                        blank=True,
                        help_text="For subscribers only: others see how to subscribe.",
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="wagtaildocs.document",
                        verbose_name="full issue (PDF)",
                    ),
                ),
            ],
            options={
                "verbose_name": "journal issue",
                "verbose_name_plural": "journal issues",
            },
            bases=(wagtail.contrib.routable_page.models.RoutablePageMixin, "wagtailcore.page"),
        ),
        migrations.CreateModel(
            name="JournalTocEntry",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("sort_order", models.IntegerField(blank=True, editable=False, null=True)),
                (
                    "title",
                    models.CharField(
                        blank=True,
                        help_text="For an article not in the portal; otherwise the article's own title is shown.",
                        max_length=300,
                        verbose_name="title",
                    ),
                ),
                ("page_number", models.PositiveSmallIntegerField(blank=True, null=True, verbose_name="page")),
                (
                    "article",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="portal.portalitem",
                        verbose_name="article in the portal",
                    ),
                ),
                (
                    "issue",
                    modelcluster.fields.ParentalKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="toc_entries",
                        to="portal.journalissuepage",
                    ),
                ),
            ],
            options={
                "verbose_name": "table of contents entry",
                "ordering": ["sort_order"],
                "abstract": False,
            },
        ),
        migrations.AddIndex(
            model_name="journalissuepage",
            index=models.Index(fields=["year", "number"], name="portal_issue_year_number"),
        ),
        migrations.RunPython(create_journal_indexes, migrations.RunPython.noop),
    ]
