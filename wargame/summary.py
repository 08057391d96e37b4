"""Who holds what: per-faction, per-governorate and per-place summaries of a control assignment."""
from __future__ import annotations

from typing import Any, Sequence

from wargame.board import Board
from wargame.factions import FACTION_IDS

# The places every summary reports, in this order (the scenario's key sites).
KEY_PLACES: tuple[str, ...] = (
    "damascus", "aleppo", "homs", "hama", "latakia", "tartus", "idlib", "jisr_al_shughur",
    "khan_shaykhun", "al_bab", "manbij", "jarabulus", "azaz", "afrin", "kobani", "raqqa", "tabqa",
    "deir_ez_zor", "deir_ez_zor_airbase", "mayadin", "abu_kamal", "palmyra", "t4_airbase",
    "shaer_gas_field", "al_qaryatayn", "rastan", "douma", "daraa", "suwayda", "quneitra",
    "qamishli", "hasakah", "al_tanf", "kuweires_airbase", "hmeimim_airbase",
)


def _blank() -> dict[str, Any]:
    return {"cells": 0, "area_km2": 0.0, "population": 0}


def control_by_faction(board: Board, control: Sequence[str]) -> dict[str, dict[str, Any]]:
    """Faction -> cells, area (km2), population and population share, for every faction."""
    out = {f: _blank() for f in FACTION_IDS}
    for cell, faction in zip(board.cells, control):
        entry = out[faction]
        entry["cells"] += 1
        entry["area_km2"] += cell.area_km2
        entry["population"] += cell.population
    total = sum(e["population"] for e in out.values()) or 1
    for entry in out.values():
        entry["area_km2"] = round(entry["area_km2"], 1)
        entry["population_share"] = round(entry["population"] / total, 4)
    return out


def control_by_governorate(board: Board, control: Sequence[str]) -> dict[str, dict[str, dict[str, Any]]]:
    """Governorate -> faction -> cells, area and population (only factions present)."""
    out: dict[str, dict[str, dict[str, Any]]] = {}
    for cell, faction in zip(board.cells, control):
        entry = out.setdefault(cell.governorate, {}).setdefault(faction, _blank())
        entry["cells"] += 1
        entry["area_km2"] += cell.area_km2
        entry["population"] += cell.population
    for factions in out.values():
        for entry in factions.values():
            entry["area_km2"] = round(entry["area_km2"], 1)
    return {g: dict(sorted(out[g].items())) for g in sorted(out)}


def place_holders(board: Board, control: Sequence[str], places: Sequence[str] = KEY_PLACES) -> dict[str, str]:
    """Place id -> the faction holding its cell."""
    return {p: control[board.places[p].cell] for p in places if p in board.places}


def opening_summary(board: Board, control: Sequence[str]) -> dict[str, Any]:
    """Everything ``wargame show`` prints: factions, governorates and key places."""
    return {
        "control": control_by_faction(board, control),
        "by_governorate": control_by_governorate(board, control),
        "places": place_holders(board, control),
    }


def area_shares(board: Board, control: Sequence[str]) -> dict[str, float]:
    """Faction -> percent of the country's area it holds (every faction, in FACTION_IDS order)."""
    areas = {f: 0.0 for f in FACTION_IDS}
    for cell, faction in zip(board.cells, control):
        areas[faction] += cell.area_km2
    total = sum(areas.values()) or 1.0
    return {f: 100.0 * a / total for f, a in areas.items()}
