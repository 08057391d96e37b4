"""Scenario data shipped with the game (one folder per scenario)."""
