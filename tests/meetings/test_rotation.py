"""The rotation function over long simulated histories: fairness, newcomers, associations
that cannot host, swaps, and the explanations it gives."""

import random
from datetime import date

import pytest
from flask_babel import force_locale

from coordination.meetings.rotation import (
    Candidate,
    Swap,
    Turn,
    pick_person,
    propose,
    unfair_pairs,
)
from coordination.timezone import add_months

NAMES = {
    1: "Paniers du Cœur",
    2: "Croix Solidaire 77",
    3: "Entraide Marnaise",
    4: "Secours Fraternel",
    5: "Épicerie Partagée",
    6: "Banque Alimentaire Fictive",
    7: "Emmaüs Fictif",
}


class Sim:
    """A coalition over the years: members join and leave, rooms close and reopen."""

    def __init__(self, members, start=date(2016, 1, 12)):
        self.day = start
        self.members = {i: [start, None] for i in members}  # id -> [since, left_on]
        self.past_members: list[Candidate] = []
        self.able = dict.fromkeys(members, True)
        self.turns: list[Turn] = []
        self.swaps: list[Swap] = []
        self.swap_turns: set[tuple[int, date]] = set()
        # (id) -> list of [start, end] periods when member AND able
        self.periods: dict[int, list[list]] = {i: [[start, None]] for i in members}

    def candidates(self):
        current = [
            Candidate(i, NAMES[i], self.able[i], since, left)
            for i, (since, left) in self.members.items()
        ]
        return current + self.past_members

    def _close(self, i):
        if self.periods.get(i) and self.periods[i][-1][1] is None:
            self.periods[i][-1][1] = self.day

    def _open(self, i):
        self.periods.setdefault(i, []).append([self.day, None])

    def join(self, i):
        self.members[i] = [self.day, None]
        self.able.setdefault(i, True)
        if self.able[i]:
            self._open(i)

    def leave(self, i):
        since, _ = self.members.pop(i)
        self.past_members.append(Candidate(i, NAMES[i], self.able[i], since, self.day))
        self._close(i)

    def set_able(self, i, able):
        if self.able[i] == able:
            return
        self.able[i] = able
        if i in self.members:
            self._open(i) if able else self._close(i)

    def hold(self, *, swap_to=None):
        proposal = propose(self.turns, self.candidates(), self.swaps, on=self.day)
        host = proposal.choice
        if (
            swap_to is not None
            and swap_to != host
            and self.able.get(swap_to)
            and swap_to in self.members
        ):
            self.swaps.append(Swap(host, swap_to, self.day))
            again = propose(self.turns, self.candidates(), self.swaps, on=self.day)
            assert again.choice == swap_to
            assert again.reason.code == "swap" and again.reason.other == NAMES[host]
            assert again.order[1] == host, "the association that gave its turn comes next"
            self.swap_turns.add((swap_to, self.day))
            host = swap_to
            proposal = again
        self.turns.append(Turn(host, self.day))
        self.day = add_months(self.day, 3)
        return proposal

    def able_periods(self):
        return {i: [(s, e) for s, e in periods] for i, periods in self.periods.items()}

    def violations(self):
        problems = unfair_pairs(self.turns, self.able_periods())
        # A recorded swap lets the association that took the turn host "early" once.
        return [p for p in problems if (p[0], p[2]) not in self.swap_turns]


def test_stable_coalition_is_a_strict_round_robin():
    sim = Sim([1, 2, 3, 4])
    hosts = [sim.hold().choice for _ in range(40)]
    assert hosts[:4] == [2, 3, 1, 4]  # founders with no history: by name
    for k in range(4, 40):
        assert hosts[k] == hosts[k - 4]
    assert sim.violations() == []


