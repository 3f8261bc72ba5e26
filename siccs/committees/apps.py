from django.apps import AppConfig


class CommitteesConfig(AppConfig):
    name = "siccs.committees"
    label = "committees"
