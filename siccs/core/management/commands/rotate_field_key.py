"""Re-encrypt every encrypted value with the first key of FIELD_ENCRYPTION_KEY.

Rotation: put the new key first in FIELD_ENCRYPTION_KEY (keeping the old one after it),
restart, run this command, then remove the old key (docs/operations.md). Values no key can
read are left exactly as they are and listed: the command then fails, so that a missing
key is noticed before the old one is thrown away.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction

from siccs.core.fields import (
    UndecryptableValue,
    ciphertext_of,
    encrypted_fields,
    encrypted_with_first_key,
    reencrypt,
)


class Command(BaseCommand):
    help = "Re-encrypt phone numbers with the first key of FIELD_ENCRYPTION_KEY."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--check",
            action="store_true",
            help="Only count the values still on an old key and those no key can read.",
        )

    def handle(self, *args: Any, check: bool = False, **options: Any) -> None:
        unreadable: dict[str, list[Any]] = {}
        with transaction.atomic():
            for model, field in encrypted_fields():
                label = f"{model._meta.label}.{field.name}"
                rows = (
                    model._base_manager.exclude(**{field.name: ""})
                    .exclude(**{f"{field.name}__isnull": True})
                    .values_list("pk", ciphertext_of(field))
                    .order_by("pk")
                )
                current = rotated = 0
                for pk, token in rows.iterator():
                    if encrypted_with_first_key(token):
                        current += 1
                        continue
                    try:
                        new_token = reencrypt(token)
                    except UndecryptableValue:
                        unreadable.setdefault(label, []).append(pk)
                        continue
                    rotated += 1
                    if not check:
                        _write_raw(model, field, pk, new_token)
                verb = "on an old key" if check else "re-encrypted"
                self.stdout.write(
                    f"{label}: {rotated} {verb}, {current} already on the first key, "
                    f"{len(unreadable.get(label, []))} unreadable"
                )
        if unreadable:
            for label, pks in unreadable.items():
                shown = ", ".join(str(pk) for pk in pks[:20]) + (" …" if len(pks) > 20 else "")
                self.stderr.write(f"{label}: no key reads the value of rows {shown}")
            raise CommandError(
                "Some values cannot be decrypted with any key of FIELD_ENCRYPTION_KEY; they "
                "were left as they are. Add the key they were written with before removing "
                "any key."
            )
        self.stdout.write(self.style.SUCCESS("Every encrypted value reads with the keys set."))


def _write_raw(model: Any, field: Any, pk: Any, token: str) -> None:
    """Store a ciphertext as it is (an ORM update would encrypt it a second time)."""
    table = connection.ops.quote_name(model._meta.db_table)
    column = connection.ops.quote_name(field.column)
    pk_column = connection.ops.quote_name(model._meta.pk.column)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET {column} = %s WHERE {pk_column} = %s", [token, pk])
