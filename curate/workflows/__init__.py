"""Orchestration of multi-step capabilities; Project delegates here."""
