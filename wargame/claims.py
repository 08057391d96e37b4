"""The source analysis's claims C1-C13, each as one line in the game's own words.

Every rule, event and action names the claim it comes from; the window and
reports show these lines so a player sees which argument a consequence makes.
"""
from __future__ import annotations

CLAIMS: dict[str, str] = {
    "C1": "The regime starts the game holding the coast, the Lebanese border and the big cities: about 60% of the people.",
    "C2": "The opposition keeps Idlib and rural pockets but can no longer topple the regime without a great power's help.",
    "C3": "Moscow must choose: back Damascus and Tehran in crushing the opposition, or cash in on Aleppo with a deal.",
    "C4": "An Idlib offensive would be long and bloody, need far more Russian force, and weigh on the 2018 election.",
    "C5": "Civilian deaths in such a campaign would exceed Aleppo's, and Russia would share the blame.",
    "C6": "An SAA attacking in one place cannot hold another: ISIS gains in Homs province when the army is stretched.",
    "C7": "The rebels around Damascus once blocked ISIS's road to the capital; crushing them removes that buffer.",
    "C8": "Declaring victory and turning the air war on ISIS, perhaps with the US, is the alternative path.",
    "C9": "ISIS holding Palmyra undercuts the regime's claim to be the force fighting ISIS.",
    "C10": "Unsure of the new US administration, Moscow grabs bargaining chips; Washington will care mainly about ISIS.",
    "C11": "A settlement needs Turkey to separate moderates from jihadists and enforce a truce while Moscow restrains Assad.",
    "C12": "Losing the cities turns the opposition into a rural insurgency rather than ending it.",
    "C13": "Russia, Turkey and Iran are likely to settle Syria's future between them, and it may work.",
}


def claim_line(claim: str) -> str:
    """'C4: ...' for a claim id, or '' for none (unknown ids are shown as they are)."""
    if not claim:
        return ""
    return f"{claim}: {CLAIMS.get(claim, 'a claim of the source analysis')}"
