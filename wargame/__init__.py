"""The game engine: pure Python, no Qt and no geometry libraries.

It knows the map only through the board file that :mod:`maps` builds and the
repository ships, so headless play and batch runs stay light.
"""
