"""Forms of participatory budgeting: process settings, proposals, review, codes and paper entries."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext_lazy as _

from kenesh.pb.models import PHASE_ORDER, Credential, Phase, Process, Proposal, ProposalStatus
from kenesh.pb.photos import MAX_PHOTOS_PER_REQUEST
from kenesh.pb.receipts import receipt_is_wellformed, receipt_normalise
from kenesh.pb.services import PROCESS_FIELDS
from kenesh.territory.models import Settlement


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class VillageChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


def _villages_of(municipality: Any) -> Any:
    return Settlement.objects.get_queryset().filter(parent_id=municipality.pk).order_by("name_ru")


class ProcessForm(forms.ModelForm):
    class Meta:
        model = Process
        fields = list(PROCESS_FIELDS)
        field_classes = {"village": VillageChoiceField}
        widgets = {
            "title_ky": forms.TextInput(attrs={"lang": "ky"}),
            "title_ru": forms.TextInput(attrs={"lang": "ru"}),
            "title_en": forms.TextInput(attrs={"lang": "en"}),
            "donor_name_ky": forms.TextInput(attrs={"lang": "ky"}),
            "donor_name_ru": forms.TextInput(attrs={"lang": "ru"}),
            "donor_name_en": forms.TextInput(attrs={"lang": "en"}),
            "description_ky": forms.Textarea(attrs={"lang": "ky", "rows": 4}),
            "description_ru": forms.Textarea(attrs={"lang": "ru", "rows": 4}),
            "description_en": forms.Textarea(attrs={"lang": "en", "rows": 4}),
            "proposals_from": DateTimeInput(),
            "review_from": DateTimeInput(),
            "voting_from": DateTimeInput(),
            "voting_until": DateTimeInput(),
            "results_from": DateTimeInput(),
        }

    def __init__(self, *args: Any, municipality: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        village = self.fields["village"]
        assert isinstance(village, forms.ModelChoiceField)
        village.queryset = _villages_of(municipality)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiplePhotoField(forms.FileField):
    """Several files in one input; each is checked (and cleaned) by the service, not here."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        if isinstance(data, list | tuple):
            # Counted before any file is opened; the service checks each one and their pixels together.
            if len(data) > MAX_PHOTOS_PER_REQUEST:
                raise ValidationError(
                    _("At most %(count)s photos at a time.") % {"count": MAX_PHOTOS_PER_REQUEST},
                    code="photo_count",
                )
            return [super(MultiplePhotoField, self).clean(item, initial) for item in data]
        return [super().clean(data, initial)] if data else []


class ProposalForm(forms.Form):
    title_ky = forms.CharField(label=_("Title in Kyrgyz"), max_length=200, required=False)
    title_ru = forms.CharField(label=_("Title in Russian"), max_length=200, required=False)
    description_ky = forms.CharField(
        label=_("Description in Kyrgyz"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, "lang": "ky"}),
    )
    description_ru = forms.CharField(
        label=_("Description in Russian"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, "lang": "ru"}),
    )
    village = VillageChoiceField(label=_("Village"), queryset=Settlement.objects.none(), required=False)
    place = forms.CharField(label=_("Place (street, landmark)"), max_length=200, required=False)
    category = forms.ChoiceField(label=_("Category"))
    estimated_cost = forms.DecimalField(
        label=_("Estimated cost, som"), max_digits=16, decimal_places=2, min_value=1
    )
    photos = MultiplePhotoField(
        label=_("Photos"),
        required=False,
        help_text=_("Up to 5 photos: JPEG, PNG or WebP, at most 10 MB each. Location data is removed."),
    )

    def __init__(self, *args: Any, process: Process, staff: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from kenesh.pb.models import Category

        category = self.fields["category"]
        assert isinstance(category, forms.ChoiceField)
        category.choices = Category.choices
        village = self.fields["village"]
        assert isinstance(village, forms.ModelChoiceField)
        village.queryset = _villages_of(process.municipality)
        for name in ("title_ky", "description_ky"):
            self.fields[name].widget.attrs["lang"] = "ky"
        self.fields["title_ru"].widget.attrs["lang"] = "ru"
        if staff:
            self.fields["initiative_group"] = forms.CharField(
                label=_("Initiative group"), max_length=200, required=False
            )


class ReviewForm(forms.Form):
    feasibility_note = forms.CharField(
        label=_("Feasibility"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    final_cost = forms.DecimalField(
        label=_("Final cost, som"), max_digits=16, decimal_places=2, min_value=1, required=False
    )
    on_ballot = forms.BooleanField(label=_("Put on the ballot"), required=False)


class RejectForm(forms.Form):
    reason_ky = forms.CharField(
        label=_("Public reason in Kyrgyz"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "lang": "ky"}),
    )
    reason_ru = forms.CharField(
        label=_("Public reason in Russian"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "lang": "ru"}),
    )


class ProposalChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.number}. {obj.title}"


