from django.apps import AppConfig


class RolloutConfig(AppConfig):
    name = "siccs.rollout"
    label = "rollout"
