from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "siccs.accounts"
    label = "accounts"
