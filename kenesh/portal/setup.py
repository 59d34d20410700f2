"""What the portal needs to exist, made again if it is missing: locales, the page tree's root, the homes in
Kyrgyz and Russian with the journal's archive under each, the site, the five directions, and Wagtail's
moderators with their permissions and the review workflow.

The migrations make all of this on a new database (wagtailcore's, kenesh.portal's 0002 and 0003);
`portal_ensure` makes it again where the data was emptied after the migrations (the live server's tests
flush every table), and does nothing where it is all there. The demo calls it before loading its items.
"""

from __future__ import annotations

import importlib

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Locale,
    Page,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from kenesh.portal.access import EDITORS_GROUP
from kenesh.portal.journal import JOURNAL_SLUG
from kenesh.portal.models import JournalIndexPage, PortalHomePage, Theme

PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page", "bulk_delete_page")
COLLECTION_PERMISSIONS = {
    ("wagtailimages", "image"): ("add_image", "change_image", "choose_image"),
    ("wagtaildocs", "document"): ("add_document", "change_document", "choose_document"),
}


@transaction.atomic
def portal_ensure() -> PortalHomePage:
    """The Kyrgyz portal home, after making whatever of the portal's base is missing."""
    migration = importlib.import_module("kenesh.portal.migrations.0002_homes_themes_search_index")
    for position, (slug, name_ky, name_ru, description_ky, description_ru) in enumerate(migration.THEMES):
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
    ky, _created = Locale.objects.get_or_create(language_code="ky")
    ru, _created = Locale.objects.get_or_create(language_code="ru")
    home = PortalHomePage.objects.filter(locale=ky).first()
    if home is not None:
        journal_ensure()
        return home
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(instance=Page(title="Root", slug="root", locale=ky))
    home = root.add_child(instance=PortalHomePage(title="Билим порталы", slug="portal", locale=ky, live=True))
    if not PortalHomePage.objects.filter(locale=ru).exists():
        root.refresh_from_db()
        root.add_child(
            instance=PortalHomePage(
                title="Портал знаний",
                slug="portal-ru",
                locale=ru,
                live=True,
                translation_key=home.translation_key,
            )
        )
    if not Site.objects.filter(is_default_site=True).exists():
        Site.objects.create(
            hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="Kenesh"
        )
    _moderators_ensure(root)
    journal_ensure()
    return home


def journal_ensure() -> None:
    """The journal's archive under each portal home that lacks one (one translation, as migration 0003)."""
    migration = importlib.import_module("kenesh.portal.migrations.0003_journal")
    existing = list(JournalIndexPage.objects.all())
    key = existing[0].translation_key if existing else None
    for home in PortalHomePage.objects.select_related("locale").order_by("path"):
        title = migration.INDEXES.get(home.locale.language_code)
        if title is None or JournalIndexPage.objects.child_of(home).exists():
            continue
        index_page = JournalIndexPage(title=title, slug=JOURNAL_SLUG, locale=home.locale, live=True)
        if key is not None:
            index_page.translation_key = key
        home.add_child(instance=index_page)
        key = index_page.translation_key


def _moderators_ensure(root: Page) -> None:
    group, _created = Group.objects.get_or_create(name=EDITORS_GROUP)
    page_type = ContentType.objects.get_for_model(Page)
    for permission in Permission.objects.filter(content_type=page_type, codename__in=PAGE_PERMISSIONS):
        GroupPagePermission.objects.get_or_create(group=group, page=root, permission=permission)
    collection = Collection.get_first_root_node() or Collection.add_root(name="Root")
    for (app_label, model), codenames in COLLECTION_PERMISSIONS.items():
        for permission in Permission.objects.filter(
            content_type__app_label=app_label, content_type__model=model, codename__in=codenames
        ):
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=collection, permission=permission
            )
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    if not WorkflowPage.objects.filter(page=root).exists():
        workflow = Workflow.objects.create(name="Moderators approval")
        task = GroupApprovalTask.objects.create(name="Moderators approval")
        task.groups.set([group])
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
        WorkflowPage.objects.create(workflow=workflow, page=root)
