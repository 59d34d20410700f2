"""The permission grid: every role x every permission name x our municipality / another / no object.

Read a row as: "may <role> do <permission> on <scope>?"  Y = yes, . = no.
The people: `cit` lives in our municipality (not verified), `ver` lives there and staff confirmed it;
every other role is held in our municipality (staff, deputy, monitor, moderator) or country-wide (global
moderator, editor, analyst, admin), and its holder lives nowhere, so that only the role speaks.
"""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.urls import reverse

from kenesh.accounts.models import Role
from kenesh.accounts.permissions import PERMISSIONS
from kenesh.accounts.testing import office_login, person_make

# anonymous, citizen, verified citizen, staff, deputy, monitoring member, moderator of our municipality,
# country-wide moderator, portal editor, analyst, administrator.
REPO = Path(__file__).resolve().parents[2]
ROLES = ("anon", "cit", "ver", "stf", "dep", "mon", "mod", "gmod", "edi", "ana", "adm")

MATRIX = """
permission                           scope anon  cit  ver  stf  dep  mon  mod gmod  edi  ana  adm
office.access                        own      .    .    .    Y    .    .    Y    Y    Y    Y    Y
office.access                        other    .    .    .    Y    .    .    Y    Y    Y    Y    Y
office.access                        none     .    .    .    Y    .    .    Y    Y    Y    Y    Y
territory.change_municipality        own      .    .    .    Y    .    .    .    .    .    .    Y
territory.change_municipality        other    .    .    .    .    .    .    .    .    .    .    Y
territory.change_municipality        none     .    .    .    .    .    .    .    .    .    .    Y
territory.view_council_materials     own      .    .    .    Y    Y    .    .    .    .    .    Y
territory.view_council_materials     other    .    .    .    .    .    .    .    .    .    .    Y
territory.view_council_materials     none     .    .    .    .    .    .    .    .    .    .    Y
accounts.view_residents              own      .    .    .    Y    .    .    Y    .    .    .    Y
accounts.view_residents              other    .    .    .    .    .    .    .    .    .    .    Y
accounts.view_residents              none     .    .    .    .    .    .    .    .    .    .    Y
accounts.view_resident_personal_data own      .    .    .    Y    .    .    .    .    .    .    Y
accounts.view_resident_personal_data other    .    .    .    .    .    .    .    .    .    .    Y
accounts.view_resident_personal_data none     .    .    .    .    .    .    .    .    .    .    Y
accounts.verify_resident             own      .    .    .    Y    .    .    .    .    .    .    Y
accounts.verify_resident             other    .    .    .    .    .    .    .    .    .    .    Y
accounts.verify_resident             none     .    .    .    .    .    .    .    .    .    .    Y
accounts.assign_role                 own      .    .    .    Y    .    .    .    .    .    .    Y
accounts.assign_role                 other    .    .    .    .    .    .    .    .    .    .    Y
accounts.assign_role                 none     .    .    .    .    .    .    .    .    .    .    Y
accounts.view_demographic_aggregates own      .    .    .    Y    Y    .    .    .    .    Y    Y
accounts.view_demographic_aggregates other    .    .    .    .    .    .    .    .    .    Y    Y
accounts.view_demographic_aggregates none     .    .    .    .    .    .    .    .    .    Y    Y
accounts.act_as_resident             own      .    Y    Y    .    .    .    .    .    .    .    .
accounts.act_as_resident             other    .    .    .    .    .    .    .    .    .    .    .
accounts.act_as_resident             none     .    .    .    .    .    .    .    .    .    .    .
accounts.act_as_verified_resident    own      .    .    Y    .    .    .    .    .    .    .    .
accounts.act_as_verified_resident    other    .    .    .    .    .    .    .    .    .    .    .
accounts.act_as_verified_resident    none     .    .    .    .    .    .    .    .    .    .    .
messaging.view_outbox                own      .    .    .    Y    .    .    .    .    .    .    Y
messaging.view_outbox                other    .    .    .    .    .    .    .    .    .    .    Y
messaging.view_outbox                none     .    .    .    Y    .    .    .    .    .    .    Y
audit.view_log                       own      .    .    .    Y    .    .    .    .    .    .    Y
audit.view_log                       other    .    .    .    .    .    .    .    .    .    .    Y
audit.view_log                       none     .    .    .    .    .    .    .    .    .    .    Y
moderation.moderate                  own      .    .    .    .    .    .    Y    Y    .    .    Y
moderation.moderate                  other    .    .    .    .    .    .    .    Y    .    .    Y
moderation.moderate                  none     .    .    .    .    .    .    .    Y    .    .    Y
portal.edit                          own      .    .    .    .    .    .    .    .    Y    .    Y
portal.edit                          other    .    .    .    .    .    .    .    .    Y    .    Y
portal.edit                          none     .    .    .    .    .    .    .    .    Y    .    Y
analytics.view_across_municipalities own      .    .    .    .    .    .    .    .    .    Y    Y
analytics.view_across_municipalities other    .    .    .    .    .    .    .    .    .    Y    Y
analytics.view_across_municipalities none     .    .    .    .    .    .    .    .    .    Y    Y
monitoring.record_findings           own      .    .    .    .    .    Y    .    .    .    .    Y
monitoring.record_findings           other    .    .    .    .    .    .    .    .    .    .    Y
monitoring.record_findings           none     .    .    .    .    .    .    .    .    .    .    Y
monitoring.answer_finding            own      .    .    .    Y    .    .    .    .    .    .    Y
monitoring.answer_finding            other    .    .    .    .    .    .    .    .    .    .    Y
monitoring.answer_finding            none     .    .    .    .    .    .    .    .    .    .    Y
monitoring.edit_checklists           own      .    .    .    .    .    .    .    .    .    .    Y
monitoring.edit_checklists           other    .    .    .    .    .    .    .    .    .    .    Y
monitoring.edit_checklists           none     .    .    .    .    .    .    .    .    .    .    Y
pb.manage_process                    own      .    .    .    Y    .    .    .    .    .    .    Y
pb.manage_process                    other    .    .    .    .    .    .    .    .    .    .    Y
pb.manage_process                    none     .    .    .    .    .    .    .    .    .    .    Y
pb.enter_paper_ballots               own      .    .    .    Y    .    .    .    .    .    .    Y
pb.enter_paper_ballots               other    .    .    .    .    .    .    .    .    .    .    Y
pb.enter_paper_ballots               none     .    .    .    .    .    .    .    .    .    .    Y
pb.view_participation                own      .    .    .    Y    .    .    .    .    .    .    Y
pb.view_participation                other    .    .    .    .    .    .    .    .    .    .    Y
pb.view_participation                none     .    .    .    .    .    .    .    .    .    .    Y
pb.issue_ballots                     own      .    .    .    Y    .    .    .    .    .    .    Y
pb.issue_ballots                     other    .    .    .    .    .    .    .    .    .    .    Y
pb.issue_ballots                     none     .    .    .    .    .    .    .    .    .    .    Y
budgets.change_budget                own      .    .    .    Y    .    .    .    .    .    .    Y
budgets.change_budget                other    .    .    .    .    .    .    .    .    .    .    Y
budgets.change_budget                none     .    .    .    .    .    .    .    .    .    .    Y
needs.manage_assessment              own      .    .    .    Y    .    .    .    .    .    .    Y
needs.manage_assessment              other    .    .    .    .    .    .    .    .    .    .    Y
needs.manage_assessment              none     .    .    .    .    .    .    .    .    .    .    Y
plans.manage_plan                    own      .    .    .    Y    .    .    .    .    .    .    Y
plans.manage_plan                    other    .    .    .    .    .    .    .    .    .    .    Y
plans.manage_plan                    none     .    .    .    .    .    .    .    .    .    .    Y
hearings.manage_hearing              own      .    .    .    Y    .    .    .    .    .    .    Y
hearings.manage_hearing              other    .    .    .    .    .    .    .    .    .    .    Y
hearings.manage_hearing              none     .    .    .    .    .    .    .    .    .    .    Y
hearings.answer_proposal             own      .    .    .    Y    .    .    .    .    .    .    Y
hearings.answer_proposal             other    .    .    .    .    .    .    .    .    .    .    Y
hearings.answer_proposal             none     .    .    .    .    .    .    .    .    .    .    Y
surveys.manage                       own      .    .    .    Y    .    .    .    .    .    .    Y
surveys.manage                       other    .    .    .    .    .    .    .    .    .    .    Y
surveys.manage                       none     .    .    .    .    .    .    .    .    .    .    Y
surveys.enter_responses              own      .    .    .    Y    .    .    .    .    .    .    Y
surveys.enter_responses              other    .    .    .    .    .    .    .    .    .    .    Y
surveys.enter_responses              none     .    .    .    .    .    .    .    .    .    .    Y
appeals.handle                       own      .    .    .    Y    .    .    .    .    .    .    Y
appeals.handle                       other    .    .    .    .    .    .    .    .    .    .    Y
appeals.handle                       none     .    .    .    .    .    .    .    .    .    .    Y
appeals.view_appellant               own      .    .    .    .    .    .    .    .    .    .    .
appeals.view_appellant               other    .    .    .    .    .    .    .    .    .    .    .
appeals.view_appellant               none     .    .    .    .    .    .    .    .    .    .    .
appeals.configure                    own      .    .    .    Y    .    .    .    .    .    .    Y
appeals.configure                    other    .    .    .    .    .    .    .    .    .    .    Y
appeals.configure                    none     .    .    .    .    .    .    .    .    .    .    Y
appeals.maintain_calendar            own      .    .    .    .    .    .    .    .    .    .    Y
appeals.maintain_calendar            other    .    .    .    .    .    .    .    .    .    .    Y
appeals.maintain_calendar            none     .    .    .    .    .    .    .    .    .    .    Y
subscriptions.read_subscriber_content own      .    .    .    .    .    .    .    .    Y    .    Y
subscriptions.read_subscriber_content other    .    .    .    .    .    .    .    .    Y    .    Y
subscriptions.read_subscriber_content none     .    .    .    .    .    .    .    .    Y    .    Y
subscriptions.manage_body            own      .    .    .    Y    .    .    .    .    .    .    Y
subscriptions.manage_body            other    .    .    .    .    .    .    .    .    .    .    Y
subscriptions.manage_body            none     .    .    .    .    .    .    .    .    .    .    Y
subscriptions.administer             own      .    .    .    .    .    .    .    .    .    .    Y
subscriptions.administer             other    .    .    .    .    .    .    .    .    .    .    Y
subscriptions.administer             none     .    .    .    .    .    .    .    .    .    .    Y
subscriptions.answer_questions       own      .    .    .    .    .    .    .    .    Y    .    Y
subscriptions.answer_questions       other    .    .    .    .    .    .    .    .    Y    .    Y
subscriptions.answer_questions       none     .    .    .    .    .    .    .    .    Y    .    Y
subscriptions.receive_digest         own      .    .    .    .    .    .    .    .    .    .    .
subscriptions.receive_digest         other    .    .    .    .    .    .    .    .    .    .    .
subscriptions.receive_digest         none     .    .    .    .    .    .    .    .    .    .    .
portraits.add_portraittext           own      .    .    .    .    .    .    .    .    Y    .    Y
portraits.add_portraittext           other    .    .    .    .    .    .    .    .    Y    .    Y
portraits.add_portraittext           none     .    .    .    .    .    .    .    .    Y    .    Y
portraits.change_portraittext        own      .    .    .    .    .    .    .    .    Y    .    Y
portraits.change_portraittext        other    .    .    .    .    .    .    .    .    Y    .    Y
portraits.change_portraittext        none     .    .    .    .    .    .    .    .    Y    .    Y
portraits.delete_portraittext        own      .    .    .    .    .    .    .    .    Y    .    Y
portraits.delete_portraittext        other    .    .    .    .    .    .    .    .    Y    .    Y
portraits.delete_portraittext        none     .    .    .    .    .    .    .    .    Y    .    Y
portraits.publish_portraittext       own      .    .    .    .    .    .    .    .    Y    .    Y
portraits.publish_portraittext       other    .    .    .    .    .    .    .    .    Y    .    Y
portraits.publish_portraittext       none     .    .    .    .    .    .    .    .    Y    .    Y
"""


