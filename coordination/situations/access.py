"""Who sees situations: the collectif's member delegates only, as for changing its
directory (`directory_or_404(..., write=True)`: guest associations never see them, even
where the collectif opens its directory to guests). Another collectif's id gives 404.
Situations are among what a collectif may protect with the second factor (`details=True`),
with its contacts' details and exports."""

from coordination.directory.pages import directory_or_404
from coordination.situations.models import Situation
from coordination.situations.reads import situation as read_situation
from coordination.web.scoping import refuse, scoped_or_404


def collectif_or_404(coalition_id: int):
    return directory_or_404(coalition_id, write=True, details=True)


def situation_or_404(coalition, situation_id: int) -> Situation:
    """The situation, with what its page shows, or 404 (as a missing one)."""
    found = read_situation(coalition.id, situation_id)
    if found is None:
        refuse(f"situation {situation_id} outside coalition {coalition.id}")
    return found


def bare_situation_or_404(coalition, situation_id: int) -> Situation:
    return scoped_or_404(Situation, situation_id, coalition)
