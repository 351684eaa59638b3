"""Scores of each stage against labelled sets."""
