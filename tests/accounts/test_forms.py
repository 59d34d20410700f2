"""Sign-up and profile forms: their errors, in the language of the page."""

import pytest
from django.utils import translation

from kenesh.accounts.forms import LoginForm, ProfileForm, RoleGrantForm, SignUpForm
from kenesh.accounts.models import Role, User

pytestmark = pytest.mark.django_db


def _signup(**changes):
    data = {
        "login": "0700 123 456",
        "full_name": "Айгүл Асанова",
        "preferred_language": "ky",
        "password1": "Tokmok-2026-kenesh",
        "password2": "Tokmok-2026-kenesh",
        **changes,
    }
    return SignUpForm(data)


MESSAGES = {
    "bad_phone": {
        "ky": "«12345» — туура эмес телефон номери. Аны 0700 123 456 же +996 700 123 456 деп жазыңыз.",
        "ru": "«12345» — неверный номер телефона. Пишите так: 0700 123 456 или +996 700 123 456.",
        "en": "“12345” is not a valid phone number. Write it like 0700 123 456 or +996 700 123 456.",
    },
    "duplicate": {
        "ky": "Бул телефон номери же электрондук почта менен буга чейин катталышкан. Анын ордуна кириңиз.",
        "ru": "С этим номером телефона или адресом эл. почты уже зарегистрировались. Войдите вместо этого.",
        "en": "Someone has already signed up with this phone number or email address. Sign in instead.",
    },
    "numeric_password": {
        "ky": "Бул сырсөз жалаң сандан турат.",
        "ru": "Введённый пароль состоит только из цифр.",
        "en": "This password is entirely numeric.",
    },
    "mismatch": {
        "ky": "Эки сырсөз дал келбейт.",
        "ru": "Пароли не совпадают.",
        "en": "The two passwords differ.",
    },
}


@pytest.mark.parametrize("language", ["ky", "ru", "en"])
def test_a_bad_phone_number_is_explained_in_the_language_of_the_page(language):
    with translation.override(language):
        form = _signup(login="12345")
        assert form.errors["login"] == [MESSAGES["bad_phone"][language]]


@pytest.mark.parametrize("language", ["ky", "ru", "en"])
def test_a_duplicate_email_is_refused_whatever_its_case(language):
    User.objects.create_user("aigul@kenesh.test", None, full_name="Айгүл")
    with translation.override(language):
        form = _signup(login="Aigul@Kenesh.TEST")
        assert form.errors["login"] == [MESSAGES["duplicate"][language]]


@pytest.mark.parametrize("language", ["ky", "ru", "en"])
def test_a_weak_password_is_refused_with_django_s_reasons_translated(language):
    with translation.override(language):
        form = _signup(password1="20262026", password2="20262026")
        assert MESSAGES["numeric_password"][language] in form.errors["password1"]
        form = _signup(password2="something-else-2026")
        assert form.errors["password2"] == [MESSAGES["mismatch"][language]]


def test_a_password_like_the_persons_name_is_refused():
    form = _signup(full_name="Tokmok Kenesh", password1="tokmokkenesh", password2="tokmokkenesh")
    assert "password1" in form.errors


def test_a_good_sign_up_normalises_the_login(municipality):
    form = _signup(municipality=municipality.pk)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["login"] == "+996700123456"


def test_the_login_form_labels_its_field_phone_or_email():
    with translation.override("ru"):
        assert str(LoginForm().fields["username"].label) == "Номер телефона или эл. почта"


def test_the_profile_offers_only_villages_of_the_chosen_municipality(
    municipality, other_municipality, village
):
    person = User.objects.create_user("a@kenesh.test", None, full_name="A", municipality=municipality)
    assert list(ProfileForm(instance=person).fields["village"].queryset) == [village]
    moved = ProfileForm({"municipality": other_municipality.pk}, instance=person)
    assert list(moved.fields["village"].queryset) == []


def test_the_profile_shows_the_consent_text_and_needs_consent_for_answers(municipality):
    person = User.objects.create_user("a@kenesh.test", None, full_name="A")
    with translation.override("ky"):
        form = ProfileForm({"full_name": "A", "preferred_language": "ky", "sex": "m"}, instance=person)
        assert "Kenesh жогорудагы жоопторумду" in str(form["consent"].label)
        assert form.errors["consent"] == [
            "Бул жоопторду сактоо үчүн макулдук белгисин коюңуз же аларды бош калтырыңыз."
        ]


def test_the_role_form_offers_the_given_roles_and_finds_the_person():
    User.objects.create_user("0700 123 456", None, full_name="A")
    form = RoleGrantForm({"login": "0700123456", "role": "deputy"}, roles=[Role.DEPUTY, Role.MONITOR])
    assert form.is_valid(), form.errors
    assert form.person.phone == "+996700123456"
    assert not RoleGrantForm({"login": "0700123456", "role": "admin"}, roles=[Role.DEPUTY]).is_valid()
