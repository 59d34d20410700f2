"""Residents' subscriptions to a municipality's notices, and the notices each one was sent."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kenesh.territory.models import Level


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Channel(models.TextChoices):
    SMS = "sms", _("SMS")
    EMAIL = "email", _("email")


class Subscription(models.Model):
    """One address (a phone or an email) that asked for one municipality's notices on one channel."""

    municipality = models.ForeignKey(
        "territory.Unit",
        on_delete=models.CASCADE,
        limit_choices_to={"level": Level.MUNICIPALITY},
        related_name="+",
        verbose_name=_("municipality"),
    )
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    # E.164 for SMS, an email address for email: taken from the person's account when they opted in.
    address = models.CharField(_("address"), max_length=254)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person"),
    )
    # The secret of the unsubscribe link in every email.
    token = models.CharField(_("token"), max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "channel", "address"],
                condition=Q(cancelled_at__isnull=True),
                name="notices_subscription_one_active",
            )
        ]

    def __str__(self) -> str:
        return f"{self.channel}:{self.address} → {self.municipality_id}"

    @property
    def is_active(self) -> bool:
        return self.cancelled_at is None


class Delivery(models.Model):
    """One notice (a `topic`, e.g. "hearing:12") sent to one subscription; each is sent at most once."""

    subscription = models.ForeignKey(
        Subscription, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("subscription")
    )
    topic = models.CharField(_("topic"), max_length=64, db_index=True)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("notice sent")
        verbose_name_plural = _("notices sent")
        constraints = [
            models.UniqueConstraint(fields=["subscription", "topic"], name="notices_delivery_once")
        ]

    def __str__(self) -> str:
        return f"{self.topic} → {self.subscription_id}"
