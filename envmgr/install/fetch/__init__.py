"""Fetching sources: downloads with mirrors and resume, checksums, the cache, safe extraction.

Import the submodules directly (``envmgr.install.fetch.download``); this package imports
nothing, so that importing it costs nothing.
"""