def test_long_history_with_churn_unable_hosts_and_swaps_stays_fair():
    sim = Sim([1, 2, 3, 4])
    script = {
        3: lambda: sim.set_able(4, False),  # Secours Fraternel loses its room
        6: lambda: sim.join(5),
        9: "swap",
        11: lambda: sim.join(6),
        14: lambda: sim.leave(2),  # Croix Solidaire leaves…
        17: lambda: sim.set_able(4, True),
        20: "swap",
        22: lambda: sim.join(2),  # …and comes back
        25: lambda: sim.set_able(5, False),
        27: lambda: sim.join(7),
        30: "swap",
        33: lambda: sim.set_able(5, True),
        36: lambda: sim.leave(6),
    }
    rng = random.Random(7)
    for k in range(40):
        action = script.get(k)
        if callable(action):
            action()
        if action == "swap":
            others = [i for i in sim.members if sim.able[i]]
            sim.hold(swap_to=rng.choice(others[1:]))
        else:
            proposal = sim.hold()
            # Never proposes an association that cannot host or is not a member.
            assert sim.able[proposal.choice] and proposal.choice in sim.members
            assert all(s.reason.code == "unable" for s in proposal.skipped)
            assert {s.who for s in proposal.skipped} == {i for i in sim.members if not sim.able[i]}
    assert len(sim.turns) == 40
    assert len(sim.swap_turns) == 3
    assert sim.violations() == []


@pytest.mark.parametrize("seed", range(12))
def test_random_histories_keep_the_fairness_property(seed):
    rng = random.Random(seed)
    sim = Sim([1, 2, 3, 4])
    outside = [5, 6, 7]
    for _k in range(40):
        roll = rng.random()
        if roll < 0.08 and outside:
            sim.join(outside.pop(rng.randrange(len(outside))))
        elif roll < 0.13 and len(sim.members) > 3:
            leaving = rng.choice(list(sim.members))
            sim.leave(leaving)
            outside.append(leaving)
        elif roll < 0.25:
            i = rng.choice(list(sim.members))
            able_count = sum(sim.able[m] for m in sim.members)
            if not sim.able[i] or able_count > 2:
                sim.set_able(i, not sim.able[i])
        if rng.random() < 0.1:
            able = [i for i in sim.members if sim.able[i]]
            sim.hold(swap_to=rng.choice(able))
        else:
            sim.hold()
    assert sim.violations() == []
    # Long-run balance: associations able and members the whole time hosted equally (±1).
    steady = [
        i
        for i, periods in sim.able_periods().items()
        if len(periods) == 1 and periods[0][0] == date(2016, 1, 12) and periods[0][1] is None
    ]
    counts = [sum(t.who == i for t in sim.turns) for i in steady]
    if counts:
        assert max(counts) - min(counts) <= 1 + len(sim.swap_turns)


def test_without_swaps_steady_members_differ_by_at_most_one_at_every_step():
    sim = Sim([1, 2, 3, 4])
    for k in range(40):
        if k == 10:
            sim.join(5)
        if k == 15:
            sim.set_able(3, False)
        if k == 21:
            sim.set_able(3, True)
        sim.hold()
        counts = [sum(t.who == i for t in sim.turns) for i in (1, 2, 4)]
        assert max(counts) - min(counts) <= 1


def test_a_newcomer_queues_behind_those_already_waiting_and_hosts_within_one_round():
    sim = Sim([1, 2, 3, 4])  # by name: 2 3 1 4
    for _ in range(6):  # 2 3 1 4 2 3 -> 1 and 4 wait
        sim.hold()
    sim.join(5)
    proposal = propose(sim.turns, sim.candidates(), on=sim.day)
    # Treated as if it had hosted the day it joined: after 1 and 4 (waiting longer) and
    # after 2 and 3 (they hosted before it joined), never more than one round away.
    assert proposal.order == [1, 4, 2, 3, 5]
    assert proposal.upcoming[-1].reason.code == "since_joining"
    assert [sim.hold().choice for _ in range(5)] == [1, 4, 2, 3, 5]
    assert sim.violations() == []


def test_an_association_that_cannot_host_is_skipped_and_comes_back_first():
    sim = Sim([1, 2, 3])  # by name: 2 3 1
    assert sim.hold().choice == 2
    sim.set_able(3, False)
    p = sim.hold()
    assert p.choice == 1
    assert [s.who for s in p.skipped] == [3]
    sim.set_able(3, True)
    assert sim.hold().choice == 3  # it waited longest


