"""template_cache: the theme's templates are compiled once per process, and again only when edited."""

from __future__ import annotations

from jinja2 import DictLoader, Environment

from build_tools.site import build_site
from build_tools.site.template_cache import CompiledTemplates


def counting_compiles(monkeypatch) -> list[str]:
    """The names of the templates compiled from now on (`from_string` ones have none)."""
    names: list[str] = []
    original = Environment.compile

    def compile(self, source, name=None, *args, **kwargs):
        if name is not None:
            names.append(name)
        return original(self, source, name, *args, **kwargs)

    monkeypatch.setattr(Environment, "compile", compile)
    return names


def test_a_new_environment_reuses_the_compiled_template_and_compiles_an_edited_one(monkeypatch):
    cache, sources = CompiledTemplates(), {"page.html": "Hello {{ name }}"}
    compiled = counting_compiles(monkeypatch)

    def render() -> str:  # a new environment each time, as MkDocs makes one per build
        return Environment(loader=DictLoader(dict(sources)), bytecode_cache=cache).get_template(
            "page.html").render(name="x")

    assert render() == "Hello x" and render() == "Hello x"
    assert compiled == ["page.html"]
    sources["page.html"] = "Bye {{ name }}"
    assert render() == "Bye x"
    assert compiled == ["page.html", "page.html"]


def test_a_second_mkdocs_build_in_the_process_compiles_no_theme_template(built_small, tmp_path, monkeypatch):
    config, _ = built_small
    build_site(config, config.staging_dir, tmp_path / "site", strict=False, dirty=True)
    compiled = counting_compiles(monkeypatch)
    build_site(config, config.staging_dir, tmp_path / "site", strict=False, dirty=True)
    # But the two of Material's search plugin, which makes an environment of its own for its translations.
    assert set(compiled) <= {"partials/language.html", "partials/languages/en.html"}
