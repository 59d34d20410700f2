"""The search text's vector stored on PostgreSQL (PortalItem.search_document), with its GIN index; the index
of the expression (migration 0002) goes: the search now reads the stored vector, which a row's re-check no
longer has to compute again from the text. On SQLite the column stays empty."""

import django.contrib.postgres.search
from django.db import migrations


def vectors_fill(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "UPDATE portal_portalitem SET search_document = to_tsvector('russian'::regconfig, COALESCE(search_text, ''))"
    )
    schema_editor.execute("CREATE INDEX portal_item_document ON portal_portalitem USING gin (search_document)")
    schema_editor.execute("DROP INDEX IF EXISTS portal_item_search")


def vectors_forget(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS portal_item_document")
    schema_editor.execute(
        "CREATE INDEX portal_item_search ON portal_portalitem "
        "USING gin (to_tsvector('russian'::regconfig, COALESCE(search_text, '')))"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0003_journal"),
    ]

    operations = [
        migrations.AddField(
            model_name="portalitem",
            name="search_document",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(vectors_fill, vectors_forget),
    ]
