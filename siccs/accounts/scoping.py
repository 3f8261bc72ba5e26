"""Where the scoping mechanism used to live; it is now `siccs.core.scoping`.

Kept so that the apps above accounts, and other branches under way, keep importing it from
here; new code imports `siccs.core.scoping`. Apps below accounts (core, territory, audit)
must not import this module (docs/development/layers.md).
"""

from siccs.core.scoping import (  # noqa: F401
    NOTHING,
    ROLE_ACTIONS,
    Action,
    Role,
    ScopedQuerySet,
    assignments_of,
    can,
    ensure_unit_in_scope,
    get_reserved_or_404,
    get_visible_or_404,
    is_national,
    is_partner_only,
    partner_ids_of,
    require_action,
    require_national,
    scope_filter,
    through_committee,
    user_has_action,
)
