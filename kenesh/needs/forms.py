"""Forms of the needs office: a campaign, a category, a session from its paper form, a Kobo CSV upload.

The session form is one page that works on a phone: the group and its counts, then one block per problem
(category, its words in Kyrgyz and/or Russian, its points or rank); blank blocks are ignored.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from kenesh.needs.models import Campaign, Category, GroupType, RankingMethod, Session
from kenesh.needs.services import AGE_FIELDS, ProblemInput, SessionInput
from kenesh.territory.models import Unit

# Problem blocks on the session form: more than any campaign's limit, so a long paper list can be typed
# (the service then says how many the method allows).
PROBLEM_ROWS = 8


def _choices(form: forms.Form, name: str, queryset: Any, label: Any) -> None:
    """Give a model choice field its queryset and how an option reads."""
    field = cast(forms.ModelChoiceField, form.fields[name])
    field.queryset = queryset
    field.label_from_instance = label  # type: ignore[method-assign]


class CampaignForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    starts_on = forms.DateField(label=_("Starts on"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label=_("Ends on"), widget=forms.DateInput(attrs={"type": "date"}))
    facilitators = forms.CharField(label=_("Facilitators"), max_length=500, required=False)
    points_per_person = forms.IntegerField(
        label=_("Points per participant (dot voting)"), min_value=1, max_value=20, initial=3
    )
    max_problems = forms.IntegerField(
        label=_("Problems ranked per session, at most"), min_value=1, max_value=20, initial=5
    )


class CategoryForm(forms.Form):
    name_ky = forms.CharField(label=_("Name in Kyrgyz"), max_length=120, required=False)
    name_ru = forms.CharField(label=_("Name in Russian"), max_length=120, required=False)


class SessionForm(forms.Form):
    village = forms.ModelChoiceField(label=_("Village"), queryset=Unit.objects.none())
    held_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    facilitator = forms.CharField(label=_("Facilitator"), max_length=200, required=False)
    group_type = forms.ChoiceField(label=_("Group"), choices=GroupType.choices)
    method = forms.ChoiceField(
        label=_("How the group ranked"), choices=RankingMethod.choices, widget=forms.RadioSelect
    )
    participants = forms.IntegerField(label=_("Participants"), min_value=0, max_value=10_000)
    women = forms.IntegerField(label=_("Women"), min_value=0, max_value=10_000)
    men = forms.IntegerField(label=_("Men"), min_value=0, max_value=10_000)
    age_under_18 = forms.IntegerField(label=_("Under 18"), min_value=0, max_value=10_000, required=False)
    age_18_29 = forms.IntegerField(label=_("18 to 29"), min_value=0, max_value=10_000, required=False)
    age_30_59 = forms.IntegerField(label=_("30 to 59"), min_value=0, max_value=10_000, required=False)
    age_60_plus = forms.IntegerField(label=_("60 and older"), min_value=0, max_value=10_000, required=False)
    source_ref = forms.CharField(label=_("Form number"), max_length=64, required=False)

    def __init__(self, *args: Any, campaign: Campaign, categories: list[Category], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        _choices(
            self,
            "village",
            Unit.objects.filter(parent=campaign.municipality).order_by("name_ru"),
            lambda unit: unit.name,
        )
        choices = [("", "—")] + [(str(category.pk), category.name) for category in categories]
        self.categories = {str(category.pk): category for category in categories}
        for number in range(1, PROBLEM_ROWS + 1):
            self.fields[f"problem_{number}_category"] = forms.ChoiceField(
                label=_("Category"), choices=choices, required=False
            )
            self.fields[f"problem_{number}_text_ky"] = forms.CharField(
                label=_("In Kyrgyz"), max_length=300, required=False
            )
            self.fields[f"problem_{number}_text_ru"] = forms.CharField(
                label=_("In Russian"), max_length=300, required=False
            )
            self.fields[f"problem_{number}_score"] = forms.IntegerField(
                label=_("Points or rank"), min_value=1, max_value=100_000, required=False
            )

    @property
    def session_fields(self) -> list[forms.BoundField]:
        return [
            self[name] for name in ("village", "held_on", "facilitator", "group_type", "method", "source_ref")
        ]

    @property
    def count_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("participants", "women", "men")]

    @property
    def age_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in AGE_FIELDS]

    @property
    def problem_rows(self) -> list[dict[str, Any]]:
        return [
            {
                "number": number,
                "fields": [
                    self[f"problem_{number}_{part}"] for part in ("category", "text_ky", "text_ru", "score")
                ],
            }
            for number in range(1, PROBLEM_ROWS + 1)
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for number in range(1, PROBLEM_ROWS + 1):
            category = cleaned.get(f"problem_{number}_category")
            typed = any(cleaned.get(f"problem_{number}_{part}") for part in ("text_ky", "text_ru", "score"))
            if typed and not category:
                self.add_error(f"problem_{number}_category", _("Choose the category of this problem."))
        return cleaned

    def session_input(self) -> SessionInput:
        data = self.cleaned_data
        method = data["method"]
        problems = []
        for number in range(1, PROBLEM_ROWS + 1):
            key = data.get(f"problem_{number}_category")
            if not key:
                continue
            score = data.get(f"problem_{number}_score")
            problems.append(
                ProblemInput(
                    category=self.categories[key],
                    text_ky=data.get(f"problem_{number}_text_ky") or "",
                    text_ru=data.get(f"problem_{number}_text_ru") or "",
                    points=score if method == RankingMethod.POINTS else None,
                    rank=score if method == RankingMethod.RANK else None,
                )
            )
        return SessionInput(
            village=data["village"],
            held_on=data["held_on"],
            facilitator=data.get("facilitator") or "",
            group_type=data["group_type"],
            method=method,
            participants=data["participants"],
            women=data["women"],
            men=data["men"],
            ages={name: data.get(name) for name in AGE_FIELDS},
            problems=problems,
            source_ref=data.get("source_ref") or "",
        )


def session_initial(session: Session) -> dict[str, Any]:
    """The form's values for an existing session (to correct it)."""
    initial: dict[str, Any] = {
        "village": session.village_id,
        "held_on": session.held_on,
        "facilitator": session.facilitator,
        "group_type": session.group_type,
        "method": session.method,
        "participants": session.participants,
        "women": session.women,
        "men": session.men,
        "source_ref": session.source_ref,
        **{name: getattr(session, name) for name in AGE_FIELDS},
    }
    for number, problem in enumerate(session.problems.all(), start=1):
        initial[f"problem_{number}_category"] = str(problem.category_id)
        initial[f"problem_{number}_text_ky"] = problem.text_ky
        initial[f"problem_{number}_text_ru"] = problem.text_ru
        initial[f"problem_{number}_score"] = problem.points if problem.points is not None else problem.rank
    return initial


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Kobo CSV export"),
        help_text=_("CSV from KoboToolbox or another XLSForm tool, with ; or , between columns, UTF-8."),
    )
