"""Forms of the action plan office: a plan, its approval, an item, a group, a member."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from kenesh.needs.models import Campaign, Priority
from kenesh.pb.models import Proposal
from kenesh.plans.models import GroupKind, ItemStatus, Plan
from kenesh.plans.services import ItemInput
from kenesh.territory.models import Unit


def _choices(form: forms.Form, name: str, queryset: Any, label: Any) -> None:
    """Give a model choice field its queryset and how an option reads."""
    field = cast(forms.ModelChoiceField, form.fields[name])
    field.queryset = queryset
    field.label_from_instance = label  # type: ignore[method-assign]


def _money(label: Any) -> forms.DecimalField:
    return forms.DecimalField(label=label, min_value=0, max_digits=14, decimal_places=2, required=False)


class PlanForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    campaign = forms.ModelChoiceField(
        label=_("Needs assessment"), queryset=Campaign.objects.none(), required=False
    )

    def __init__(self, *args: Any, municipality: Unit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(
            self,
            "campaign",
            Campaign.objects.filter(municipality=municipality).order_by("-year"),
            lambda campaign: str(campaign.year),
        )


class ApproveForm(forms.Form):
    approved_on = forms.DateField(
        label=_("Date of the village gathering"), widget=forms.DateInput(attrs={"type": "date"})
    )
    gathering_place = forms.CharField(label=_("Place of the gathering"), max_length=200, required=False)
    gathering_participants = forms.IntegerField(
        label=_("Participants of the gathering"), min_value=0, required=False
    )
    minutes_ky = forms.CharField(
        label=_("Minutes in Kyrgyz"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    minutes_ru = forms.CharField(
        label=_("Minutes in Russian"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )


class ItemForm(forms.Form):
    priority = forms.ModelChoiceField(label=_("Priority"), queryset=Priority.objects.none(), required=False)
    title_ky = forms.CharField(label=_("Title in Kyrgyz"), max_length=200, required=False)
    title_ru = forms.CharField(label=_("Title in Russian"), max_length=200, required=False)
    steps_ky = forms.CharField(
        label=_("Steps in Kyrgyz"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    steps_ru = forms.CharField(
        label=_("Steps in Russian"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    responsible = forms.CharField(label=_("Responsible person or body"), max_length=200, required=False)
    deadline = forms.DateField(label=_("Deadline"), widget=forms.DateInput(attrs={"type": "date"}))
    budget_line_key = forms.CharField(
        label=_("Local budget line"),
        max_length=200,
        required=False,
        help_text=_("Its key, e.g. expenditure:7063:2215 (function and economic item)."),
    )
    cost_local = _money(_("Local budget, som"))
    cost_community = _money(_("Community contribution, som"))
    cost_donor = _money(_("Donor or ARIS, som"))
    donor_name = forms.CharField(label=_("Donor"), max_length=200, required=False)
    cost_republican = _money(_("Republican budget, som"))
    status = forms.ChoiceField(label=_("Status"), choices=ItemStatus.choices)
    progress = forms.IntegerField(label=_("Progress, %"), min_value=0, max_value=100, initial=0)
    pb_proposal = forms.ModelChoiceField(
        label=_("Participatory budgeting project"), queryset=Proposal.objects.none(), required=False
    )

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(
            self,
            "priority",
            Priority.objects.filter(campaign_id=plan.campaign_id or 0, rank__isnull=False).select_related(
                "category"
            ),
            lambda p: f"{p.rank}. {p.category.name}",
        )
        _choices(
            self,
            "pb_proposal",
            Proposal.objects.filter(process__municipality_id=plan.municipality_id).select_related("process"),
            lambda p: f"{p.number}. {p.title_ky or p.title_ru}",
        )

    def item_input(self) -> ItemInput:
        data = dict(self.cleaned_data)
        for name in ("cost_local", "cost_community", "cost_donor", "cost_republican"):
            data[name] = data.get(name) or 0
        data["progress"] = data.get("progress") or 0
        return ItemInput(**data)


class GroupForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=GroupKind.choices)
    name_ky = forms.CharField(label=_("Name in Kyrgyz"), max_length=200, required=False)
    name_ru = forms.CharField(label=_("Name in Russian"), max_length=200, required=False)
    village = forms.ModelChoiceField(label=_("Village"), queryset=Unit.objects.none(), required=False)

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(
            self,
            "village",
            Unit.objects.filter(parent_id=plan.municipality_id).order_by("name_ru"),
            lambda unit: unit.name,
        )


class MemberForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    account = forms.CharField(label=_("Or the account's email or phone"), max_length=254, required=False)
    role = forms.CharField(label=_("Role in the group"), max_length=100, required=False)
