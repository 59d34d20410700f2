"""The portal's content: thematic directions (data), the portal home of each language, and its items.

Every item is a Wagtail page under the portal home of its language; its Kyrgyz and Russian versions are
the same page translated (one `translation_key`). `PortalItem` holds what every type shares (summary, body,
themes, tags, municipalities, date, the folded search text); each type adds its own fields. Items link to
Kenesh's own data (a PB project, an action-plan item) by address, so no app below the portal knows of it.
"""

# Wagtail's Page is untyped (ignore_missing_imports): mypy cannot infer the fields of its subclasses.
# mypy: disable-error-code="var-annotated"

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model
from wagtail.images.blocks import ImageChooserBlock
from wagtail.models import Collection, Orderable, Page
from wagtail.search import index

from kenesh.portal import journal
from kenesh.portal.folding import SEARCH_CONFIG, fold
from kenesh.portal.permissions import may_read_subscriber_content
from kenesh.territory.models import Level

RICH_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]


def bishkek_today() -> datetime.date:
    return timezone.localdate()


class Theme(models.Model):
    """A thematic direction (LSG services, finance, staff, resources, participation), edited as data."""

    slug = models.SlugField(_("address name"), max_length=60, unique=True)
    name_ky = models.CharField(_("name in Kyrgyz"), max_length=120)
    name_ru = models.CharField(_("name in Russian"), max_length=120)
    description_ky = models.TextField(_("description in Kyrgyz"), blank=True)
    description_ru = models.TextField(_("description in Russian"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    panels = [
        FieldPanel("slug"),
        FieldPanel("name_ky"),
        FieldPanel("name_ru"),
        FieldPanel("description_ky"),
        FieldPanel("description_ru"),
        FieldPanel("position"),
    ]

    class Meta:
        ordering = ["position", "slug"]
        verbose_name = _("thematic direction")
        verbose_name_plural = _("thematic directions")

    def __str__(self) -> str:
        return self.name_ru or self.name_ky


class Kind(models.TextChoices):
    BEST_PRACTICE = "best_practice", _("Best practice")
    LEGAL_CONSULTATION = "legal_consultation", _("Legal consultation")
    LSG_QUESTION = "lsg_question", _("Question from an LSG body")
    LEGISLATION_NEWS = "legislation_news", _("Legislation news")
    RESEARCH = "research", _("Research")
    STATE_COMMENT = "state_comment", _("Comment of a state body")
    EXPERT_ARTICLE = "expert_article", _("Expert article")
    STORY = "story", _("Story of fellow countrymen")


class BodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(features=RICH_FEATURES, label=_("Text"))
    image = ImageChooserBlock(label=_("Image"), template="portal/blocks/image.html")
    quote = blocks.BlockQuoteBlock(label=_("Quote"))
    document = DocumentChooserBlock(label=_("Document (PDF)"), template="portal/blocks/document.html")


class LanguageFallbackPage(Page):
    """A page made once in each language (the portal's home, the journal's archive), whose children are
    reached under it even when they exist only in the other language (not yet translated; their pages
    show the language mark)."""

    class Meta:
        abstract = True

    def children_model(self) -> Any:
        """The page model of the children looked for in the other language."""
        raise NotImplementedError

    @classmethod
    def for_language(cls, language: str) -> Any:
        """The page in `language`, else any of them (None when there is none)."""
        pages = list(cls.objects.live().select_related("locale"))
        for page in pages:
            if page.locale.language_code == language:
                return page
        return pages[0] if pages else None

    def route(self, request: Any, path_components: list[str]) -> Any:
        """This language's child, else the other language's child of the same address."""
        from django.http import Http404

        try:
            return super().route(request, path_components)
        except Http404:
            if not path_components:
                raise
            other = (
                self.children_model()
                .objects.live()
                .public()
                .filter(slug=path_components[0], depth=self.depth + 1)
                .exclude(locale_id=self.locale_id)
                .first()
            )
            if other is None:
                raise
            return other.specific.route(request, path_components[1:])


class PortalHomePage(LanguageFallbackPage):
    """The portal's home in one language; item pages hang directly under it (flat addresses)."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types: list[str] = [
        "portal.BestPracticePage",
        "portal.LegalConsultationPage",
        "portal.LsgQuestionPage",
        "portal.LegislationNewsPage",
        "portal.ResearchPage",
        "portal.StateCommentPage",
        "portal.ExpertArticlePage",
        "portal.StoryPage",
        "portal.JournalIndexPage",
    ]
    parent_page_types = ["wagtailcore.Page"]
    template = "portal/home.html"

    class Meta:
        verbose_name = _("portal home")

    def children_model(self) -> Any:
        return PortalItem


def in_reader_language(pages: models.QuerySet[Any], language: str) -> models.QuerySet[Any]:
    """`pages` one version per translation: the one in `language`, else the other language's (with the
    locale, for its mark)."""
    same_in_reader_language = pages.filter(
        translation_key=models.OuterRef("translation_key"), locale__language_code=language
    )
    return pages.filter(
        models.Q(locale__language_code=language) | ~models.Exists(same_in_reader_language)
    ).select_related("locale")


def search_document_write(items: models.QuerySet[Any]) -> None:
    """On PostgreSQL, store the items' search vector (PortalItem.search_document) from their search text."""
    if connection.vendor == "postgresql":
        items.update(search_document=SearchVector("search_text", config=SEARCH_CONFIG))


class PortalItemTag(TaggedItemBase):
    content_object = ParentalKey("portal.PortalItem", on_delete=models.CASCADE, related_name="tagged_items")


class PortalItem(Page):
    """What every portal item has; not created itself, only through its types."""

    kind = models.CharField(_("type"), max_length=32, choices=Kind.choices, editable=False, db_index=True)
    summary = models.TextField(_("summary"), help_text=_("Two or three sentences shown in lists and feeds."))
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))
    published_on = models.DateField(_("date"), default=bishkek_today, db_index=True)
    themes = ParentalManyToManyField(Theme, blank=True, verbose_name=_("thematic directions"))
    municipalities = ParentalManyToManyField(
        "territory.Unit",
        blank=True,
        related_name="+",
        limit_choices_to={"level": Level.MUNICIPALITY},
        verbose_name=_("municipalities"),
    )
    tags = ClusterTaggableManager(through=PortalItemTag, blank=True, verbose_name=_("tags"))
    subscriber_only = models.BooleanField(
        _("for subscribers only"),
        default=False,
        help_text=_("Others see the summary and how to subscribe."),
    )
    # Folded (kenesh.portal.folding) title, summary, body and the type's own fields; see kenesh.portal.search.
    search_text = models.TextField(editable=False, default="")
    # PostgreSQL: the search text's vector (russian configuration), stored and GIN-indexed (migration 0004),
    # written after each save. Checking a stored vector costs microseconds; vectorising the text again for
    # each candidate row (the expression index's re-check) cost 0.18 ms a row, 470 ms for a common word.
    # Always empty on SQLite, which searches the text itself.
    search_document = SearchVectorField(null=True, editable=False)

    is_creatable = False
    parent_page_types = ["portal.PortalHomePage"]
    subpage_types: list[str] = []
    portal_kind: str = ""
    # The type's own text fields, in the order a reader sees them (added to the search text).
    own_text_fields: tuple[str, ...] = ()

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("published_on"),
    ]
    body_panels = [FieldPanel("body")]
    meta_panels = [
        MultiFieldPanel(
            [
                FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
                FieldPanel("tags"),
                FieldPanel("municipalities"),
                FieldPanel("subscriber_only"),
            ],
            heading=_("Directions, tags and places"),
        )
    ]

    search_fields = [*Page.search_fields, index.SearchField("summary")]

    class Meta:
        verbose_name = _("portal item")
        verbose_name_plural = _("portal items")
        indexes = [models.Index(fields=["kind", "published_on"], name="portal_item_kind_date")]

    @classmethod
    def panels_for(cls, own: list[Any]) -> list[Any]:
        return [*cls.content_panels, *own, *cls.body_panels, *cls.meta_panels]

    def search_parts(self) -> list[str]:
        parts = [self.title, self.summary]
        parts += [str(getattr(self, name, "") or "") for name in self.own_text_fields]
        for block in self.body or []:
            if block.block_type in ("paragraph", "quote"):
                value = block.value
                parts.append(value.source if hasattr(value, "source") else str(value))
        return parts

    def save(self, *args: Any, **kwargs: Any) -> Any:
        if self.portal_kind:
            self.kind = self.portal_kind
        self.search_text = fold(" ".join(part for part in self.search_parts() if part))
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_text", "kind"}
        saved = super().save(*args, **kwargs)
        search_document_write(PortalItem.objects.filter(pk=self.pk))
        return saved

    def get_context(self, request: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        """Beside the page: its home in the reader's language, the subscriber gate, the language mark."""
        context = super().get_context(request, *args, **kwargs)
        language = (get_language() or "ky").split("-")[0]
        home = PortalHomePage.for_language(language)
        context.update(
            {
                "portal_home": home,
                "portal_home_url": home.get_url(request) if home is not None else "",
                "reader_language": language,
                "fallback_language": self.locale.language_code
                if self.locale.language_code != language
                else "",
                "item_themes": list(self.themes.all()),
                "item_municipalities": list(self.municipalities.all()),
                "item_tags": list(self.tags.all()),
                "may_read": not self.subscriber_only or may_read_subscriber_content(request.user),
                "kind_label": Kind(self.kind).label if self.kind else "",
            }
        )
        return context


class BestPracticePage(PortalItem):
    portal_kind = Kind.BEST_PRACTICE
    municipality = models.ForeignKey(
        "territory.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"level": Level.MUNICIPALITY},
        verbose_name=_("municipality"),
    )
    problem = RichTextField(_("the problem"), features=RICH_FEATURES, blank=True)
    actions = RichTextField(_("what was done"), features=RICH_FEATURES, blank=True)
    cost_som = models.DecimalField(_("cost, som"), max_digits=14, decimal_places=2, null=True, blank=True)
    results = RichTextField(_("results"), features=RICH_FEATURES, blank=True)
    contacts = models.TextField(_("contacts"), blank=True)
    kenesh_link = models.URLField(
        _("link to the PB project or action-plan item"),
        blank=True,
        help_text=_("The address of the project or plan item on this platform, if there is one."),
    )
    own_text_fields = ("problem", "actions", "results", "contacts")
    template = "portal/best_practice.html"
    content_panels = PortalItem.panels_for(
        [
            FieldPanel("municipality"),
            FieldPanel("problem"),
            FieldPanel("actions"),
            FieldPanel("cost_som"),
            FieldPanel("results"),
            FieldPanel("contacts"),
            FieldPanel("kenesh_link"),
        ]
    )

    class Meta:
        verbose_name = _("best practice")
        verbose_name_plural = _("best practices")


class LegalConsultationPage(PortalItem):
    portal_kind = Kind.LEGAL_CONSULTATION
    question = models.TextField(_("question"))
    answer = RichTextField(_("the expert's answer"), features=RICH_FEATURES)
    expert = models.CharField(_("expert"), max_length=200, blank=True)
    law_references = models.TextField(_("references to laws"), blank=True, help_text=_("One per line."))
    own_text_fields = ("question", "answer", "law_references")
    template = "portal/legal_consultation.html"
    content_panels = PortalItem.panels_for(
        [FieldPanel("question"), FieldPanel("answer"), FieldPanel("expert"), FieldPanel("law_references")]
    )

    class Meta:
        verbose_name = _("legal consultation")
        verbose_name_plural = _("legal consultations")

    def law_reference_lines(self) -> list[str]:
        return [line.strip() for line in self.law_references.splitlines() if line.strip()]


class LsgQuestionPage(PortalItem):
    portal_kind = Kind.LSG_QUESTION
    asked_by = models.CharField(_("asked by (LSG body)"), max_length=200, blank=True)
    question = models.TextField(_("question"))
    answer = RichTextField(_("answer"), features=RICH_FEATURES)
    own_text_fields = ("asked_by", "question", "answer")
    template = "portal/lsg_question.html"
    content_panels = PortalItem.panels_for(
        [FieldPanel("asked_by"), FieldPanel("question"), FieldPanel("answer")]
    )

    class Meta:
        verbose_name = _("question from an LSG body")
        verbose_name_plural = _("questions from LSG bodies")


class LegislationNewsPage(PortalItem):
    portal_kind = Kind.LEGISLATION_NEWS
    source_url = models.URLField(_("source (official publication)"), blank=True)
    template = "portal/item.html"
    content_panels = PortalItem.panels_for([FieldPanel("source_url")])

    class Meta:
        verbose_name = _("legislation news")
        verbose_name_plural = _("legislation news")


class ResearchPage(PortalItem):
    portal_kind = Kind.RESEARCH
    authors = models.CharField(_("authors"), max_length=300, blank=True)
    report = models.ForeignKey(
        "wagtaildocs.Document",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("full report (PDF)"),
    )
    own_text_fields = ("authors",)
    template = "portal/item.html"
    content_panels = PortalItem.panels_for([FieldPanel("authors"), FieldPanel("report")])

    class Meta:
        verbose_name = _("research")
        verbose_name_plural = _("research")


class StateCommentPage(PortalItem):
    portal_kind = Kind.STATE_COMMENT
    state_body = models.CharField(_("state body"), max_length=200)
    own_text_fields = ("state_body",)
    template = "portal/item.html"
    content_panels = PortalItem.panels_for([FieldPanel("state_body")])

    class Meta:
        verbose_name = _("comment of a state body")
        verbose_name_plural = _("comments of state bodies")


class ExpertArticlePage(PortalItem):
    portal_kind = Kind.EXPERT_ARTICLE
    author = models.CharField(_("author"), max_length=200, blank=True)
    own_text_fields = ("author",)
    template = "portal/item.html"
    content_panels = PortalItem.panels_for([FieldPanel("author")])

    class Meta:
        verbose_name = _("expert article")
        verbose_name_plural = _("expert articles")


class StoryPage(PortalItem):
    portal_kind = Kind.STORY
    template = "portal/item.html"
    content_panels = PortalItem.panels_for([])

    class Meta:
        verbose_name = _("story of fellow countrymen")
        verbose_name_plural = _("stories of fellow countrymen")


# The "Municipalitet" journal's archive: an index page under each portal home, its issues under it.

JOURNAL_COLLECTION = "Municipalitet: full issues"


def journal_collection() -> Collection:
    """The documents' collection of the journal's full PDFs. A document chosen for an issue (published or in
    a draft) is moved into it and stays there, so it stays for subscribers even after its issue is deleted
    (kenesh.portal.journal_gate asks about the collection as well as the issues)."""
    root = Collection.get_first_root_node()
    found = root.get_children().filter(name=JOURNAL_COLLECTION).first()
    return found if found is not None else root.add_child(name=JOURNAL_COLLECTION)


def _pdf_into_journal_collection(pdf_id: int | None) -> None:
    if pdf_id is None:
        return
    from wagtail.documents import get_document_model

    collection = journal_collection()
    get_document_model().objects.filter(pk=pdf_id).exclude(collection=collection).update(
        collection=collection
    )


PDF_HEADER = b"%PDF-"


class JournalIndexPage(LanguageFallbackPage):
    """The journal's archive in one language (its address: the portal home's, then `journal/`)."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["portal.PortalHomePage"]
    subpage_types: list[str] = ["portal.JournalIssuePage"]
    max_count_per_parent = 1
    template = "portal/journal_index.html"

    class Meta:
        verbose_name = _("journal archive")

    def children_model(self) -> Any:
        return JournalIssuePage

    def get_context(self, request: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        language = journal.reader_language()
        home = PortalHomePage.for_language(language)
        issues = list(JournalIssuePage.visible(language))
        context.update(journal.index_context(request, home, issues, language))
        return context


class JournalIssuePage(RoutablePageMixin, Page):
    """One issue of the journal: its number and year, date, cover, full PDF (for subscribers) and contents."""

    number = models.PositiveSmallIntegerField(_("issue number"))
    year = models.PositiveSmallIntegerField(_("year"))
    published_on = models.DateField(_("publication date"), default=bishkek_today)
    cover = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cover"),
    )
    pdf = models.ForeignKey(
        "wagtaildocs.Document",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("full issue (PDF)"),
        help_text=_("For subscribers only: others see how to subscribe."),
    )
    summary = models.TextField(_("summary"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("number"),
        FieldPanel("year"),
        FieldPanel("published_on"),
        FieldPanel("cover"),
        FieldPanel("pdf"),
        FieldPanel("summary"),
        InlinePanel("toc_entries", heading=_("Table of contents"), label=_("Entry")),
    ]
    parent_page_types = ["portal.JournalIndexPage"]
    subpage_types: list[str] = []
    template = "portal/journal_issue.html"

    class Meta:
        verbose_name = _("journal issue")
        verbose_name_plural = _("journal issues")
        indexes = [models.Index(fields=["year", "number"], name="portal_issue_year_number")]

    def clean(self) -> None:
        super().clean()
        errors: dict[str, Any] = {}
        if self.year is not None and not 1990 <= self.year <= 2100:
            errors["year"] = _("Enter a year between 1990 and 2100.")
        locale_id = getattr(self, "locale_id", None)
        if self.year is not None and self.number is not None and locale_id is not None:
            same = JournalIssuePage.objects.filter(locale_id=locale_id, year=self.year, number=self.number)
            if self.pk:
                same = same.exclude(pk=self.pk)
            if same.exists():
                errors["number"] = _("This year already has an issue with this number.")
        if self.pdf_id is not None and not document_is_pdf(self.pdf):
            errors["pdf"] = _("The full issue must be a PDF file.")
        if errors:
            raise ValidationError(errors)

    @classmethod
    def visible(cls, language: str) -> models.QuerySet[JournalIssuePage]:
        """Live public issues, one version per translation (the reader's language, else the other), newest
        first, with their covers' small renditions."""
        covers = get_image_model().objects.prefetch_renditions(journal.COVER_SMALL)
        return (
            in_reader_language(cls.objects.live().public(), language)
            .prefetch_related(models.Prefetch("cover", queryset=covers))
            .order_by("-year", "-number", "pk")
        )

    def toc_with_versions(self) -> tuple[list[JournalTocEntry], dict[Any, dict[str, PortalItem]]]:
        """The contents' entries in order, and each linked article's published versions by language (two
        queries, whatever the number of entries)."""
        entries = list(self.toc_entries.select_related("article", "article__locale").order_by("sort_order"))
        keys = {entry.article.translation_key for entry in entries if entry.article is not None}
        versions: dict[Any, dict[str, PortalItem]] = {}
        if keys:
            live = PortalItem.objects.live().public().filter(translation_key__in=keys)
            for item in live.select_related("locale"):
                versions.setdefault(item.translation_key, {})[item.locale.language_code] = item
        return entries, versions

    def cover_with_rendition(self, spec: str) -> Any:
        """The cover with its `spec` rendition prefetched (no lookup in the shared cache), or None."""
        if self.cover_id is None:
            return None
        return get_image_model().objects.prefetch_renditions(spec).filter(pk=self.cover_id).first()

    def save(self, *args: Any, **kwargs: Any) -> Any:
        saved = super().save(*args, **kwargs)
        _pdf_into_journal_collection(self.pdf_id)
        return saved

    def save_revision(self, *args: Any, **kwargs: Any) -> Any:
        revision = super().save_revision(*args, **kwargs)
        _pdf_into_journal_collection(self.pdf_id)  # a draft's PDF: gated before it is published
        return revision

    def get_context(self, request: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        language = journal.reader_language()
        context.update(journal.issue_context(request, PortalHomePage.for_language(language), self, language))
        return context

    @path("pdf/")
    def issue_pdf(self, request: Any) -> Any:
        """The full PDF, for subscribers (and editors); everyone else is told how to subscribe."""
        return journal.pdf_response(request, PortalHomePage.for_language(journal.reader_language()), self)


class JournalTocEntry(Orderable):
    """A line of an issue's contents: an article published in the portal, or a title and page number."""

    issue = ParentalKey(JournalIssuePage, on_delete=models.CASCADE, related_name="toc_entries")
    article = models.ForeignKey(
        PortalItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("article in the portal"),
    )
    title = models.CharField(
        _("title"),
        max_length=300,
        blank=True,
        help_text=_("For an article not in the portal; otherwise the article's own title is shown."),
    )
    page_number = models.PositiveSmallIntegerField(_("page"), null=True, blank=True)

    panels = [FieldPanel("article"), FieldPanel("title"), FieldPanel("page_number")]

    class Meta(Orderable.Meta):
        verbose_name = _("table of contents entry")

    def clean(self) -> None:
        super().clean()
        if self.article_id is None and not self.title.strip():
            raise ValidationError(_("Choose an article of the portal or type a title."))

    def __str__(self) -> str:
        return self.title or (self.article.title if self.article_id else "")


def document_is_pdf(document: Any) -> bool:
    """Whether a Wagtail document's content starts as a PDF does (its name says nothing)."""
    try:
        with document.open_file() as handle:
            handle.seek(0)
            return bool(handle.read(len(PDF_HEADER)) == PDF_HEADER)
    except (OSError, ValueError):
        return False
