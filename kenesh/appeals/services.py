"""The writes of the appeals app: every channel registers through `appeal_submit`; staff act on appeals.

Each write is one transaction with its audit entry. Audit entries and logs carry the registration number,
the category and the status, never the citizen's name, phone, email or text.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kenesh.accounts.identifiers import phone_normalise
from kenesh.accounts.permissions import is_staff_of
from kenesh.appeals import conf, tasks
from kenesh.appeals.codes import code_new
from kenesh.appeals.models import (
    OPEN_STATUSES,
    Appeal,
    Appellant,
    Category,
    Channel,
    Counter,
    Event,
    Head,
    Holiday,
    HolidayKind,
    Route,
    Status,
)
from kenesh.appeals.overdue import deadline_moment
from kenesh.appeals.workdays import calendar_load
from kenesh.audit.services import audit_record
from kenesh.messaging.services import email_send, sms_send

MAX_TEXT = 5000
LANGUAGES = ("ky", "ru")


@dataclass(frozen=True)
class Contact:
    """Who sent an appeal and where the answer goes; any of them may be empty, not all."""

    name: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    user: Any = None

    def key(self) -> str:
        if self.user is not None:
            return f"user:{self.user.pk}"
        return f"phone:{self.phone}|email:{self.email.lower()}|name:{self.name.strip().lower()}"


@dataclass(frozen=True)
class Submitted:
    appeal: Appeal
    duplicate: bool


def _fingerprint(municipality_id: int, contact: Contact, text: str) -> str:
    normal = " ".join(text.lower().split())
    return hashlib.sha256(f"{municipality_id}\n{contact.key()}\n{normal}".encode()).hexdigest()


def _contact_clean(contact: Contact, channel: str) -> Contact:
    phone = contact.phone.strip()
    if phone:
        try:
            phone = phone_normalise(phone)
        except ValidationError:
            raise ValidationError(
                {"phone": _("This is not a phone number. Write it as 0700 123 456 or +996 700 123 456.")}
            ) from None
    email = contact.email.strip().lower()
    name = contact.name.strip()[:200]
    if channel == Channel.WEB and contact.user is None and not (phone or email):
        raise ValidationError(
            {"phone": _("Give a phone number or an email address, so that the answer can reach you.")}
        )
    if channel == Channel.PAPER and not (name or phone or email or contact.address.strip()):
        raise ValidationError({"name": _("Write the name of the person who brought the appeal.")})
    return Contact(
        name=name, phone=phone, email=email, address=contact.address.strip()[:300], user=contact.user
    )


def _number_take(municipality: Any, year: int) -> int:
    """The next registration number of the municipality's year, in one statement that also locks the counter
    till the transaction ends (on SQLite the IMMEDIATE transaction already holds the database)."""
    table = connection.ops.quote_name(Counter._meta.db_table)
    sql = f"UPDATE {table} SET last = last + 1 WHERE municipality_id = %s AND year = %s RETURNING last"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [municipality.pk, year])
        row = cursor.fetchone()
    if row is not None:
        return int(row[0])
    try:
        with transaction.atomic():
            Counter.objects.create(municipality=municipality, year=year)
    except IntegrityError:
        pass  # another request made it first
    return _number_take(municipality, year)


def _assignee_for(municipality: Any, category: Category) -> int | None:
    """The id of the staff member routed this category, else of the head of the body, else None.

    Two plain queries at most: compiling one COALESCE of two subqueries cost more CPU than both together
    (profiled in the appeals load test)."""
    routed = (
        Route.objects.filter(municipality=municipality, category=category)
        .values_list("person_id", flat=True)
        .first()
    )
    if routed is not None:
        return int(routed)
    head = Head.objects.filter(municipality=municipality).values_list("person_id", flat=True).first()
    return int(head) if head is not None else None


def _schedule_overdue_check(appeal: Appeal) -> None:
    """Queue the overdue check for the end of the deadline's day, in the caller's transaction: the database
    backend writes the task as a row, so it exists exactly when the appeal (or its extension) does, and a
    registration costs one write transaction, not two."""
    tasks.appeal_overdue_check.using(run_after=deadline_moment(appeal.due_on)).enqueue(appeal.pk)


def appeal_submit(
    *,
    municipality: Any,
    channel: str,
    text: str,
    category: Category,
    contact: Contact,
    village: Any = None,
    publish_text: bool = False,
    photo: ContentFile | None = None,
    language: str = "ky",
    received_on: datetime.date | None = None,
    actor: Any = None,
) -> Submitted:
    """Register an appeal from any channel; the same one sent again within minutes is returned, not stored.

    Raises ValidationError (with a message in the active language) for an empty or overlong text, a
    category or village of another municipality, or no way to answer a web appeal.
    """
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write what the appeal is about.")})
    if len(text) > MAX_TEXT:
        raise ValidationError(
            {"text": _("The appeal is too long: at most %(max)s characters.") % {"max": MAX_TEXT}}
        )
    if category.municipality_id not in (None, municipality.pk):
        raise ValidationError({"category": _("Choose a category of this municipality.")})
    if village is not None and village.parent_id != municipality.pk:
        raise ValidationError({"village": _("Choose a village of this municipality.")})
    contact = _contact_clean(contact, channel)
    now = timezone.now()
    today = timezone.localdate(now)
    if received_on is None:
        received_on = today
    if received_on > today:
        raise ValidationError({"received_on": _("The date of receipt cannot be in the future.")})
    if received_on < today - datetime.timedelta(days=366):
        raise ValidationError({"received_on": _("The date of receipt is more than a year ago.")})
    fingerprint = _fingerprint(municipality.pk, contact, text)
    # Everything that only reads is done before the write transaction: its lock on the municipality's
    # counter (on SQLite, on the whole database) is held for the writes alone.
    due_on = calendar_load().add(received_on, conf.answer_days())
    assignee_id = _assignee_for(municipality, category)
    window = now - datetime.timedelta(minutes=conf.duplicate_minutes())
    with transaction.atomic():
        return _register(
            municipality=municipality,
            fingerprint=fingerprint,
            window=window,
            fields={
                "channel": channel,
                "category": category,
                "village": village,
                "text": text,
                "publish_text": publish_text,
                "language": language if language in LANGUAGES else "ky",
                "received_on": received_on,
                "registered_at": now,
                "due_on": due_on,
                "assignee_id": assignee_id,
            },
            contact=contact,
            photo=photo,
            actor=actor,
        )


def _register(
    *,
    municipality: Any,
    fingerprint: str,
    window: datetime.datetime,
    fields: dict[str, Any],
    contact: Contact,
    photo: ContentFile | None,
    actor: Any,
) -> Submitted:
    now = fields["registered_at"]
    year = timezone.localdate(now).year
    number = _number_take(municipality, year)
    # The number's lock is held from here to the commit: two copies of one appeal cannot both pass this
    # check. A copy gives its number back by rolling the transaction back.
    earlier = (
        Appeal.objects.filter(municipality=municipality, fingerprint=fingerprint, registered_at__gte=window)
        .order_by("pk")
        .first()
    )
    if earlier is not None:
        transaction.set_rollback(True)
        return Submitted(earlier, duplicate=True)
    appeal = Appeal(
        municipality=municipality,
        year=year,
        number=number,
        code=code_new(),
        fingerprint=fingerprint,
        **fields,
    )
    if photo is not None:
        appeal.photo.save("photo.jpg", photo, save=False)
    appeal.save(force_insert=True)
    Appellant.objects.create(
        appeal=appeal,
        name=contact.name,
        phone=contact.phone,
        email=contact.email,
        address=contact.address,
        user=contact.user,
    )
    Event.objects.create(appeal=appeal, kind=Event.Kind.REGISTERED, at=now, actor=actor)
    audit_record(
        actor=actor,
        action="appeals.appeal.register",
        target=appeal,
        municipality=municipality,
        changes={
            "channel": {"before": None, "after": fields["channel"]},
            "category": {"before": None, "after": fields["category"].slug},
        },
    )
    _schedule_overdue_check(appeal)
    return Submitted(appeal, duplicate=False)


def _check_handle(actor: Any, appeal: Appeal) -> None:
    if not actor.has_perm("appeals.handle", appeal):
        raise PermissionDenied("appeals.handle")


def _refuse_unless_open(appeal: Appeal) -> None:
    if appeal.status not in OPEN_STATUSES:
        raise ValidationError(_("This appeal is no longer open: it was answered, redirected or closed."))


def _log(actor: Any, appeal: Appeal, action: str, before: dict[str, Any], after: dict[str, Any]) -> None:
    changes = {key: {"before": before.get(key), "after": value} for key, value in after.items()}
    audit_record(actor=actor, action=action, target=appeal, municipality=appeal.municipality, changes=changes)


def _locked(appeal: Appeal) -> Appeal:
    return Appeal.objects.select_for_update().select_related("municipality").get(pk=appeal.pk)


@transaction.atomic
def appeal_take(*, actor: Any, appeal: Appeal) -> Appeal:
    """The staff member starts work on a registered appeal (and becomes its handler if it had none)."""
    _check_handle(actor, appeal)
    appeal = _locked(appeal)
    if appeal.status != Status.REGISTERED:
        raise ValidationError(_("Only a registered appeal can be taken into work."))
    before = {"status": appeal.status, "assignee": appeal.assignee_id}
    appeal.status = Status.IN_PROGRESS
    if appeal.assignee_id is None:
        appeal.assignee = actor
    appeal.save(update_fields=["status", "assignee"])
    Event.objects.create(appeal=appeal, kind=Event.Kind.IN_PROGRESS, at=timezone.now(), actor=actor)
    _log(
        actor,
        appeal,
        "appeals.appeal.take",
        before,
        {"status": appeal.status, "assignee": appeal.assignee_id},
    )
    return appeal


@transaction.atomic
def appeal_assign(*, actor: Any, appeal: Appeal, person: Any, category: Category | None = None) -> Appeal:
    """Hand an appeal to another staff member of its municipality (and correct its category)."""
    _check_handle(actor, appeal)
    appeal = _locked(appeal)
    if person is not None and not is_staff_of(person, appeal.municipality):
        raise ValidationError({"person": _("Choose a staff member of this municipality.")})
    if category is not None and category.municipality_id not in (None, appeal.municipality_id):
        raise ValidationError({"category": _("Choose a category of this municipality.")})
    before = {"assignee": appeal.assignee_id, "category": appeal.category.slug}
    appeal.assignee = person
    if category is not None:
        appeal.category = category
    appeal.save(update_fields=["assignee", "category"])
    _log(
        actor,
        appeal,
        "appeals.appeal.assign",
        before,
        {"assignee": appeal.assignee_id, "category": appeal.category.slug},
    )
    return appeal


def _answer_figures(appeal: Appeal, now: datetime.datetime) -> None:
    calendar = calendar_load()
    appeal.answer_working_days = calendar.between(appeal.received_on, timezone.localdate(now))
    appeal.on_time = timezone.localdate(now) <= appeal.due_on


@transaction.atomic
def appeal_answer(*, actor: Any, appeal: Appeal, text: str) -> Appeal:
    """Answer an open appeal; the answer goes to the citizen by SMS or email, in their language."""
    _check_handle(actor, appeal)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write the answer.")})
    if len(text) > MAX_TEXT:
        raise ValidationError(
            {"text": _("The answer is too long: at most %(max)s characters.") % {"max": MAX_TEXT}}
        )
    appeal = _locked(appeal)
    _refuse_unless_open(appeal)
    now = timezone.now()
    before = {"status": appeal.status}
    appeal.status = Status.ANSWERED
    appeal.answer = text
    appeal.answered_at = now
    if appeal.assignee_id is None:
        appeal.assignee = actor
    _answer_figures(appeal, now)
    appeal.save(
        update_fields=["status", "answer", "answered_at", "assignee", "answer_working_days", "on_time"]
    )
    Event.objects.create(appeal=appeal, kind=Event.Kind.ANSWERED, at=now, actor=actor)
    _log(actor, appeal, "appeals.appeal.answer", before, {"status": appeal.status, "on_time": appeal.on_time})
    _answer_send(appeal)
    return appeal


def public_status_url(appeal: Appeal, language: str) -> str:
    """The full address of the appeal's public status page (the site's base address from settings)."""
    with translation.override(language):
        path = reverse("appeals:track_code", kwargs={"code": appeal.code})
    return f"{conf.site_url()}{path}"


def _answer_send(appeal: Appeal) -> None:
    contact = Appellant.objects.select_related("user").get(appeal=appeal)
    phone = contact.phone or (contact.user.phone if contact.user is not None and contact.user.phone else "")
    email = contact.email or (contact.user.email if contact.user is not None and contact.user.email else "")
    language = appeal.language
    with translation.override(language):
        values = {
            "number": appeal.registration_number,
            "url": public_status_url(appeal, language),
            "code": appeal.code,
        }
        if phone:
            body = gettext(
                "Answer to your appeal %(number)s: %(answer)s\nDid this solve it? Reply ARYZ YES %(code)s "
                "or ARYZ NO %(code)s. %(url)s"
            ) % {**values, "answer": appeal.answer[:600]}
            sms_send(to=phone, text=body, municipality=appeal.municipality)
        elif email:
            email_send(
                to=email,
                subject=gettext("Answer to your appeal %(number)s") % values,
                template="appeals/email/answer",
                context={"appeal": appeal, "url": values["url"]},
                language=language,
            )


@transaction.atomic
def appeal_extend(*, actor: Any, appeal: Appeal, reason: str) -> Appeal:
    """Extend the answer deadline once, by the legal term, with a reason that is shown in public."""
    _check_handle(actor, appeal)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Write why the deadline is extended.")})
    appeal = _locked(appeal)
    _refuse_unless_open(appeal)
    if appeal.extended_at is not None:
        raise ValidationError(_("The deadline of this appeal was extended already; the law allows it once."))
    now = timezone.now()
    before = {"due_on": str(appeal.due_on)}
    appeal.due_on_before_extension = appeal.due_on
    appeal.due_on = calendar_load().add(appeal.due_on, conf.extension_days())
    appeal.extended_at = now
    appeal.extension_reason = reason[:500]
    # An appeal escalated as overdue and then extended is overdue no more in public.
    appeal.overdue_at = None if timezone.localdate(now) <= appeal.due_on else appeal.overdue_at
    appeal.save(
        update_fields=["due_on", "due_on_before_extension", "extended_at", "extension_reason", "overdue_at"]
    )
    Event.objects.create(appeal=appeal, kind=Event.Kind.EXTENDED, at=now, actor=actor, note=reason[:500])
    _log(actor, appeal, "appeals.appeal.extend", before, {"due_on": str(appeal.due_on)})
    _schedule_overdue_check(appeal)
    return appeal


@transaction.atomic
def appeal_redirect(*, actor: Any, appeal: Appeal, body: str) -> Appeal:
    """Send an appeal to the body that is competent; which body is shown in public."""
    _check_handle(actor, appeal)
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Write which body the appeal was sent to.")})
    appeal = _locked(appeal)
    _refuse_unless_open(appeal)
    now = timezone.now()
    before = {"status": appeal.status}
    appeal.status = Status.REDIRECTED
    appeal.redirected_to = body[:300]
    appeal.answered_at = now
    _answer_figures(appeal, now)
    appeal.save(update_fields=["status", "redirected_to", "answered_at", "answer_working_days", "on_time"])
    Event.objects.create(appeal=appeal, kind=Event.Kind.REDIRECTED, at=now, actor=actor, note=body[:300])
    _log(
        actor,
        appeal,
        "appeals.appeal.redirect",
        before,
        {"status": appeal.status, "redirected_to": appeal.redirected_to},
    )
    return appeal


@transaction.atomic
def appeal_close(*, actor: Any, appeal: Appeal) -> Appeal:
    """Close an answered or redirected appeal."""
    _check_handle(actor, appeal)
    appeal = _locked(appeal)
    if appeal.status not in (Status.ANSWERED, Status.REDIRECTED):
        raise ValidationError(_("Only an answered or redirected appeal can be closed."))
    now = timezone.now()
    before = {"status": appeal.status}
    appeal.status = Status.CLOSED
    appeal.closed_at = now
    appeal.save(update_fields=["status", "closed_at"])
    Event.objects.create(appeal=appeal, kind=Event.Kind.CLOSED, at=now, actor=actor)
    _log(actor, appeal, "appeals.appeal.close", before, {"status": appeal.status})
    return appeal


@transaction.atomic
def appeal_feedback(*, appeal: Appeal, solved: bool) -> Appeal:
    """The citizen says whether the answer solved the problem (the tracking code proves who they are)."""
    appeal = _locked(appeal)
    if appeal.status not in (Status.ANSWERED, Status.CLOSED) or not appeal.answer:
        raise ValidationError(_("This appeal has no answer yet."))
    now = timezone.now()
    before = {"solved": appeal.solved}
    appeal.solved = solved
    appeal.solved_marked_at = now
    appeal.save(update_fields=["solved", "solved_marked_at"])
    Event.objects.create(appeal=appeal, kind=Event.Kind.FEEDBACK, at=now)
    _log(None, appeal, "appeals.appeal.feedback", before, {"solved": solved})
    return appeal


# --- Configuration: categories, routing, the head, the calendar.


@transaction.atomic
def category_add(*, actor: Any, municipality: Any, slug: str, name_ky: str, name_ru: str) -> Category:
    if not actor.has_perm("appeals.configure", municipality):
        raise PermissionDenied("appeals.configure")
    if not (name_ky.strip() or name_ru.strip()):
        raise ValidationError({"name_ky": _("Write the name in Kyrgyz, in Russian, or in both.")})
    taken = Category.objects.filter(slug=slug).filter(
        Q(municipality__isnull=True) | Q(municipality=municipality)
    )
    if taken.exists():
        raise ValidationError({"slug": _("A category with this code exists already.")})
    category = Category.objects.create(
        municipality=municipality, slug=slug, name_ky=name_ky.strip(), name_ru=name_ru.strip(), position=200
    )
    audit_record(
        actor=actor,
        action="appeals.category.add",
        target=category,
        municipality=municipality,
        changes={"slug": {"before": None, "after": slug}},
    )
    return category


@transaction.atomic
def route_set(*, actor: Any, municipality: Any, category: Category, person: Any) -> None:
    """Who handles a category's appeals in a municipality (None: nobody in particular, the head)."""
    if not actor.has_perm("appeals.configure", municipality):
        raise PermissionDenied("appeals.configure")
    if person is not None and not is_staff_of(person, municipality):
        raise ValidationError({"person": _("Choose a staff member of this municipality.")})
    before = Route.objects.filter(municipality=municipality, category=category).first()
    if person is None:
        Route.objects.filter(municipality=municipality, category=category).delete()
    else:
        Route.objects.update_or_create(
            municipality=municipality, category=category, defaults={"person": person}
        )
    audit_record(
        actor=actor,
        action="appeals.route.set",
        target=category,
        municipality=municipality,
        changes={
            "person": {"before": before.person_id if before else None, "after": person.pk if person else None}
        },
    )


