from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "siccs.meetings"
    label = "meetings"
