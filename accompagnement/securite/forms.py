from django import forms

ATTRS_CODE = {
    "autocomplete": "one-time-code",
    "autocapitalize": "none",
    "spellcheck": "false",
    "class": "vTextField",
}


class FormulaireAccessible(forms.Form):
    """A field in error points to its message and its help (aria-describedby), see _champ.html."""

    def add_error(self, field, error):
        super().add_error(field, error)
        if field in self.fields:
            self.fields[field].widget.attrs["aria-describedby"] = f"id_{field}_erreurs id_{field}_helptext"


class CodeForm(FormulaireAccessible):
    """The 6-digit code of the authentication application."""

    code = forms.CharField(
        label="Code à 6 chiffres",
        help_text="Le code affiché par votre application d’authentification ; il change toutes les 30 secondes.",
        max_length=12,
        error_messages={"required": "Saisissez le code à 6 chiffres affiché par votre application."},
        widget=forms.TextInput(attrs={**ATTRS_CODE, "inputmode": "numeric", "pattern": "[0-9 ]*", "size": 8}),
    )

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        if not (code.isdigit() and len(code) == 6):
            raise forms.ValidationError("Le code est fait de 6 chiffres, sans lettre.")
        return code


class CodeSecoursForm(FormulaireAccessible):
    """One of the ten recovery codes given at enrolment."""

    code = forms.CharField(
        label="Code de secours",
        help_text="Un des dix codes de 8 caractères notés lors de l’activation ; chacun ne sert qu’une fois.",
        max_length=20,
        error_messages={"required": "Saisissez un de vos codes de secours."},
        widget=forms.TextInput(attrs={**ATTRS_CODE, "size": 12}),
    )


class DesactivationForm(CodeForm):
    """Disabling the second factor asks for a current code: a forgotten open session is not enough."""
