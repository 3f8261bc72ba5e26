"""Notifications in the Django admin (superusers): members' contact preferences and the
opt-outs. National administrators edit the templates from /notifications/templates/."""

from django.contrib import admin

from siccs.notifications.models import MemberContact, OptOut


@admin.register(MemberContact)
class MemberContactAdmin(admin.ModelAdmin):
    list_display = ["person", "language", "sms_opt_out"]
    list_filter = ["language", "sms_opt_out"]
    raw_id_fields = ["person"]


@admin.register(OptOut)
class OptOutAdmin(admin.ModelAdmin):
    list_display = ["pk", "at"]
