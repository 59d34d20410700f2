"""The demo: an open vote and a finished one with about 2,000 ballots over the four channels, counted."""

import datetime

import pytest

from kenesh.messaging.models import InboundSms, OutboundSms
from kenesh.pb import demo
from kenesh.pb.models import Ballot, Channel, PaperBallot, Phase, Process, VotingCode
from tests.web.demo import demo_load

pytestmark = pytest.mark.django_db


def test_the_demo_loads_once(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    demo_load()
    demo.load_demo()
    demo.load_demo()
    open_vote = Process.objects.get(title_en=demo.OPEN_TITLE_EN)
    finished = Process.objects.get(title_en=demo.FINISHED_TITLE_EN)
    assert open_vote.phase == Phase.VOTING
    assert finished.ballots.count() == demo.FINISHED_BALLOTS
    channels = set(Ballot.objects.filter(process=finished).values_list("channel", flat=True))
    assert channels == set(Channel.values)
    assert VotingCode.objects.filter(process=finished, used_at__isnull=False).count() == 300
    # Every code and paper voter was recorded at the desk, as the desk does it today: none is anonymous.
    assert not VotingCode.objects.filter(process=finished, holder__isnull=True).exists()
    assert (
        finished.desk_voters.count()
        == Ballot.objects.filter(process=finished, channel__in=[Channel.CODE, Channel.PAPER]).count()
    )
    assert not PaperBallot.objects.filter(process=finished, voter_key="").exists()
    assert PaperBallot.objects.filter(process=finished, status="matched").count() == 200
    assert finished.participations.count() == demo.FINISHED_BALLOTS
    finished.refresh_from_db()
    (result,) = finished.results.all()
    assert finished.phase == Phase.RESULTS
    assert result.status == "done" and result.published_at is not None
    assert result.ballots_counted == demo.FINISHED_BALLOTS
    assert 0 < result.total_cost <= finished.budget


def test_the_office_phase_history_follows_the_public_dates(settings):
    """The public page's voting dates and the office's history of phase moves tell the same story."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    demo_load()
    demo.load_demo()
    for title in (demo.OPEN_TITLE_EN, demo.FINISHED_TITLE_EN):
        process = Process.objects.get(title_en=title)
        began = {change.to_phase: change.at for change in process.phase_changes.all()}
        assert began[Phase.PROPOSALS] == process.proposals_from, title
        assert began[Phase.REVIEW] == process.review_from, title
        assert began[Phase.VOTING] == process.voting_from, title
        moments = [change.at for change in process.phase_changes.order_by("pk")]
        assert moments == sorted(moments), title
    finished = Process.objects.get(title_en=demo.FINISHED_TITLE_EN)
    began = {change.to_phase: change.at for change in finished.phase_changes.all()}
    assert began[Phase.COUNTING] == finished.voting_until
    assert began[Phase.RESULTS] == finished.results_from


def test_the_demo_sms_ballots_went_through_the_sms_gateway(settings):
    """The outbox holds the replies (with receipts) to the demo's SMS ballots; the inbox keeps "VOTE" only."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    demo_load()
    demo.load_demo()
    finished = Process.objects.get(title_en=demo.FINISHED_TITLE_EN)
    inbox = InboundSms.objects.filter(keyword="VOTE", sender__startswith="+99670090")
    assert inbox.count() == demo.SMS_THROUGH_GATEWAY
    assert set(inbox.values_list("text", flat=True)) == {"VOTE"}
    assert all(message.handled for message in inbox)
    replies = OutboundSms.objects.filter(to__in=inbox.values("sender"))
    assert replies.count() == demo.SMS_THROUGH_GATEWAY
    voting_day = finished.voting_from.date()
    assert {reply.created_at.date() for reply in replies} <= {
        voting_day + datetime.timedelta(days=n) for n in range(15)
    }
    sms_ballots = finished.ballots.filter(channel=Channel.SMS).count()
    assert sms_ballots == round(demo.FINISHED_BALLOTS * dict(demo.CHANNEL_SHARES)[Channel.SMS])
    assert sms_ballots == demo.SMS_THROUGH_GATEWAY  # every one of them, through the gateway
    assert finished.ballots.count() == demo.FINISHED_BALLOTS
