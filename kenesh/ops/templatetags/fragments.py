"""`{% load fragments %}{% fragments "slot" obj %}`: what upper apps add to a lower app's page."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString

from kenesh.ops.fragments import fragments_render

register = template.Library()


@register.simple_tag(takes_context=True)
def fragments(context: Any, slot: str, obj: Any) -> SafeString:
    return fragments_render(slot, context.get("request"), obj)
