"""Classroom quiz packs (placeholder until the pack format lands)."""
