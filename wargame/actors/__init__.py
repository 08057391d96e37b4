"""Actors other than the rules: Moscow's built-in policies (the bots themselves are data)."""
