from django import template
from django.utils.translation import pgettext

register = template.Library()


@register.filter
def portrait_source(label: str) -> str:
    """The name of an indicator's source app as a reader knows it."""
    names = {
        "budgets": pgettext("source of a figure", "Open budget"),
        "pb": pgettext("source of a figure", "Participatory budgeting"),
        "hearings": pgettext("source of a figure", "Public hearings"),
        "needs": pgettext("source of a figure", "Needs assessment"),
        "appeals": pgettext("source of a figure", "Appeals"),
        "surveys": pgettext("source of a figure", "Surveys"),
        "territory": pgettext("source of a figure", "The kenesh and its deputies"),
        "plans": pgettext("source of a figure", "Action plans"),
    }
    return names.get(label, label)
