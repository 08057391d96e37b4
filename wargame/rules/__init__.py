"""Rules as data: a closed, validated vocabulary of conditions and effects, and their loader."""
