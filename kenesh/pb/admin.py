"""Processes and proposals in the admin, for reading: changes go through the services and the office pages.

Ballots are not registered at all: the admin is no back door to how anyone voted.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from kenesh.pb.models import PaperBallot, Participation, PhaseChange, Process, Proposal, Result


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Process)
class ProcessAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "municipality", "phase", "ballot_format", "rule", "budget"]
    list_filter = ["phase", "ballot_format", "rule"]


@admin.register(Proposal)
class ProposalAdmin(ReadOnlyAdmin):
    list_display = ["number", "__str__", "process", "status", "estimated_cost", "final_cost", "hidden"]
    list_filter = ["status", "category", "hidden"]
    search_fields = ["title_ky", "title_ru"]


@admin.register(PhaseChange)
class PhaseChangeAdmin(ReadOnlyAdmin):
    list_display = ["process", "from_phase", "to_phase", "actor", "at"]


@admin.register(Participation)
class ParticipationAdmin(ReadOnlyAdmin):
    list_display = ["process", "user", "channel", "voted_at", "changed_at"]


@admin.register(PaperBallot)
class PaperBallotAdmin(ReadOnlyAdmin):
    list_display = ["process", "serial", "status"]
    list_filter = ["status"]


@admin.register(Result)
class ResultAdmin(ReadOnlyAdmin):
    list_display = ["process", "rule", "status", "progress", "published_at"]
