"""web/panels.py:Registered, the registries features fill at init time."""

from coordination.web.panels import Registered


def test_registered_keeps_its_order_and_ignores_a_second_registration():
    entries = Registered(lambda entry: entry[0])
    entries.register("b", (20, "b"))
    entries.register("a", (10, "a"))
    entries.register("c", (20, "c"))
    entries.register("a", (99, "again"))
    assert list(entries) == [(10, "a"), (20, "b"), (20, "c")]
    assert entries.names() == ["a", "b", "c"]
    entries.unregister("b")
    assert entries.names() == ["a", "c"]
