"""The configurable lists of the meetings: concern categories and addressees.

The taxonomy and the list of authorities and forces are data the C-RSS adapts; a category
no longer used is deactivated rather than deleted, so that past concerns keep it.
"""

from django.contrib import admin

from siccs.meetings.models import Addressee, ConcernCategory


@admin.register(ConcernCategory)
class ConcernCategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "order", "active"]
    list_editable = ["order", "active"]
    search_fields = ["name", "code"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Addressee)
class AddresseeAdmin(admin.ModelAdmin):
    list_display = ["name", "order"]
    list_editable = ["order"]
    search_fields = ["name"]
