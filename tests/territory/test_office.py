"""Back-office pages: staff edit their own municipality's bodies and deputies, nobody else's; all audited."""

from __future__ import annotations

import datetime

import pytest
from django.utils import translation

from kenesh.accounts.models import Role
from kenesh.accounts.testing import office_login, person_make
from kenesh.audit.models import AuditEntry
from kenesh.territory.demo import KOSH_DOBO, KUM_DOBO, SEMIZ_BEL
from kenesh.territory.models import Council, Deputy, ExecutiveBody, Municipality, Settlement, Sex

pytestmark = pytest.mark.django_db


@pytest.fixture
def kum_dobo(demo) -> Municipality:
    return Municipality.objects.current().get(coate=KUM_DOBO)


@pytest.fixture
def staff(kum_dobo):
    return person_make(role=Role.STAFF, municipality=kum_dobo)


@pytest.fixture
def staff_client(client, staff):
    office_login(client, staff)
    return client


EXECUTIVE = {
    "kind": "aiyl_okmotu",
    "name_ky": "Кум-Дөбө айыл өкмөтү",
    "name_ru": "Айыл окмоту Кум-Дебе",
    "name_en": "Kum-Dobo aiyl okmotu",
    "head": "Токтосунов Бакыт",
    "address": "Кум-Дөбө айылы, Манас көчөсү, 14",
    "phone": "+996 3535 5 21 41",
}


def test_anonymous_is_sent_to_sign_in(kum_dobo, client):
    response = client.get(f"/ky/office/territory/{KUM_DOBO}/")
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_staff_opens_the_index_and_their_municipality(staff_client):
    index = staff_client.get("/ky/office/territory/").content.decode()
    assert f"/ky/office/territory/{KUM_DOBO}/" in index
    assert f"/ky/office/territory/{SEMIZ_BEL}/" not in index
    assert staff_client.get(f"/ky/office/territory/{KUM_DOBO}/").status_code == 200


def test_staff_of_another_municipality_is_refused(demo, client):
    other = person_make(role=Role.STAFF, municipality=Municipality.objects.current().get(coate=SEMIZ_BEL))
    office_login(client, other)
    for path in ("", "executive/", "council/", "deputies/add/"):
        assert client.get(f"/ky/office/territory/{KUM_DOBO}/{path}").status_code == 403
    assert client.post(f"/ky/office/territory/{KUM_DOBO}/executive/", EXECUTIVE).status_code == 403
    assert ExecutiveBody.objects.get(municipality__coate=KUM_DOBO).head != EXECUTIVE["head"]


def test_a_resident_without_a_role_is_refused(kum_dobo, client):
    client.force_login(person_make(resident_of=kum_dobo))
    assert client.get(f"/ky/office/territory/{KUM_DOBO}/executive/").status_code == 403


def test_unknown_and_ended_municipalities_give_404(staff_client):
    assert staff_client.get("/ky/office/territory/41799999999999/").status_code == 404
    assert staff_client.get(f"/ky/office/territory/{KOSH_DOBO}/").status_code == 404


def test_staff_edit_the_executive_body_and_the_change_is_audited(staff_client, staff):
    response = staff_client.post(f"/ky/office/territory/{KUM_DOBO}/executive/", EXECUTIVE)
    assert response.status_code == 302
    body = ExecutiveBody.objects.get(municipality__coate=KUM_DOBO)
    assert body.head == "Токтосунов Бакыт"
    entry = AuditEntry.objects.get(action="territory.executive.update")
    assert entry.actor == staff
    assert entry.municipality_coate == KUM_DOBO
    assert entry.changes["head"] == {"before": "Бообеков Нурлан Асанович", "after": "Токтосунов Бакыт"}


def test_a_bad_form_keeps_what_was_typed(staff_client):
    data = {**EXECUTIVE, "name_ru": "", "phone": "call us"}
    with translation.override("ru"):
        response = staff_client.post(f"/ru/office/territory/{KUM_DOBO}/executive/", data)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'value="Токтосунов Бакыт"' in body
    assert 'value="call us"' in body
    assert "Обязательное поле." in body
    assert not AuditEntry.objects.filter(action="territory.executive.update").exists()


def test_reducing_seats_below_the_serving_deputies_is_refused(staff_client):
    data = {"kind": "aiyl_kenesh", "name_ky": "К", "name_ru": "К", "name_en": "", "seats": "9"}
    response = staff_client.post(f"/en/office/territory/{KUM_DOBO}/council/", data)
    assert response.status_code == 200
    assert "15 deputies are serving" in response.content.decode()
    assert Council.objects.get(municipality__coate=KUM_DOBO).seats == 15


def test_add_end_and_edit_a_deputy(staff_client, staff):
    council = Council.objects.get(municipality__coate=KUM_DOBO)
    seats_full = staff_client.post(
        f"/en/office/territory/{KUM_DOBO}/deputies/add/",
        {"full_name": "Жаңы Депутат", "sex": Sex.FEMALE, "term_start": "2025-01-10"},
    )
    assert seats_full.status_code == 200
    assert "All 15 seats of the council are taken" in seats_full.content.decode()

    leaving = council.deputies.get(full_name="Осмонов Канатбек Төлөнович")
    response = staff_client.post(
        f"/en/office/territory/{KUM_DOBO}/deputies/{leaving.pk}/end/", {"term_end": "2025-01-09"}
    )
    assert response.status_code == 302
    leaving.refresh_from_db()
    assert leaving.term_end == datetime.date(2025, 1, 9)

    village = Settlement.objects.get(coate="41704235825040", parent__coate=KUM_DOBO)
    response = staff_client.post(
        f"/en/office/territory/{KUM_DOBO}/deputies/add/",
        {
            "full_name": "Абдыкеримова  Сезим",
            "sex": Sex.FEMALE,
            "term_start": "2025-01-10",
            "constituency": str(village.pk),
        },
    )
    assert response.status_code == 302
    newcomer = council.deputies.get(full_name="Абдыкеримова Сезим")
    assert newcomer.constituency == village

    response = staff_client.post(
        f"/en/office/territory/{KUM_DOBO}/deputies/{newcomer.pk}/",
        {"full_name": "Абдыкеримова Сезим Маратовна", "sex": Sex.FEMALE, "term_start": "2025-01-10"},
    )
    assert response.status_code == 302
    newcomer.refresh_from_db()
    assert newcomer.full_name == "Абдыкеримова Сезим Маратовна"
    assert newcomer.constituency is None
    actions = list(AuditEntry.objects.filter(actor=staff).values_list("action", flat=True).order_by("pk"))
    assert actions == ["territory.deputy.end_term", "territory.deputy.add", "territory.deputy.update"]


def test_a_deputy_of_another_council_is_404(staff_client):
    stranger = Deputy.objects.filter(council__municipality__coate=SEMIZ_BEL).first()
    assert staff_client.get(f"/en/office/territory/{KUM_DOBO}/deputies/{stranger.pk}/").status_code == 404


def test_term_end_before_start_is_refused(staff_client):
    deputy = Deputy.objects.filter(council__municipality__coate=KUM_DOBO, term_end__isnull=True).first()
    response = staff_client.post(
        f"/en/office/territory/{KUM_DOBO}/deputies/{deputy.pk}/end/", {"term_end": "2000-01-01"}
    )
    assert response.status_code == 200
    assert "cannot end before it started" in response.content.decode()
    deputy.refresh_from_db()
    assert deputy.term_end is None