@transaction.atomic
def head_set(*, actor: Any, municipality: Any, person: Any) -> Head:
    if not actor.has_perm("appeals.configure", municipality):
        raise PermissionDenied("appeals.configure")
    if not is_staff_of(person, municipality):
        raise ValidationError({"person": _("Choose a staff member of this municipality.")})
    before = Head.objects.filter(municipality=municipality).first()
    head, _created = Head.objects.update_or_create(municipality=municipality, defaults={"person": person})
    audit_record(
        actor=actor,
        action="appeals.head.set",
        target=head,
        municipality=municipality,
        changes={"person": {"before": before.person_id if before else None, "after": person.pk}},
    )
    return head


@transaction.atomic
def holiday_add(
    *,
    actor: Any,
    kind: str,
    name_ky: str,
    name_ru: str,
    date: datetime.date | None = None,
    month: int | None = None,
    day: int | None = None,
) -> Holiday:
    if not actor.has_perm("appeals.maintain_calendar"):
        raise PermissionDenied("appeals.maintain_calendar")
    if kind == HolidayKind.FIXED:
        if not month or not day:
            raise ValidationError({"month": _("Give the month and the day.")})
        try:
            datetime.date(2024, month, day)
        except ValueError:
            raise ValidationError({"day": _("There is no such day.")}) from None
        date = None
    else:
        if date is None:
            raise ValidationError({"date": _("Give the date.")})
        if kind == HolidayKind.WORKING_DAY and date.weekday() < 5:
            raise ValidationError({"date": _("A moved working day falls on a Saturday or a Sunday.")})
        month = day = None
    if not (name_ky.strip() or name_ru.strip()):
        raise ValidationError({"name_ky": _("Write the name in Kyrgyz, in Russian, or in both.")})
    holiday = Holiday.objects.create(
        kind=kind, date=date, month=month, day=day, name_ky=name_ky.strip(), name_ru=name_ru.strip()
    )
    audit_record(
        actor=actor,
        action="appeals.holiday.add",
        target=holiday,
        changes={"holiday": {"before": None, "after": str(holiday)}},
    )
    return holiday


@transaction.atomic
def holiday_remove(*, actor: Any, holiday: Holiday) -> None:
    if not actor.has_perm("appeals.maintain_calendar"):
        raise PermissionDenied("appeals.maintain_calendar")
    audit_record(
        actor=actor,
        action="appeals.holiday.remove",
        target=holiday,
        changes={"holiday": {"before": str(holiday), "after": None}},
    )
    holiday.delete()