def _rows() -> list[tuple[str, str, dict[str, bool]]]:
    lines = [line.split() for line in MATRIX.strip().splitlines()]
    header, body = lines[0], lines[1:]
    assert tuple(header[2:]) == ROLES
    return [
        (cells[0], cells[1], dict(zip(ROLES, (cell == "Y" for cell in cells[2:]), strict=True)))
        for cells in body
    ]


ROWS = _rows()


def test_the_matrix_covers_every_permission_and_scope():
    assert {(name, scope) for name, scope, _ in ROWS} == {
        (name, scope) for name in PERMISSIONS for scope in ("own", "other", "none")
    }


@pytest.fixture
def people(municipality, other_municipality):
    make = person_make
    return {
        "anon": AnonymousUser(),
        "cit": make(resident_of=municipality),
        "ver": make(resident_of=municipality, verified=True),
        "stf": make(role=Role.STAFF, municipality=municipality),
        "dep": make(role=Role.DEPUTY, municipality=municipality),
        "mon": make(role=Role.MONITOR, municipality=municipality),
        "mod": make(role=Role.MODERATOR, municipality=municipality),
        "gmod": make(role=Role.MODERATOR),
        "edi": make(role=Role.EDITOR),
        "ana": make(role=Role.ANALYST),
        "adm": make(role=Role.ADMIN),
    }


