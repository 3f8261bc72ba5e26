"""Signals the committees app sends for the apps built on it.

Apps above committees keep figures derived from committees' facts (meetings counts the
women present at each session); they connect here in their `AppConfig.ready` rather than
committees importing them (docs/development/layers.md).
"""

from django.dispatch import Signal

# Sent inside the writing transaction after a person's sex changed: `person`.
person_sex_changed = Signal()
