from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Signer


class IssueForm(forms.Form):
    signer = forms.ModelChoiceField(
        label=_("Người ký"),
        queryset=Signer.objects.none(),
        required=False,
        empty_label=_("Người ký mặc định của cơ quan"),
    )

    def __init__(self, *args, issuer, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signer"].queryset = issuer.signers.active_on(today)
