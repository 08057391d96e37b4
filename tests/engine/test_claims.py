"""The article's claims C1-C13 (docs: ../shared/DESIGN.md, section 1), checked on whole games of the real scenario.

Each test plays the built-in Moscow policies over the same seeds (each game
once per session, see ``tests/engine/games.py``) and asserts the direction
the article argues, never exact numbers: "hardline costs more than deal",
"the regime never collapses", "a settlement needs the Astana process". Where
a claim is about "most" games, at least three games in four must show it.
"""
from __future__ import annotations

import statistics

from tests.engine.games import (cells_held, election_support, events, ever_held, fired, game, holder,
                                idlib_opposition_share, max_lost_to, metric, played, state_at, value)
from wargame.indicators import BY_NAME

SEEDS = tuple(range(14))
POLICIES = ("hardline", "deal", "chips", "random")
USEFUL_SYRIA = ("damascus", "aleppo", "homs", "hama", "latakia", "tartus")
MOST = 0.75


def games(policy: str) -> list:
    """The played games of ``policy`` over all seeds, in seed order."""
    return [played(policy, seed) for seed in SEEDS]


def most(count: int, total: int = len(SEEDS)) -> bool:
    """At least three in four."""
    return count >= MOST * total


def start(name: str) -> float:
    """The opening value of an indicator."""
    return BY_NAME[name].start


def paired(name: str, final: bool = True) -> list[tuple[int, float, float]]:
    """(seed, hardline, deal) values of indicator ``name``: final, or the mean over the game's turns."""
    out = []
    for seed in SEEDS:
        pair = []
        for policy in ("hardline", "deal"):
            g = played(policy, seed)
            pair.append(value(g, name) if final else statistics.fmean(t.state.values[name] for t in g.turns[1:]))
        out.append((seed, round(pair[0], 1), round(pair[1], 1)))
    return out


# -- C1 -------------------------------------------------------------------------------------
def test_c1_regime_holds_useful_syria_and_about_60_percent_of_people():
    opening = game().opening()
    share = metric(opening, "regime_population_share")
    assert 55.0 <= share <= 65.0, f"regime holds {share}% of the population at the opening, expected about 60%"
    held = {p: holder(opening, p) for p in (*USEFUL_SYRIA, "hmeimim_airbase")}
    assert set(held.values()) == {"regime"}, f"at the opening: {held}"
    lost = {seed: [p for p in USEFUL_SYRIA if holder(g.final, p) != "regime"]
            for seed, g in zip(SEEDS, games("deal"))}
    assert not any(lost.values()), f"under deal the regime lost big cities by the end: {lost}"


# -- C2 -------------------------------------------------------------------------------------
def test_c2_regime_never_collapses_and_the_opposition_keeps_idlib_and_pockets():
    collapses, damascus_lost, lowest = [], [], {}
    for policy in POLICIES:
        for seed, g in zip(SEEDS, games(policy)):
            if g.final.ended == "collapse":
                collapses.append((policy, seed))
            holders = {holder(t.state, "damascus") for t in g.turns}
            if holders != {"regime"}:
                damascus_lost.append((policy, seed, sorted(holders)))
            lowest[policy] = min(lowest.get(policy, 100.0), min(t.state.values["regime_cohesion"] for t in g.turns))
    assert not collapses, f"the regime collapsed in {collapses} (lowest cohesion per policy {lowest})"
    assert not damascus_lost, f"Damascus changed hands: {damascus_lost}"
    # ...but the regime cannot finish the opposition: it keeps Idlib and rural pockets elsewhere.
    for policy in POLICIES:
        for seed, g in zip(SEEDS, games(policy)):
            idlib = idlib_opposition_share(g, 99)
            pockets = [gov for gov in ("Aleppo", "Hama", "Rif Dimashq", "Daraa") if cells_held(g.final, "opposition", gov)]
            assert idlib > 0.5 and len(pockets) >= 3, (
                f"{policy} seed {seed}: opposition holds {idlib:.0%} of Idlib and pockets in {pockets} at the end")


# -- C3 -------------------------------------------------------------------------------------
def test_c3_indulging_tehran_raises_iranian_influence_and_stalls_talks():
    iran = paired("iran_influence")
    opening = start("iran_influence")
    assert all(h > opening for _, h, _ in iran), f"hardline should raise iran_influence above {opening}: {iran}"
    assert all(d < opening for _, _, d in iran), f"deal should lower iran_influence below {opening}: {iran}"
    talks = paired("talks_progress")
    assert all(h < d for _, h, d in talks), f"talks_progress (seed, hardline, deal): {talks}"


