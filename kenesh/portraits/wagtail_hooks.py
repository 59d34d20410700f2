"""The portraits' texts and photos as a snippet of the portal's editor (Wagtail, /office/portal/)."""

from __future__ import annotations

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from kenesh.portraits.models import PortraitText


class PortraitTextViewSet(SnippetViewSet):  # type: ignore[misc]
    model = PortraitText
    icon = "doc-full"
    list_display = ["__str__", "unit", "live"]
    list_filter = ["live"]
    menu_order = 300
    add_to_admin_menu = True


register_snippet(PortraitTextViewSet)
