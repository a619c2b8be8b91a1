"""Accessible public forms, for every app: Bootstrap classes on the widgets, each field's errors linked to it
(aria-describedby = error id + help text id, aria-invalid), the errors listed for the summary at the top of the
page. Templates: components/champ.html, components/erreurs_champ.html, components/erreurs_resume.html.

Forms that add fields after __init__ call `_classer_widgets()` again."""

from django import forms


class FormulaireAccessibleMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._classer_widgets()

    def _classer_widgets(self):
        for champ in self.fields.values():
            widget = champ.widget
            if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect | forms.CheckboxInput):
                classe = "form-check-input"
            elif isinstance(widget, forms.Select):
                classe = "form-select"
            elif isinstance(widget, forms.HiddenInput):
                continue
            else:
                classe = "form-control"
            if classe not in widget.attrs.get("class", ""):
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} {classe}".strip()

    def full_clean(self):
        super().full_clean()
        for nom in self.errors:
            if nom not in self.fields:
                continue
            champ, bound = self.fields[nom], self[nom]
            ids = [f"{bound.auto_id}-erreurs"]
            if champ.help_text:
                ids.append(f"{bound.auto_id}_helptext")
            ids += [i for i in champ.widget.attrs.get("aria-describedby", "").split() if i not in ids]
            champ.widget.attrs["aria-describedby"] = " ".join(ids)
            champ.widget.attrs["aria-invalid"] = "true"
            champ.widget.attrs["class"] = f"{champ.widget.attrs.get('class', '')} is-invalid".strip()

    def resume_erreurs(self) -> list[dict]:
        """[{label, message, ancre}] in the order of the fields, non-field errors first (anchor: the form)."""
        resume = [{"label": "", "message": e, "ancre": "formulaire"} for e in self.non_field_errors()]
        for nom, champ in self.fields.items():
            if nom in self.errors:
                bound = self[nom]
                ancre = bound.auto_id
                if isinstance(champ.widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
                    ancre = f"{bound.auto_id}_0"
                resume += [{"label": champ.label, "message": m, "ancre": ancre} for m in self.errors[nom]]
        return resume
