"""The portal's Flask and Jinja classes (portal.application) keep Jinja's promises: a
template's own globals stay its own, and globals set on the environment reach every
template."""

from __future__ import annotations


def test_a_templates_own_globals_stay_its_own(app):
    """Globals given to one template neither leak into the environment nor into others."""
    env = app.jinja_env
    own = env.from_string("{{ greeting }}", globals={"greeting": "hola"})
    other = env.from_string("{{ greeting is defined }}")
    assert own.render() == "hola"
    assert other.render() == "False"
    assert "greeting" not in env.globals


def test_a_global_set_on_the_environment_reaches_a_loaded_template(app):
    """A global added after a template was loaded is seen by that template."""
    env = app.jinja_env
    template = env.from_string("{{ late_global }}")
    env.globals["late_global"] = "seen"
    try:
        assert template.render() == "seen"
    finally:
        del env.globals["late_global"]


def test_template_functions_get_what_they_ask_for(app):
    """Plain functions, ones asking for the context or the evaluation context, callable
    objects and macros are all called as Jinja calls them, in blocks and loops too."""
    from jinja2 import pass_context
    from jinja2 import pass_eval_context

    env = app.jinja_env

    def plain(word, **options):
        return f"{word}-{'-'.join(sorted(options))}"

    @pass_context
    def sees_context(context, name):
        return context.get(name)

    @pass_eval_context
    def sees_autoescape(eval_ctx, word):
        return f"{word}:{eval_ctx.autoescape}"

    class Shout:
        def __call__(self, word):
            return word.upper()

    source = (
        "{% macro twice(w) %}{{ w }}{{ w }}{% endmacro %}"
        "{% block body %}{% for n in [1] %}{% set inner = 'loop' %}"
        "{{ plain('a', size=n) }}|{{ sees_context('inner') }}|{{ sees_context('outer') }}|"
        "{{ sees_autoescape('b') }}|{{ shout('c') }}|{{ twice('d') }}|{{ stop() }}"
        "{% endfor %}{% endblock %}"
    )

    def stop():
        raise StopIteration

    drawn = env.from_string(source).render(
        plain=plain,
        sees_context=sees_context,
        sees_autoescape=sees_autoescape,
        shout=Shout(),
        stop=stop,
        outer="page",
    )
    assert drawn == "a-size|loop|page|b:True|C|dd|"
