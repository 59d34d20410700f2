"""Demo subscriptions: Kum-Dobo's LSG body is an LSG Union member (this year's dues paid) whose seats are
held by the demo staff member and the demo deputy; the demo citizen subscribes as a person, with one paid
invoice (active) and one unpaid (the next year's); two questions to the experts, one answered;
the citizen receives the portal's weekly digest (given an email address), its task queued for Monday.
Everything goes through the services (invoice numbers from the counter, audited); loading twice changes
nothing.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from kenesh.accounts.demo import DEMO_PEOPLE, demo_municipality
from kenesh.accounts.identifiers import identifier_parse
from kenesh.accounts.models import User
from kenesh.subscriptions import services, tasks
from kenesh.subscriptions.models import DigestChoice, Dues, Question, Subscription

DUES_AMOUNT = Decimal("15000")
QUESTIONS = (
    (
        "Айылдык кеңеш бюджеттик угууларды өткөрбөй бюджетти бекитсе болобу?",
        "Жок. Бюджеттин долбоору боюнча коомдук угуулар мыйзам боюнча милдеттүү: угуунун жыйынтыгы жана "
        "тургундардын сунуштарына берилген жооптор кеңешке бюджет менен кошо берилет.",
    ),
    ("Как оформить передачу водопровода с баланса айыл окмоту на баланс ОСОО?", ""),
)


def _person(label: str) -> User | None:
    person = next((p for p in DEMO_PEOPLE if p.label == label), None)
    if person is None:
        return None
    identifier = identifier_parse(person.login)
    return User.objects.filter(**{identifier.field: identifier.value}).first()


@transaction.atomic
def load_demo() -> None:
    today = timezone.localdate()
    municipality = demo_municipality()
    admin = _person("administrator")
    staff, deputy, citizen, editor = (
        _person(label) for label in ("staff", "deputy", "citizen", "portal editor")
    )
    if not Dues.objects.filter(municipality=municipality, year=today.year).exists():
        services.dues_record(
            actor=admin,
            municipality=municipality,
            year=today.year,
            amount=DUES_AMOUNT,
            paid_on=min(today, datetime.date(today.year, 1, 20)),
        )
    subscription = Subscription.objects.get(municipality=municipality)
    for holder in (staff, deputy):
        if (
            holder is not None
            and not subscription.seat_rows.filter(user=holder, removed_at__isnull=True).exists()
        ):
            services.seat_assign(actor=staff or admin, subscription=subscription, user=holder)
    if citizen is not None and not Subscription.objects.filter(person=citizen).exists():
        issued = today - datetime.timedelta(days=60)
        paid = services.invoice_create(actor=citizen, person=citizen, issued_on=issued)
        services.payment_register(
            actor=admin,
            invoice_number=paid.number,
            amount=paid.amount,
            paid_on=issued + datetime.timedelta(days=5),
            reference="DEMO-001",
        )
        services.invoice_create(actor=citizen, person=citizen, issued_on=today)
    asker = staff or citizen
    if asker is not None and not Question.objects.filter(author=asker).exists():
        for text, answer in QUESTIONS:
            question = services.question_ask(
                author=asker, text=text, language="ky", municipality=municipality
            )
            if answer and editor is not None:
                services.question_answer(actor=editor, question=question, answer=answer)
    if citizen is not None and citizen.email and not DigestChoice.objects.filter(user=citizen).exists():
        services.digest_opt_in(actor=citizen)
    transaction.on_commit(tasks.digest_schedule)