def test_swap_is_paid_back_and_the_order_stays_fair():
    sim = Sim([1, 2, 3, 4])  # by name: 2 3 1 4
    for _ in range(4):
        sim.hold()
    # 2 is due; 1 takes its turn.
    p = sim.hold(swap_to=1)
    assert p.choice == 1
    nxt = sim.hold()
    assert nxt.choice == 2
    assert nxt.reason.code == "owed" and nxt.reason.other == NAMES[1]
    rest = [sim.hold().choice for _ in range(6)]
    assert rest == [3, 4, 1, 2, 3, 4]
    assert sim.violations() == []


def test_departed_members_and_guests_before_joining_are_not_proposed():
    sim = Sim([1, 2])
    sim.hold()
    sim.leave(2)
    assert sim.hold().choice == 1
    proposal = propose(
        [], [Candidate(9, "Futur membre", since=date(2030, 1, 1))], on=date(2026, 1, 1)
    )
    assert proposal.choice is None and proposal.reason.code == "nobody"


def test_avoid_moves_to_the_next_in_order():
    cands = [Candidate(i, NAMES[i], since=date(2020, 1, 1)) for i in (1, 2, 3)]
    assert propose([], cands, on=date(2024, 1, 1)).choice == 2  # Croix… first by name
    assert propose([], cands, on=date(2024, 1, 1), avoid=[2]).choice == 3


def test_explanations_in_words(app):
    cands = [
        Candidate(1, "Paniers du Cœur", since=date(2019, 1, 15)),
        Candidate(2, "Croix Solidaire 77", since=date(2019, 1, 15)),
        Candidate(3, "Entraide Marnaise", since=date(2019, 1, 15)),
        Candidate(4, "Secours Fraternel", able=False, since=date(2019, 1, 15)),
        Candidate(5, "Épicerie Partagée", since=date(2026, 5, 2)),
    ]
    turns = [Turn(3, date(2025, 12, 9)), Turn(2, date(2026, 3, 14)), Turn(1, date(2026, 6, 16))]
    p = propose(turns, cands, on=date(2026, 9, 15))
    assert p.choice == 3
    assert p.order == [3, 2, 5, 1]  # Croix hosted in March, before Épicerie joined in May
    with app.test_request_context(), force_locale("en"):
        assert str(p.reason) == "Entraide Marnaise hosted least recently: December 9, 2025."
        assert str(p.upcoming[2].reason) == (
            "Épicerie Partagée has not hosted since joining on May 2, 2026."
        )
        assert str(p.skipped[0].reason) == "Secours Fraternel cannot host (no room): skipped."
    with app.test_request_context(), force_locale("fr"):
        assert str(p.upcoming[1].reason) == (
            "Croix Solidaire 77 a accueilli la réunion il y a le plus longtemps : le 14 mars 2026."
        )
    swap = Swap(gave=3, took=1, on=date(2026, 8, 1))
    q = propose(turns, cands, [swap], on=date(2026, 9, 15))
    assert q.choice == 1 and q.order[:2] == [1, 3]
    with app.test_request_context(), force_locale("en"):
        assert str(q.reason) == (
            "Paniers du Cœur hosts in place of Entraide Marnaise, as agreed on August 1, 2026 "
            "(swap); Entraide Marnaise keeps its place and comes next."
        )
    later = propose(turns + [Turn(1, date(2026, 9, 15))], cands, [swap], on=date(2026, 12, 15))
    assert later.choice == 3
    with app.test_request_context(), force_locale("en"):
        assert str(later.reason) == (
            "Entraide Marnaise let Paniers du Cœur host on September 15, 2026: "
            "its turn comes back now."
        )


def test_pick_person_prefers_who_never_had_the_role_then_least_recent():
    people = [(10, "Claire"), (11, "Youssef")]
    assert pick_person(people, []) == 10
    assert pick_person(people, [(10, date(2025, 1, 1))]) == 11
    assert pick_person(people, [(10, date(2025, 1, 1)), (11, date(2025, 6, 1))]) == 10
    assert pick_person([], []) is None
