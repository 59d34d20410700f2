"""Appeals by SMS through the keyword gateway: registration, the reply, retries, unknown numbers, feedback."""

import pytest

from kenesh.accounts.testing import person_make
from kenesh.appeals import services
from kenesh.appeals.models import Appeal, Channel
from kenesh.messaging.models import InboundSms
from kenesh.messaging.services import sms_receive
from kenesh.territory.models import Level, Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def village(municipality):
    return Unit.objects.create(
        coate="41702215810001",
        level=Level.SETTLEMENT,
        name_ky="Таш-Булак",
        name_ru="Таш-Булак",
        parent=municipality,
    )


def test_a_residents_sms_is_registered_and_answered_with_number_code_and_link(municipality):
    resident = person_make(resident_of=municipality, phone="+996700333444")
    message = sms_receive(sender="0700 333 444", text="ARYZ Көчөдө жарык жок")
    appeal = Appeal.objects.get()
    assert appeal.channel == Channel.SMS and appeal.appellant.user == resident and appeal.language == "ky"
    assert appeal.text == "Көчөдө жарык жок"
    reply = message.reply.text
    assert appeal.registration_number in reply and appeal.code_display in reply
    assert f"http://localhost:8000/ky/appeals/track/{appeal.code}/" in reply
    # The inbox, which every staff member reads, keeps the keyword only.
    assert InboundSms.objects.get().text == "ARYZ"


def test_an_unknown_number_naming_a_village_is_registered_and_kept_private(municipality, village):
    message = sms_receive(sender="+996555010203", text="ОБРАЩ Таш-Булак: нет воды третий день")
    appeal = Appeal.objects.get()
    assert appeal.municipality == municipality and appeal.village_id == village.pk and appeal.language == "ru"
    assert appeal.appellant.phone == "+996555010203" and appeal.appellant.user is None
    assert "зарегистрировано" in message.reply.text or appeal.registration_number in message.reply.text


def test_an_sms_retry_is_stored_once(municipality):
    person_make(resident_of=municipality, phone="+996700333444")
    first = sms_receive(sender="+996700333444", text="APPEAL Суу жок")
    second = sms_receive(sender="+996700333444", text="APPEAL  суу жок")
    assert Appeal.objects.count() == 1
    code = Appeal.objects.get().code_display
    assert code in first.reply.text and code in second.reply.text


def test_a_gateway_redelivery_is_answered_once(municipality):
    person_make(resident_of=municipality, phone="+996700333444")
    sms_receive(sender="+996700333444", text="ARYZ Суу жок", gateway_reference="abc")
    sms_receive(sender="+996700333444", text="ARYZ Суу жок", gateway_reference="abc")
    assert Appeal.objects.count() == 1 and InboundSms.objects.count() == 1


def test_an_empty_sms_appeal_gets_help_and_nothing_is_stored(municipality):
    person_make(resident_of=municipality, phone="+996700333444")
    message = sms_receive(sender="+996700333444", text="ARYZ")
    assert not Appeal.objects.exists() and "ARYZ" in message.reply.text


def test_a_number_nobody_knows_naming_no_place_is_asked_for_one(municipality):
    message = sms_receive(sender="+996555999000", text="ARYZ жол бузук")
    assert not Appeal.objects.exists() and message.reply is not None


def test_the_default_municipality_setting_places_it(municipality, settings):
    settings.KENESH_APPEAL_SMS_MUNICIPALITY = municipality.coate
    sms_receive(sender="+996555999000", text="ARYZ жол бузук")
    assert Appeal.objects.get().municipality == municipality


def test_the_citizen_answers_yes_by_sms(municipality, staff):
    person_make(resident_of=municipality, phone="+996700333444")
    sms_receive(sender="+996700333444", text="ARYZ Суу жок")
    appeal = services.appeal_answer(actor=staff, appeal=Appeal.objects.get(), text="Суу берилди")
    message = sms_receive(sender="+996700333444", text=f"ARYZ YES {appeal.code_display}")
    appeal.refresh_from_db()
    assert appeal.solved is True and message.reply is not None
    assert Appeal.objects.count() == 1


def test_feedback_about_someone_elses_code_is_an_appeal_not_feedback(municipality, staff):
    person_make(resident_of=municipality, phone="+996700333444")
    person_make(resident_of=municipality, phone="+996700333555")
    sms_receive(sender="+996700333444", text="ARYZ Суу жок")
    appeal = services.appeal_answer(actor=staff, appeal=Appeal.objects.get(), text="Суу берилди")
    sms_receive(sender="+996700333555", text=f"ARYZ NO {appeal.code}")
    appeal.refresh_from_db()
    assert appeal.solved is None
