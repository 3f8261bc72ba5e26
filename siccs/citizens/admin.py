from django.contrib import admin

from siccs.citizens.models import SmsGateway


@admin.register(SmsGateway)
class SmsGatewayAdmin(admin.ModelAdmin):
    # The secret is set through `services.gateway_create`; the admin only shows and disables.
    list_display = ["name", "kind", "language", "active", "created_at"]
    readonly_fields = ["created_at"]
    fields = ["name", "kind", "language", "active", "created_at"]

    def has_add_permission(self, request) -> bool:
        return False
