"""The audit log: one append-only row per back-office change."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEntryImmutable(Exception):
    """An audit entry was about to be changed or deleted."""


class AuditEntry(models.Model):
    """Who did what to which object, where and when; written by `audit_record`, never edited.

    The municipality is kept as its СОАТЕ code rather than a foreign key: territorial units are versioned
    (a reform closes one version and opens another), and the log must keep pointing at the code it was
    written for, even after the unit is replaced or removed.
    """

    time = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Kept apart from the foreign key so that the entry still names the person after the account is gone.
    actor_label = models.CharField(_("actor label"), max_length=200, blank=True)
    action = models.CharField(_("action"), max_length=100, db_index=True)
    target_type = models.ForeignKey(
        ContentType,
        verbose_name=_("target type"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    target_id = models.CharField(_("target id"), max_length=64, blank=True)
    target_repr = models.CharField(_("target"), max_length=300, blank=True)
    municipality_coate = models.CharField(_("municipality (СОАТЕ)"), max_length=14, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-time", "-id"]
        indexes = [
            models.Index(fields=["municipality_coate", "-time"], name="audit_entry_municipality_time"),
            models.Index(fields=["target_type", "target_id"], name="audit_entry_target"),
        ]

    def __str__(self) -> str:
        return f"{self.time:%Y-%m-%d %H:%M} {self.actor_label or '-'} {self.action} {self.target_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AuditEntryImmutable("Audit entries are written once and never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AuditEntryImmutable("Audit entries are never deleted.")

    def change_list(self) -> list[tuple[str, Any, Any]]:
        """(field, before, after) for each recorded change; a bare value is read as the new value."""
        rows = []
        for field, change in sorted((self.changes or {}).items()):
            if isinstance(change, dict) and set(change) <= {"before", "after"}:
                rows.append((field, change.get("before"), change.get("after")))
            else:
                rows.append((field, None, change))
        return rows
