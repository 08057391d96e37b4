"""Test-wide settings: Qt runs offscreen so the suite needs no display."""
import os
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The window's autosaves, crash marker and default settings go to scratch folders, never the user's.
_SCRATCH = tempfile.mkdtemp(prefix="syria-wargame-tests-")
os.environ["XDG_DATA_HOME"] = os.path.join(_SCRATCH, "data")
os.environ["XDG_CONFIG_HOME"] = os.path.join(_SCRATCH, "config")