@pytest.mark.django_db
@pytest.mark.parametrize("permission", list(PERMISSIONS))
def test_permission_matrix(permission, people, municipality, other_municipality):
    targets = {"own": municipality, "other": other_municipality, "none": None}
    wrong = []
    for name, scope, expected in ROWS:
        if name != permission:
            continue
        for role, allowed in expected.items():
            actual = people[role].has_perm(permission, targets[scope])
            if actual != allowed:
                wrong.append(
                    f"{role} {scope}: expected {'Y' if allowed else '.'}, got {'Y' if actual else '.'}"
                )
    assert not wrong, f"{permission}: " + "; ".join(wrong)


@pytest.mark.django_db
def test_objects_that_carry_a_municipality_count_as_that_municipality(
    people, municipality, other_municipality
):
    class Proposal:
        municipality_id = municipality.pk

    assert people["stf"].has_perm("territory.change_municipality", Proposal())
    Proposal.municipality_id = other_municipality.pk
    assert not people["stf"].has_perm("territory.change_municipality", Proposal())


@pytest.mark.django_db
def test_a_revoked_role_and_a_switched_off_account_give_nothing(municipality):
    staff = person_make(role=Role.STAFF, municipality=municipality)
    staff.role_assignments.update(revoked_at="2026-01-01T00:00:00Z")
    staff = type(staff).objects.get(pk=staff.pk)
    assert not staff.has_perm("accounts.verify_resident", municipality)
    admin = person_make(role=Role.ADMIN, is_active=False)
    assert not admin.has_perm("audit.view_log", None)


