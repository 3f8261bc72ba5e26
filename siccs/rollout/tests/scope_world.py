"""Rollout URLs are registered by siccs/committees/tests/scope_world.py with the Gao committee."""

from siccs.committees.tests.scope_world import gao_committee


def populate(world) -> None:
    gao_committee(world)
