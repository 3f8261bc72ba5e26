from django.contrib import admin
from django.http import HttpRequest


def _superuser_only(request: HttpRequest) -> bool:
    # The Django admin bypasses territorial scope: only technical operators may enter.
    return request.user.is_active and request.user.is_superuser


admin.site.has_permission = _superuser_only
admin.site.site_header = "SI-CCS"