@pytest.mark.django_db
def test_a_superuser_may_do_everything(municipality):
    root = person_make(is_superuser=True)
    assert all(root.has_perm(name, municipality) for name in PERMISSIONS)


@pytest.mark.django_db
def test_roles_are_read_once_per_request(people, municipality, django_assert_max_num_queries):
    staff = type(people["stf"]).objects.get(pk=people["stf"].pk)
    # The roles, Django's own model permissions, and whether they hold a subscription (kenesh.subscriptions).
    with django_assert_max_num_queries(3):
        for name in PERMISSIONS:
            staff.has_perm(name, municipality)


# --- The office pages: anonymous people go to the login page, wrong roles and places get 403 (not 500).

OFFICE_PAGES = [
    ("accounts:office", lambda m: []),
    ("accounts:office_residents", lambda m: [m.pk]),
    ("accounts:office_roles", lambda m: [m.pk]),
    ("accounts:office_global_roles", lambda m: []),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("url_name", "args"), OFFICE_PAGES)
def test_office_pages_send_anonymous_people_to_login(client: Client, municipality, url_name, args):
    url = reverse(url_name, args=args(municipality))
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert "next=" in response["Location"]


@pytest.mark.django_db
@pytest.mark.parametrize(("url_name", "args"), OFFICE_PAGES)
@pytest.mark.parametrize("role", ["cit", "dep", "mon"])
def test_office_pages_refuse_people_without_an_office_role(
    client, people, municipality, url_name, args, role
):
    office_login(client, people[role])
    assert client.get(reverse(url_name, args=args(municipality))).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url_name", "role", "status"),
    [
        ("accounts:office", "stf", 200),
        ("accounts:office", "edi", 200),
        ("accounts:office", "adm", 200),
        ("accounts:office_residents", "stf", 200),
        ("accounts:office_residents", "mod", 200),
        ("accounts:office_residents", "gmod", 403),
        ("accounts:office_residents", "ana", 403),
        ("accounts:office_residents", "adm", 200),
        ("accounts:office_roles", "stf", 200),
        ("accounts:office_roles", "mod", 403),
        ("accounts:office_roles", "edi", 403),
        ("accounts:office_roles", "adm", 200),
        ("accounts:office_global_roles", "stf", 403),
        ("accounts:office_global_roles", "adm", 200),
    ],
)
def test_office_pages_by_role_in_our_municipality(client, people, municipality, url_name, role, status):
    office_login(client, people[role])
    args = [municipality.pk] if url_name in ("accounts:office_residents", "accounts:office_roles") else []
    assert client.get(reverse(url_name, args=args)).status_code == status


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["accounts:office_residents", "accounts:office_roles"])
def test_staff_of_another_municipality_get_403(client, other_municipality, municipality, url_name):
    stranger = person_make(role=Role.STAFF, municipality=other_municipality)
    office_login(client, stranger)
    assert client.get(reverse(url_name, args=[municipality.pk])).status_code == 403
    assert client.get(reverse(url_name, args=[other_municipality.pk])).status_code == 200


