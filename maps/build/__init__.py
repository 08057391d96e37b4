"""Scripts that regenerate the committed files in maps/data and the board."""
