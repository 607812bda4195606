"""The pure domain: bank, loader, session, scoring, recommendation and profile store. Never imports textual or rich."""