@pytest.mark.django_db
def test_staff_of_another_municipality_cannot_verify_or_revoke_here(
    client, people, municipality, other_municipality
):
    stranger = person_make(role=Role.STAFF, municipality=other_municipality)
    office_login(client, stranger)
    citizen = people["cit"]
    verify = reverse("accounts:office_resident_verify", args=[municipality.pk, citizen.pk])
    assert client.post(verify, {"pin": "21204199100123", "evidence": "id_card"}).status_code == 403
    assert client.get(verify).status_code == 403
    citizen.refresh_from_db()
    assert citizen.resident_verified_at is None
    deputy_role = people["dep"].role_assignments.get()
    assert client.post(reverse("accounts:office_role_revoke", args=[deputy_role.pk])).status_code == 403
    deputy_role.refresh_from_db()
    assert deputy_role.revoked_at is None


# --- docs/security.md shows this grid; `python scripts/security_matrix.py --write` renders it there.

ROLE_NAMES = {
    "anon": "anonymous",
    "cit": "citizen",
    "ver": "verified resident",
    "stf": "LSG staff",
    "dep": "deputy",
    "mon": "monitoring member",
    "mod": "moderator (municipal)",
    "gmod": "moderator (country)",
    "edi": "portal editor",
    "ana": "analyst",
    "adm": "administrator",
}
DOC = REPO / "docs" / "security.md"
DOC_START, DOC_END = "<!-- permission-matrix:start -->", "<!-- permission-matrix:end -->"


def matrix_markdown() -> str:
    """The grid as a Markdown table: one row per permission and scope, one column per role."""
    head = "| permission | on | " + " | ".join(ROLE_NAMES[role] for role in ROLES) + " |"
    rule = "|---|---|" + "---|" * len(ROLES)
    body = [
        f"| `{name}` | {scope} | " + " | ".join("yes" if cells[role] else "·" for role in ROLES) + " |"
        for name, scope, cells in ROWS
    ]
    return "\n".join([DOC_START, head, rule, *body, DOC_END])


def test_the_security_document_shows_the_grid_the_rules_pass():
    text = DOC.read_text(encoding="utf-8")
    shown = text[text.index(DOC_START) : text.index(DOC_END) + len(DOC_END)]
    assert shown == matrix_markdown(), "run: .venv/bin/python scripts/security_matrix.py --write"


# --- Each app registers its own permission names; accounts names none of another app's.


@pytest.mark.parametrize(
    "app",
    [
        "pb",
        "budgets",
        "messaging",
        "audit",
        "needs",
        "plans",
        "hearings",
        "surveys",
        "appeals",
        "monitoring",
        "subscriptions",
    ],
)
def test_each_app_registers_its_own_permission_names(app):
    module = importlib.import_module(f"kenesh.{app}.permissions")
    own = {name for name in PERMISSIONS if name.startswith(f"{app}.")}
    assert own, f"no {app}.* permission is registered"
    source = Path(module.__file__).read_text(encoding="utf-8")
    assert all(f'"{name}"' in source for name in own)
    accounts_source = (REPO / "kenesh/accounts/permissions.py").read_text(encoding="utf-8")
    assert not any(f'"{name}"' in accounts_source for name in own)