# -- C4 -------------------------------------------------------------------------------------
def test_c4_idlib_offensive_is_long_bloody_and_weighs_on_the_election():
    shares = [round(idlib_opposition_share(g, 12), 2) for g in games("hardline")]
    assert most(sum(s > 0.5 for s in shares)), f"opposition share of Idlib after 12 turns of hardline: {shares}"
    assert all(fired(g, "idlib_grind") for g in games("hardline")), "the Idlib offensive never ran under hardline"
    casualties, cost = paired("russian_casualties"), paired("russian_war_cost")
    assert sum(h > d for _, h, d in casualties) >= len(SEEDS) - 1, f"russian_casualties (seed, hardline, deal): {casualties}"
    assert sum(h > d for _, h, d in cost) >= len(SEEDS) - 1, f"russian_war_cost (seed, hardline, deal): {cost}"
    support = [(s, election_support(played("hardline", s)), election_support(played("deal", s))) for s in SEEDS]
    assert all(h < d for _, h, d in support), f"support at the March 2018 election (seed, hardline, deal): {support}"


# -- C5 -------------------------------------------------------------------------------------
def test_c5_offensive_kills_more_civilians_and_costs_standing():
    deaths = paired("civilian_deaths")
    assert all(h > d for _, h, d in deaths), f"civilian_deaths (seed, hardline, deal): {deaths}"
    standing = paired("international_standing")
    assert all(h < d for _, h, d in standing), f"international_standing (seed, hardline, deal): {standing}"
    assert all(fired(g, "civilian_toll") for g in games("hardline")), "civilian_toll never fired under hardline"


# -- C6 -------------------------------------------------------------------------------------
def _homs_setback(g) -> bool:
    """ISIS took at least 3 regime-held Homs cells at some point, or T4 or al-Qaryatayn."""
    return (max_lost_to(g, "regime", "isis", "Homs") >= 3 or ever_held(g, "t4_airbase", "isis")
            or ever_held(g, "al_qaryatayn", "isis"))


def test_c6_overstretched_saa_loses_ground_in_homs_to_isis():
    overstretched = [len(fired(g, "saa_overstretched")) for g in games("hardline")]
    assert most(sum(n > 0 for n in overstretched)), f"saa_overstretched turns per hardline game: {overstretched}"
    lost = {p: [max_lost_to(g, "regime", "isis", "Homs") for g in games(p)] for p in ("hardline", "deal")}
    setbacks = {p: sum(_homs_setback(g) for g in games(p)) for p in ("hardline", "deal")}
    assert setbacks["hardline"] > setbacks["deal"], (
        f"games with a Homs setback (ISIS takes >= 3 regime cells, T4 or al-Qaryatayn): {setbacks}; "
        f"most Homs cells ISIS held of the regime's: {lost}")
    assert most(setbacks["hardline"]), f"Homs setbacks under hardline in {setbacks['hardline']}/{len(SEEDS)} games"
    assert statistics.fmean(lost["hardline"]) > statistics.fmean(lost["deal"]), f"Homs cells lost to ISIS: {lost}"


# -- C7 -------------------------------------------------------------------------------------
def test_c7_crushing_the_damascus_opposition_opens_the_road_for_isis():
    opening_buffer = metric(game().opening(), "damascus_buffer")
    assert opening_buffer > 0, "no opposition buffer around Damascus at the opening"
    removed = {p: [fired(g, "buffer_removed") for g in games(p)] for p in ("hardline", "deal")}
    counts = {p: sum(bool(turns) for turns in removed[p]) for p in removed}
    assert counts["hardline"] > counts["deal"], f"games where the buffer was removed: {counts}"
    lowest = {p: [min(metric(t.state, "damascus_buffer") for t in g.turns) for g in games(p)] for p in removed}
    assert statistics.fmean(lowest["hardline"]) < statistics.fmean(lowest["deal"]), (
        f"smallest opposition buffer near Damascus per game (opening {opening_buffer}): {lowest}")
    # Whenever the rule fired, the buffer was smaller than at the start, ISIS was near and the road is open.
    for seed, g in zip(SEEDS, games("hardline")):
        for turn, event in events(g, "buffer_removed"):
            state = state_at(g, turn)
            buffer, isis_near = metric(state, "damascus_buffer"), metric(state, "isis_near_damascus")
            assert buffer < opening_buffer and isis_near > 0, (
                f"seed {seed} turn {turn}: buffer_removed fired with buffer {buffer} (opening {opening_buffer}), "
                f"ISIS cells near Damascus {isis_near}")
            assert "isis_road_to_damascus" in state.flags and event.changes.get("regime_cohesion", 0) < 0, (
                f"seed {seed} turn {turn}: {event.changes}, flags {sorted(state.flags)}")


# -- C8 -------------------------------------------------------------------------------------
def test_c8_refocusing_on_isis_weakens_isis_and_warms_washington():
    isis = paired("isis_strength")
    assert all(d < h for _, h, d in isis), f"isis_strength (seed, hardline, deal): {isis}"
    assert all(d < start("isis_strength") for _, _, d in isis), f"deal should cut ISIS below its opening: {isis}"
    us = paired("us_relations")
    assert all(d > h and d > start("us_relations") for _, h, d in us), f"us_relations (seed, hardline, deal): {us}"


