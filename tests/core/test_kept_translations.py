"""`{% load i18n %}` loads Django's library with a `{% translate %}` of a fixed text kept per language
(core.i18n_kept): every form of the tag writes what Django's own tag writes, in each language, and a
tag whose text can change is never kept."""

import pytest
from django.template import Context, Engine, Library
from django.templatetags import i18n as django_i18n
from django.utils import translation

from core.i18n_kept import _translated

TAGS = [
    '{% translate "Dashboard" %}',
    '{% trans "Log out" %}',
    '{% translate "optional" context "indicator actual" %}',
    '{% translate "typed in" context "indicator actual" %}',
    '{% translate "Municipality" as label %}[{{ label }}]',
    '{% translate "Municipality" noop %}',
    '{% translate "A & B <b>bold</b> 100%" %}',
    '{% translate "Notifications" as shown %}{% translate shown %}',
    "{% translate text %}",
    "{% translate text|upper %}",
    '{% translate "Log in"|lower %}',
    '{% translate "Log in" context where %}',
    "{% autoescape off %}{% translate text %}{% endautoescape %}",
    '{% autoescape off %}{% translate "A & B" %}{% endautoescape %}',
    '{% blocktranslate %}Dashboard{% endblocktranslate %}{% translate "Dashboard" %}',
]


def django_engine() -> Engine:
    """An engine whose `i18n` library has Django's own translate tag."""
    engine = Engine()
    library = Library()
    library.tags.update(django_i18n.register.tags, translate=django_i18n.do_translate, trans=django_i18n.do_translate)
    library.filters.update(django_i18n.register.filters)
    engine.template_libraries = {**engine.template_libraries, "i18n": library}
    return engine


def portal_engine() -> Engine:
    return Engine.get_default()


@pytest.mark.parametrize("tag", TAGS)
def test_every_form_of_the_tag_writes_what_djangos_tag_writes_in_each_language(tag):
    source = "{% load i18n %}" + tag
    ours, djangos = portal_engine().from_string(source), django_engine().from_string(source)
    for language in ("nl", "en", "nl", "en"):  # each language again, after the other was kept
        for text, where in (("Log in", "menu"), ("Dashboard", ""), ("<i>Sign up</i>", "x")):
            context = {"text": text, "where": where}
            with translation.override(language):
                assert ours.render(Context(context)) == djangos.render(Context(context)), (language, text)


def test_the_portal_loads_it_and_translates_a_fixed_text_once_per_language():
    template = portal_engine().from_string('{% load i18n %}{% translate "Log out" %}')
    with translation.override("nl"):
        assert template.render(Context()) == "Uitloggen"
        before = _translated.cache_info()
        assert template.render(Context()) == "Uitloggen"
        assert _translated.cache_info().hits == before.hits + 1
    with translation.override("en"):
        assert template.render(Context()) == "Log out"


def test_a_text_from_a_variable_is_translated_on_every_render():
    template = portal_engine().from_string("{% load i18n %}{% translate text %}")
    with translation.override("nl"):
        assert template.render(Context({"text": "Log out"})) == "Uitloggen"
        assert template.render(Context({"text": "Log in"})) != "Uitloggen"
