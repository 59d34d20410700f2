"""The slots upper apps fill on lower apps' pages (kenesh.ops.fragments, kenesh.ops.line_links)."""

from django.template import Context, Template

from kenesh.ops import fragments, line_links


def test_a_slot_renders_what_its_renderers_give(monkeypatch):
    monkeypatch.setattr(fragments, "_slots", {})
    fragments.fragment_register("demo.slot", lambda request, obj: f"<p>{obj}</p>")
    fragments.fragment_register("demo.slot", lambda request, obj: "")
    html = Template(
        '{% load fragments %}{% fragments "demo.slot" thing %}{% fragments "empty" thing %}'
    ).render(Context({"thing": "x"}))
    assert html == "<p>x</p>"


def test_line_links_merge_the_providers(monkeypatch):
    monkeypatch.setattr(line_links, "_providers", [])
    first = lambda version: {"expenditure:7063:2215": ["a"]}  # noqa: E731
    line_links.line_links_register(first)
    line_links.line_links_register(first)
    line_links.line_links_register(lambda version: {"expenditure:7063:2215": ["b"], "revenue:1132:": ["c"]})
    assert line_links.line_links_of(None) == {"expenditure:7063:2215": ["a", "b"], "revenue:1132:": ["c"]}
    assert len(line_links.line_links_providers()) == 2


def test_plans_registers_its_pieces():
    from kenesh.plans.fragments import budget_line_priorities, budget_version_links

    assert budget_line_priorities in fragments._slots["budgets.line"]
    assert budget_version_links in line_links.line_links_providers()


def test_a_template_fragment_is_registered_once_and_renders_its_object(monkeypatch):
    monkeypatch.setattr(fragments, "_slots", {})
    for _ in range(2):
        fragments.fragment_register(
            "demo.slot", fragments.TemplateFragment("budgets/_municipality_link.html", "x")
        )

    assert len(fragments._slots["demo.slot"]) == 1
