"""The SMS outbox and inbox: every message sent or received, with its delivery state."""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


def new_reference() -> str:
    return uuid.uuid4().hex


class OutboundStatus(models.TextChoices):
    QUEUED = "queued", pgettext_lazy("SMS status", "queued")
    OUTBOX = "outbox", pgettext_lazy("SMS status", "delivered to outbox")
    SENT = "sent", pgettext_lazy("SMS status", "sent")
    FAILED = "failed", pgettext_lazy("SMS status", "failed")


class OutboundSms(models.Model):
    """One text message to one phone; `sms_send` creates it, the delivery task moves it on."""

    to = models.CharField(_("to"), max_length=20, db_index=True)
    text = models.TextField(_("text"))
    # The municipality whose business the message is (a vote's, say), when the sender knows it: its staff
    # read the message in the office, and no other municipality's staff do (see `selectors`).
    municipality = models.ForeignKey(
        "territory.Municipality",
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=OutboundStatus.choices, default=OutboundStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    # Ours, sent with the message so that the gateway can drop a repeated delivery.
    reference = models.CharField(_("reference"), max_length=64, unique=True, default=new_reference)
    # The gateway's own id of the message, when it gives one.
    gateway_reference = models.CharField(_("gateway reference"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing SMS")
        verbose_name_plural = _("outgoing SMS")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"→ {self.to}: {self.text[:40]}"


class InboundSms(models.Model):
    """One text message received through the gateway's webhook."""

    sender = models.CharField(_("from"), max_length=32, db_index=True)
    # As received, except for the keywords whose messages are secret (a ballot): then only the keyword,
    # with `redacted` set; the rest of the text reached the handler and was never stored.
    text = models.TextField(_("text"))
    keyword = models.CharField(_("keyword"), max_length=32, blank=True, db_index=True)
    redacted = models.BooleanField(_("content not kept"), default=False)
    # Set by the keyword's handler when the message turns out to concern one municipality (a vote there).
    municipality = models.ForeignKey(
        "territory.Municipality",
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    received_at = models.DateTimeField(_("received"), auto_now_add=True, db_index=True)
    handled = models.BooleanField(_("handled"), default=False)
    reply = models.OneToOneField(
        OutboundSms,
        verbose_name=_("reply"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="in_reply_to",
    )
    # The gateway's id of the message: a webhook call repeated by the gateway is stored once.
    gateway_reference = models.CharField(_("gateway reference"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("incoming SMS")
        verbose_name_plural = _("incoming SMS")
        ordering = ["-received_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["gateway_reference"],
                condition=~Q(gateway_reference=""),
                name="messaging_inbound_gateway_reference",
            )
        ]

    def __str__(self) -> str:
        return f"← {self.sender}: {self.text[:40]}"
