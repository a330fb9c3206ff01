"""Use cases: plain functions taking the session (and the acting user) explicitly.

Each command loads what it needs, calls the rules (``handlers``) and the engine step
(``workflows``), and commits once. Nothing here imports Flask's request globals.
"""
