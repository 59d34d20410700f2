"""The back-office pages of the apps, and which of them a person may open."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class OfficePage:
    """One entry of the back-office dashboard: a page of an app, by URL name, and who may open it."""

    url_name: str
    title: str | Promise
    description: str | Promise
    permission: str


# The apps own these pages; the dashboard links them by name and shows each only to who may open it.
# A page whose URL name does not resolve (its app has not routed it yet) is left out.
OFFICE_PAGES: tuple[OfficePage, ...] = (
    OfficePage(
        "territory:office",
        _("Territory"),
        _("Municipalities, villages, LSG bodies, councils and deputies."),
        "office.access",
    ),
    OfficePage(
        "accounts:office",
        _("People"),
        _("Residents, their verification and the roles of staff."),
        "office.access",
    ),
    OfficePage(
        "budgets:office",
        _("Budgets"),
        _("Budget versions, file import, lines, the citizen's budget summary, publishing."),
        "budgets.change_budget",
    ),
    OfficePage(
        "pb:office",
        _("Participatory budgeting"),
        _("Processes, proposals and their review, voting codes, paper ballots and who voted."),
        "pb.manage_process",
    ),
    OfficePage(
        "needs:office",
        _("Needs assessment"),
        _("Focus-group sessions from paper forms or a Kobo CSV, problem categories, the priorities."),
        "needs.manage_assessment",
    ),
    OfficePage(
        "plans:office",
        _("Joint action plans"),
        _("Plan items, their money and progress, the village gathering's approval, the groups."),
        "plans.manage_plan",
    ),
    OfficePage(
        "hearings:office",
        _("Public hearings"),
        _("Hearings on the draft budget and the execution report: notice, attendance, proposals, answers."),
        "hearings.manage_hearing",
    ),
    OfficePage(
        "appeals:office",
        _("Citizens' appeals"),
        _("The inbox with deadlines and the overdue list, answers, extensions, paper appeals, settings."),
        "appeals.handle",
    ),
    OfficePage(
        "monitoring:office",
        _("Public monitoring"),
        _("The monitoring groups' findings and the municipality's answers to them."),
        "monitoring.answer_finding",
    ),
    OfficePage(
        "monitoring:office_checklists",
        _("Monitoring checklists"),
        _("The questions a monitoring group scores on a visit, for each kind of object and service."),
        "monitoring.edit_checklists",
    ),
    OfficePage(
        "surveys:office",
        _("Surveys"),
        _("Questionnaires from the question bank, rounds, paper entry, Kobo import and the XLSForm."),
        "surveys.manage",
    ),
    OfficePage(
        "subscriptions:office",
        _("Subscription of the LSG body"),
        _("The journal and portal subscription of your LSG body: its seats and invoices."),
        "subscriptions.manage_body",
    ),
    OfficePage(
        "subscriptions:office_admin",
        _("Subscriptions and dues"),
        _("The LSG Union's dues register, prices, payments and every subscription."),
        "subscriptions.administer",
    ),
    OfficePage(
        "subscriptions:office_questions",
        _("Questions to experts"),
        _("Subscribers' questions to the experts, and their answers."),
        "subscriptions.answer_questions",
    ),
    OfficePage(
        "pb:office_moderation",
        _("Proposals and comments"),
        _("Hide or restore what residents posted in participatory budgeting."),
        "moderation.moderate",
    ),
    OfficePage(
        "messaging:outbox",
        _("Outgoing messages"),
        _("Outgoing SMS and their delivery."),
        "messaging.view_outbox",
    ),
    OfficePage(
        "audit:log",
        _("Audit log"),
        _("Who changed what, and when."),
        "audit.view_log",
    ),
)


@dataclass(frozen=True)
class OfficeLink:
    url: str
    title: str | Promise
    description: str | Promise


def office_links(user: Any, pages: tuple[OfficePage, ...] = OFFICE_PAGES) -> list[OfficeLink]:
    """The office pages `user` may open, in dashboard order."""
    links = []
    for page in pages:
        try:
            url = reverse(page.url_name)
        except NoReverseMatch:
            continue
        if _may_open(user, page.permission):
            links.append(OfficeLink(url=url, title=page.title, description=page.description))
    return links


@dataclass(frozen=True)
class _InMunicipality:
    """Anything in a municipality, as the permission predicates read it (no query for the unit)."""

    municipality_id: int


def _may_open(user: Any, permission: str) -> bool:
    """Whether `user` holds `permission` country-wide or for one of the municipalities they serve in
    (staff open the audit log of their own municipality, not the whole log)."""
    if user.has_perm(permission):
        return True
    from kenesh.accounts.permissions import active_roles

    served = {municipality_id for _role, municipality_id in active_roles(user) if municipality_id is not None}
    return any(user.has_perm(permission, _InMunicipality(m)) for m in served)
