"""What other features add to the directory's pages, registered by them: the directory
imports none of them (dependencies point one way, as with the meeting page's sections).

The commitments feature registers:
- "institution_commitments"(institution_id, institution_name) -> rows for the institution page;
- "contact_commitments"(contact_id) -> (id, title) rows for the contact page;
- "overdue_counts"(coalition_ids) -> {coalition id: overdue commitments} for the home panel.

The situations feature registers:
- "office_situations"(coalition, office) -> markup for the office page (observed delay);
- "contact_situations"(coalition, contact) -> markup for the contact page;
- "contact_erased"(contact_id) -> empties what its records say about an erased contact.
The campaigns feature registers:
- "institution_campaigns"(institution_id) and "contact_campaigns"(contact_id) -> (id, name,
  status) rows of the campaigns that target them, for the institution and contact pages.

A provider runs a fixed number of queries. Unregistered, a page gets `default`.
"""

from collections.abc import Callable

_providers: dict[str, Callable] = {}


def register_directory_extra(name: str, provider: Callable) -> None:
    _providers[name] = provider


def extra(name: str, *args, default=None):
    provider = _providers.get(name)
    return provider(*args) if provider is not None else default