class MergeForm(forms.Form):
    into = ProposalChoiceField(label=_("Merge into"), queryset=Proposal.objects.none())

    def __init__(self, *args: Any, proposal: Proposal, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        into = self.fields["into"]
        assert isinstance(into, forms.ModelChoiceField)
        into.queryset = (
            Proposal.objects.filter(process_id=proposal.process_id)
            .exclude(pk=proposal.pk)
            .exclude(status__in=[ProposalStatus.MERGED, ProposalStatus.REJECTED])
            .order_by("number")
        )


class HideForm(forms.Form):
    reason = forms.CharField(label=_("Reason for hiding"), max_length=300)


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Your comment"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class PhaseForm(forms.Form):
    to_phase = forms.ChoiceField(label=_("Move to the phase"))

    def __init__(self, *args: Any, process: Process, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        later = PHASE_ORDER[process.phase_index + 1 :]
        to_phase = self.fields["to_phase"]
        assert isinstance(to_phase, forms.ChoiceField)
        to_phase.choices = [(phase, Phase(phase).label) for phase in later]


class DeskIssueForm(forms.Form):
    """Hand a code or a paper ballot to a resident account (`account`) or to a person recorded by PIN."""

    credential = forms.ChoiceField(
        label=_("Hand out"), choices=Credential.choices, widget=forms.RadioSelect, initial=Credential.CODE
    )
    account = forms.IntegerField(required=False, widget=forms.HiddenInput)
    full_name = forms.CharField(label=_("Full name"), max_length=200, required=False)
    pin = forms.CharField(
        label=_("Personal identification number (PIN)"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text=_("14 digits, from the ID card. Only a fingerprint of it is kept."),
    )
    village = VillageChoiceField(label=_("Village"), queryset=Settlement.objects.none(), required=False)
    checked = forms.BooleanField(
        label=_("I checked the ID card: this person lives here and is old enough to vote."), required=True
    )
    override = forms.BooleanField(
        label=_("I checked: this person is not the account holder of the same name who has already voted."),
        required=False,
    )

    def __init__(self, *args: Any, process: Process, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        village = self.fields["village"]
        assert isinstance(village, forms.ModelChoiceField)
        village.queryset = _villages_of(process.municipality)

    @property
    def needs_override(self) -> bool:
        """The desk stopped at an account of the same name ("maybe_account"), or the box was ticked."""
        return bool(
            self.is_bound and (self.data.get("override") or self.has_error(NON_FIELD_ERRORS, "maybe_account"))
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("account"):
            if not data.get("full_name"):
                self.add_error("full_name", _("Write the person's full name."))
            if not data.get("pin"):
                self.add_error(
                    "pin", _("A personal identification number (PIN) has 14 digits, as on the ID card.")
                )
        return data


class PaperEntryForm(forms.Form):
    serial = forms.CharField(label=_("Serial number of the paper ballot"), max_length=32)
    choices = forms.CharField(
        label=_("Projects marked"),
        max_length=500,
        help_text=_(
            "Project numbers separated by spaces, e.g. 3 7 12; for points number:points, e.g. 3:5 7:5; "
            "for ranked ballots best first."
        ),
    )
    village = VillageChoiceField(label=_("Village"), queryset=Settlement.objects.none(), required=False)

    def __init__(self, *args: Any, process: Process, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        village = self.fields["village"]
        assert isinstance(village, forms.ModelChoiceField)
        village.queryset = _villages_of(process.municipality)


class ReceiptCheckForm(forms.Form):
    receipt = forms.CharField(
        label=_("Receipt"),
        max_length=40,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
        help_text=_("As in the SMS reply or on the page after you voted, e.g. ABCDE-FGHJK."),
    )

    def clean_receipt(self) -> str:
        receipt = receipt_normalise(self.cleaned_data["receipt"])
        if not receipt_is_wellformed(receipt):
            raise forms.ValidationError(
                _("A receipt has 10 letters and digits, as in the SMS reply or on the page after you voted.")
            )
        return receipt


class CodeEntryForm(forms.Form):
    code = forms.CharField(
        label=_("Voting code"),
        max_length=40,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
        help_text=_("As printed on your slip, e.g. ABCD-EFGH-JK."),
    )
