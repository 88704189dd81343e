"""The fast field renderings write what crispy and Django write, so pages look and read the
same (labels, ids, required markers, errors, help text, the selected option)."""

import re

import pytest
from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms

from cfp.forms.fields import LongSelect
from cfp.templatetags.cfp_fields import as_plain_field


def normalised(html: str) -> str:
    """Whitespace between and inside tags does not change what a browser shows."""
    html = re.sub(r">\s+", ">", str(html))
    html = re.sub(r"\s+<", "<", html)
    return re.sub(r"\s+", " ", html).strip()


class Sample(forms.Form):
    name = forms.CharField(label="Full name", help_text="As written <b>in any script</b>.")
    email = forms.EmailField(label="Email", required=False)
    country = forms.ChoiceField(
        label="Country",
        required=False,
        choices=[("", "—"), ("TH", "Thailand"), ("CI", "Côte d'Ivoire"), ("KH", "Cambodia")],
    )
    fast_country = forms.ChoiceField(
        label="Country",
        required=False,
        choices=[("", "—"), ("TH", "Thailand"), ("CI", "Côte d'Ivoire"), ("KH", "Cambodia")],
        widget=LongSelect,
    )
    presenter = forms.BooleanField(label="Will present", required=False, help_text="Optional.")
    consent = forms.BooleanField(label="I agree")
    abstract = forms.CharField(label="Abstract", widget=forms.Textarea)


@pytest.mark.parametrize(
    "data",
    [None, {"name": "", "email": "not an email", "country": "CI", "consent": ""}],
    ids=["unbound", "with errors"],
)
@pytest.mark.parametrize("name", ["name", "email", "country", "presenter", "consent", "abstract"])
def test_plain_field_writes_what_crispy_writes(name, data):
    form = Sample(data=data)
    if data is not None:
        form.is_valid()
    crispy = normalised(as_crispy_field(form[name]))
    # Fresh form: crispy's filter adds its classes to the widget it was given.
    form = Sample(data=data)
    if data is not None:
        form.is_valid()
    assert normalised(as_plain_field(form[name])) == crispy


@pytest.mark.parametrize("value", ["", "CI", "KH", "<script>"])
def test_long_select_writes_what_djangos_select_writes(value):
    form = Sample(initial={"country": value, "fast_country": value})
    django_html = normalised(form["country"].as_widget())
    fast_html = normalised(form["fast_country"].as_widget()).replace("fast_country", "country")
    # Django writes the attributes in another order; compare the options and attributes.
    assert re.findall(r"<option[^>]*>[^<]*", fast_html) == re.findall(
        r"<option[^>]*>[^<]*", django_html
    )
    assert sorted(re.search(r"<select([^>]*)>", fast_html).group(1).split()) == sorted(
        re.search(r"<select([^>]*)>", django_html).group(1).split()
    )
