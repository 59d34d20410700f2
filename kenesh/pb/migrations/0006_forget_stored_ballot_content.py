"""Forget the ballot content that earlier versions stored beside a person.

Before ballots by SMS were secret, the inbox kept "VOTE 3 7 12" beside the sender's number, the reply
repeated the choices, and the audit entry of a paper-ballot reading held the reading. This keeps the fact
(a VOTE message, its reply, the entry) and drops the content. It cannot be undone.
"""

from django.db import migrations

REPLY_REMOVED = "[Kenesh: ballot confirmation removed for ballot secrecy]"


def forget(apps, schema_editor):
    InboundSms = apps.get_model("messaging", "InboundSms")
    OutboundSms = apps.get_model("messaging", "OutboundSms")
    AuditEntry = apps.get_model("audit", "AuditEntry")
    # "VOTE3 7" was a ballot too, answered with help: its first word starts with the keyword.
    votes = InboundSms.objects.filter(keyword__startswith="VOTE")
    OutboundSms.objects.filter(pk__in=votes.exclude(reply=None).values("reply_id")).update(text=REPLY_REMOVED)
    votes.update(text="VOTE", keyword="VOTE", redacted=True)
    for entry in AuditEntry.objects.filter(action="pb.paper.entry").only("pk", "changes").iterator():
        changes = dict(entry.changes or {})
        if "entry" in changes:
            changes["entry"] = {"before": None, "after": None}
            AuditEntry.objects.filter(pk=entry.pk).update(changes=changes)


class Migration(migrations.Migration):
    dependencies = [
        ("pb", "0005_ballot_receipt"),
        ("messaging", "0002_message_municipality_and_redaction"),
        ("audit", "0001_initial"),
    ]

    operations = [migrations.RunPython(forget, migrations.RunPython.noop, elidable=True)]
