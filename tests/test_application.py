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
