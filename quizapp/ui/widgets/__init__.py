"""Widgets used by more than one screen, or too big to live inside one."""
