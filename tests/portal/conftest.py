"""Fixtures of the portal tests: the themes and homes the migrations made, places, items in both languages."""

from __future__ import annotations

import datetime

import pytest

from kenesh.accounts.testing import person_make
from kenesh.portal import services
from kenesh.portal.models import BestPracticePage, LegalConsultationPage, Theme
from kenesh.territory.models import Level, Unit
from kenesh.territory.testing import municipality_make


@pytest.fixture
def themes():
    return {theme.slug: theme for theme in Theme.objects.all()}


@pytest.fixture
def oblast():
    return Unit.objects.create(
        coate="41703000000000",
        level=Level.OBLAST,
        name_ru="Иссык-Кульская область",
        name_ky="Ысык-Көл облусу",
    )


@pytest.fixture
def village(oblast):
    municipality = municipality_make("41703215810000", "Ак-Суу")
    Unit.objects.filter(pk=municipality.parent_id).update(parent=oblast)
    return municipality


@pytest.fixture
def other_village():
    return municipality_make("41704215820000", "Кара-Суу")


@pytest.fixture
def water(themes, village):
    """A best practice about drinking water in Kyrgyz, translated into Russian."""
    page = BestPracticePage(
        title="Айылдагы таза ичүүчү суу",
        slug="water",
        summary="Көмөк менен айылга суу түтүгү тартылды.",
        problem="<p>Айылда таза суу жок болчу, үй-бүлөлөр арыктан суу ичишчү.</p>",
        actions="<p>Жамаат өз үлүшүн кошту, айыл өкмөтү түтүк сатып алды.</p>",
        results="<p>Үч жүз үй-бүлө таза сууга ээ болду.</p>",
        cost_som=1_250_000,
        published_on=datetime.date(2025, 5, 20),
        municipality=village,
    )
    item = services.item_publish(
        page=page, language="ky", themes=[themes["services"]], municipalities=[village], tags=["суу"]
    )
    services.item_translate(
        item=item,
        language="ru",
        title="Чистая питьевая вода в селе",
        summary="При поддержке жителей в село провели водопровод.",
        problem="<p>В селе не было чистой воды, семьи пили воду из арыка.</p>",
        actions="<p>Жители внесли свою долю, айыл окмоту закупил трубы.</p>",
        results="<p>Триста семей получили доступ к водоснабжению.</p>",
    )
    return item


@pytest.fixture
def hearing_advice(themes):
    """A legal consultation in Russian only, for subscribers."""
    page = LegalConsultationPage(
        title="Как провести общественные слушания по бюджету",
        slug="hearings",
        summary="Кто созывает слушания и как извещать жителей.",
        question="Обязан ли айыл окмоту проводить слушания по проекту бюджета?",
        answer="<p>Да: закон требует публичных слушаний до утверждения бюджета.</p>",
        law_references="Закон КР «О местном самоуправлении», статья 57",
        subscriber_only=True,
        published_on=datetime.date(2024, 3, 1),
    )
    return services.item_publish(page=page, language="ru", themes=[themes["participation"]])


@pytest.fixture
def subscriber():
    """A person with a paid individual subscription (kenesh.subscriptions decides who reads what)."""
    from kenesh.accounts.models import Role
    from kenesh.subscriptions import services as subscriptions

    reader = person_make(full_name="Subscriber One")
    admin = person_make(role=Role.ADMIN)
    invoice = subscriptions.invoice_create(actor=reader, person=reader)
    subscriptions.payment_register(
        actor=admin, invoice_number=invoice.number, amount=invoice.amount, paid_on=invoice.issued_on
    )
    return reader
