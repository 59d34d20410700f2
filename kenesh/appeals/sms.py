"""Appeals by SMS: "ARYZ <text>" (or APPEAL, ОБРАЩ) registers an appeal; "ARYZ YES <code>" answers whether
the answer solved it.

The reply carries the registration number, the tracking code and the full address of the public status
page. The municipality is the sender's (a known resident), that of the sender's earlier appeal, or the one
whose name or village's name the text mentions; failing all, the setting KENESH_APPEAL_SMS_MUNICIPALITY.
A number nobody knows is registered all the same and kept private, as every appellant's is.
"""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext

from kenesh.accounts.models import User
from kenesh.appeals import conf, selectors, services
from kenesh.appeals.codes import code_normalise
from kenesh.appeals.models import Appellant, Category, Channel
from kenesh.messaging.inbound import keyword_of
from kenesh.messaging.models import InboundSms
from kenesh.territory.models import Level, Municipality, Unit

# The keywords of an appeal by SMS; each says the language of the replies (APPEAL: the sender's, or Kyrgyz).
SMS_KEYWORDS = {"APPEAL": "", "ARYZ": "ky", "АРЫЗ": "ky", "ОБРАЩ": "ru", "ОБРАЩЕНИЕ": "ru"}
YES = {"YES", "ООБА", "ИЙЕ", "ДА", "OOBA"}
NO = {"NO", "ЖОК", "НЕТ", "JOK"}
WORD = re.compile(r"[\w-]+")


def _language(keyword: str, user: User | None) -> str:
    language = SMS_KEYWORDS.get(keyword, "")
    if language:
        return language
    return (user.preferred_language if user is not None else "") or "ky"


def _municipality_named(text: str) -> tuple[Any, Any]:
    """(municipality, village) whose name (Kyrgyz or Russian) is a word of the text, or (None, None)."""
    # Spellings compared as written, capitalised and in capitals: SQLite folds the case of ASCII letters only.
    words = [word for word in WORD.findall(text[:1000]) if len(word) >= 3][:60]
    spellings = {variant for word in words for variant in (word, word.title(), word.upper(), word.lower())}
    if not spellings:
        return None, None
    lookup = Q(name_ky__in=spellings) | Q(name_ru__in=spellings)
    places = Unit.objects.current().filter(lookup, level__in=[Level.MUNICIPALITY, Level.SETTLEMENT])
    for unit in places.order_by("level", "pk")[:5]:
        if unit.level == Level.MUNICIPALITY:
            return Municipality.objects.get(pk=unit.pk), None
        if unit.parent_id is not None:
            return Municipality.objects.filter(pk=unit.parent_id).first(), unit
    return None, None


def _place_of(sender: str, user: User | None, text: str) -> tuple[Any, Any]:
    if user is not None and user.municipality_id is not None:
        return user.municipality, user.village if user.village_id else None
    earlier = (
        Appellant.objects.filter(phone=sender).select_related("appeal__municipality").order_by("-pk").first()
    )
    named, village = _municipality_named(text)
    if named is not None:
        return named, village
    if earlier is not None:
        return earlier.appeal.municipality, None
    coate = conf.sms_municipality_coate()
    if coate:
        return Municipality.objects.current().filter(coate=coate).first(), None
    return None, None


def appeal_by_sms(message: InboundSms, text: str) -> str | None:
    """The handler of the appeal keywords; returns the reply in the sender's language."""
    keyword = keyword_of(text)
    user = User.objects.filter(phone=message.sender, is_active=True).first()
    body = text.split(maxsplit=1)[1].strip() if len(text.split(maxsplit=1)) > 1 else ""
    with translation.override(_language(keyword, user)):
        feedback = _feedback(message, body)
        if feedback is not None:
            return feedback
        if not body:
            return gettext(
                "Write your appeal after the word: ARYZ and the text, e.g. ARYZ No water in our street."
            )
        municipality, village = _place_of(message.sender, user, body)
        if municipality is None:
            return gettext(
                "Name your aiyl aimak or village in the message, e.g. ARYZ Kum-Dobo: no water in our street."
            )
        message.municipality_id = municipality.pk
        category = Category.objects.filter(municipality__isnull=True, slug="other").first()
        if category is None:
            category = Category.objects.filter(municipality__isnull=True).order_by("position").first()
        if category is None:
            return gettext("Appeals are not being taken yet.")
        try:
            submitted = services.appeal_submit(
                municipality=municipality,
                channel=Channel.SMS,
                text=body,
                category=category,
                village=village,
                contact=services.Contact(
                    name=user.full_name if user is not None else "", phone=message.sender, user=user
                ),
                language=translation.get_language() or "ky",
            )
        except ValidationError as error:
            return " ".join(str(m) for m in error.messages)
        appeal = submitted.appeal
        return gettext(
            "Your appeal is registered as No. %(number)s. Tracking code: %(code)s. The answer is due by "
            "%(due)s. Follow it at %(url)s"
        ) % {
            "number": appeal.registration_number,
            "code": appeal.code_display,
            "due": appeal.due_on.strftime("%d.%m.%Y"),
            "url": services.public_status_url(appeal, translation.get_language() or "ky"),
        }


def _feedback(message: InboundSms, body: str) -> str | None:
    """ "YES <code>" or "NO <code>" about one of this sender's answered appeals; None if it is not that."""
    words = body.split()
    if len(words) != 2 or words[0].upper() not in YES | NO:
        return None
    appeal = selectors.appeal_by_code(code_normalise(words[1]))
    if appeal is None or not Appellant.objects.filter(appeal=appeal, phone=message.sender).exists():
        return None
    message.municipality_id = appeal.municipality_id
    try:
        services.appeal_feedback(appeal=appeal, solved=words[0].upper() in YES)
    except ValidationError as error:
        return " ".join(str(m) for m in error.messages)
    return gettext("Thank you: your answer about appeal %(number)s is recorded.") % {
        "number": appeal.registration_number
    }