# -- C9 -------------------------------------------------------------------------------------
def test_c9_retaking_palmyra_restores_standing():
    retaken = {p: sum(bool(fired(g, "palmyra_retaken")) for g in games(p)) for p in ("hardline", "deal")}
    assert retaken["deal"] > retaken["hardline"], f"games in which Palmyra was retaken: {retaken}"
    changes = [e.changes.get("international_standing", 0) for p in ("hardline", "deal", "chips")
               for g in games(p) for _, e in events(g, "palmyra_retaken")]
    assert changes and all(c > 0 for c in changes), f"standing change when Palmyra is retaken: {changes}"
    embarrassed = {p: statistics.fmean(len(fired(g, "palmyra_embarrassment")) for g in games(p))
                   for p in ("hardline", "deal")}
    assert embarrassed["hardline"] > embarrassed["deal"], f"mean turns with ISIS in Palmyra: {embarrassed}"


# -- C10 ------------------------------------------------------------------------------------
def test_c10_washington_only_fights_isis_and_chips_buy_leverage():
    for policy in POLICIES:
        raqqa = [holder(g.final, "raqqa") for g in games(policy)]
        assert most(raqqa.count("sdf")), f"{policy}: Raqqa's holder at the end per seed: {raqqa}"
        attacks = {(op.attacker, op.defender) for g in games(policy) for t in g.turns for op in t.state.operations
                   if op.sponsor == "washington" or op.attacker == "us"}
        assert attacks and all(defender == "isis" for _, defender in attacks), (
            f"{policy}: Washington's operations (attacker, defender): {sorted(attacks)}")
    chips = [len(fired(g, "chips_for_the_table")) for g in games("chips")]
    assert most(sum(n > 0 for n in chips)), f"chips_for_the_table firings per chips game: {chips}"
    gains = [e.changes.get("talks_progress", 0) for g in games("chips") for _, e in events(g, "chips_for_the_table")]
    assert all(gain > 0 for gain in gains), f"talks_progress from bargaining chips: {gains}"
    assert not any(fired(g, "chips_for_the_table") for p in ("hardline", "deal") for g in games(p))


# -- C11 ------------------------------------------------------------------------------------
def test_c11_working_with_turkey_makes_the_ceasefire_hold():
    ceasefire = paired("ceasefire_level", final=False)
    assert all(d > h for _, h, d in ceasefire), f"mean ceasefire_level over the game (seed, hardline, deal): {ceasefire}"
    successes = [(p, seed, turn, e.changes) for p in ("deal", "chips") for seed, g in zip(SEEDS, games(p))
                 for turn, e in events(g, "action.trilateral_talks") if e.inputs.get("success")]
    assert successes, "trilateral talks never succeeded under deal or chips"
    flat = [s for s in successes if s[3].get("ceasefire_level", 0) <= 0]
    assert not flat, f"successful trilateral talks that did not raise the ceasefire: {flat}"
    enforced = {p: sum(bool(fired(g, "turkey_enforces_truce")) for g in games(p)) for p in ("hardline", "deal")}
    assert enforced["hardline"] == 0 and most(enforced["deal"]), f"games where Turkey enforced the truce: {enforced}"


# -- C12 ------------------------------------------------------------------------------------
def test_c12_losing_cities_turns_the_opposition_into_an_insurgency():
    report = []
    for seed, g in zip(SEEDS, games("hardline")):
        lost = [metric(t.state, "opposition_cities_lost") for t in g.turns]
        first = next((turn for turn, n in enumerate(lost) if n >= 2), None)
        if first is None or first >= len(g.turns) - 1:
            continue
        before, after = value(g, "insurgency", first), value(g, "insurgency")
        attacks_after = [t for t, _ in events(g, prefix="bot.opposition.") if t > first]
        report.append((seed, first, round(before), round(after), len(attacks_after),
                       round(idlib_opposition_share(g, 99), 2)))
    assert most(len(report)), f"hardline games where the opposition lost >= 2 urban cells: {report}"
    assert all(after > before and after > start("insurgency") for _, _, before, after, _, _ in report), (
        f"(seed, turn cities lost, insurgency then, at the end, opposition attacks after, Idlib share): {report}")
    assert most(sum(n > 0 for *_, n, _ in report), len(report)), f"opposition attacks after losing cities: {report}"
    assert all(share > 0 for *_, share in report), f"the opposition vanished: {report}"


# -- C13 ------------------------------------------------------------------------------------
def test_c13_settlements_come_from_russia_turkey_and_iran():
    settled = [(p, seed, g) for p in POLICIES for seed, g in zip(SEEDS, games(p)) if g.final.ended == "settlement"]
    summary = [(p, seed, g.final.turn) for p, seed, g in settled]
    assert any(p == "deal" for p, _, _ in settled), f"no settlement under deal in {len(SEEDS)} seeds"
    assert all(p in ("deal", "chips") for p, _, _ in settled), f"settlements: {summary}"
    for p, seed, g in settled:
        assert "astana_process" in g.final.flags, f"{p} seed {seed}: settled without the Astana process"
        assert fired(g, "guarantors_deliver") and fired(g, "settlement_signed"), (
            f"{p} seed {seed}: settled without the guarantors (fired: guarantors_deliver "
            f"{fired(g, 'guarantors_deliver')}, settlement_signed {fired(g, 'settlement_signed')})")
