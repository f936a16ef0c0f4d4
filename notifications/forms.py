from django import forms

from .events import Delivery, Kind


class PreferencesForm(forms.Form):
    """Per kind of notification: straight away, in the daily summary or only in the portal."""

    def __init__(self, *args, initial_choices: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        for kind in Kind:
            self.fields[kind.value] = forms.ChoiceField(
                label=kind.label,
                choices=Delivery.choices,
                initial=initial_choices.get(kind.value),
                widget=forms.RadioSelect,
            )
