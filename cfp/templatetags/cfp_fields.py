"""``as_plain_field``: crispy's Bootstrap 5 markup for the simple fields, written directly.

The submission form repeats ten fields per author; rendered through crispy's field template
(a few dozen nested tags and includes each), they were most of the form's rendering time.
For a text-like input, a single select and a checkbox this filter writes the markup that
``|as_crispy_field`` writes — the same wrapper ids, classes, label, required marker, error
block and help text (tests/cfp/test_plain_fields.py compares the two) — and hands anything
else (radio lists, files, multiple selects, hidden fields) to crispy.
"""

from __future__ import annotations

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms, template
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe

from ..forms.fields import html_attributes

register = template.Library()

_TEXT_INPUTS = {"text", "email", "url", "number", "tel", "search", "password"}


def _kind(widget: forms.Widget) -> str | None:
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Select) and not widget.allow_multiple_selected:
        return "select"
    if isinstance(widget, forms.widgets.Input) and widget.input_type in _TEXT_INPUTS:
        return "input"
    return None


@register.filter
def as_plain_field(field) -> SafeString:
    widget = field.field.widget
    kind = _kind(widget)
    if kind is None or field.is_hidden:
        return as_crispy_field(field)
    # crispy's class: the widget's own classes, its lower-cased class name, Bootstrap's class.
    own = widget.attrs.get("class", "")
    name = type(widget).__name__.lower()
    classes = f"{own} {name}" if own and name not in own else (own or name)
    bootstrap = {"checkbox": "form-check-input", "select": "form-select", "input": "form-control"}
    classes += f" {bootstrap[kind]}" + (" is-invalid" if field.errors else "")
    control = _control(field, classes)
    auto_id = field.auto_id
    required = field.field.required
    marker = '<span class="asteriskField">*</span>' if required else ""
    label = conditional_escape(field.label)
    after = _errors(field, auto_id) + _help(field, auto_id)
    if kind == "checkbox":
        return mark_safe(  # noqa: S308 - label, errors and help are escaped; control is Django's
            f'<div class="mb-3"><div id="div_{auto_id}" class="form-check">{control}'
            f'<label for="{field.id_for_label}" class="form-check-label'
            f'{" requiredField" if required else ""}">{label}{marker}</label>{after}</div></div>'
        )
    return mark_safe(  # noqa: S308 - as above
        f'<div id="div_{auto_id}" class="mb-3">'
        f'<label for="{field.id_for_label}" class="form-label'
        f'{" requiredField" if required else ""}">{label}{marker}</label>{control}{after}</div>'
    )


def _control(field, classes: str) -> str:
    """The widget, as Django's input template writes it (``<input type name value attrs>``);
    selects render themselves (``LongSelect``) or through Django."""
    widget = field.field.widget
    if not isinstance(widget, forms.widgets.Input):
        return field.as_widget(attrs={"class": classes})
    attrs = field.build_widget_attrs({"class": classes}, widget)
    if field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", field.auto_id)
    context = widget.get_context(field.html_name, field.value(), attrs)["widget"]
    value = "" if context["value"] is None else f' value="{escape(str(context["value"]))}"'
    return (
        f'<input type="{context["type"]}" name="{escape(context["name"])}"{value}'
        f"{html_attributes(context['attrs'])}>"
    )


def _errors(field, auto_id: str) -> str:
    if not field.errors:
        return ""
    items = "".join(
        f'<p id="error_{n}_{auto_id}"><strong>{conditional_escape(error)}</strong></p>'
        for n, error in enumerate(field.errors, start=1)
    )
    return f'<div id="{auto_id}_error" class="invalid-feedback">{items}</div>'


def _help(field, auto_id: str) -> str:
    if not field.help_text:
        return ""
    # As crispy: help text is the form's own (translated strings), marked safe there too.
    return f'<div id="{auto_id}_helptext" class="form-text">{field.help_text}</div>'
