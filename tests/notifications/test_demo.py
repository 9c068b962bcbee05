"""Demo data: the demo world's reminders; the large generated dataset's history."""

import sqlalchemy as sa

from coordination.demo.generate import generate
from coordination.notifications.models import SENT, EmailDelivery, Notification
from coordination.notifications.operations import collect_due


def test_generated_history_has_notifications_with_their_sent_emails(db):
    counts = generate(scale=0.02, seed=3)
    assert counts["notification"] > 0
    assert counts["email_delivery"] == counts["notification"]
    orphans = db.session.scalar(
        sa.select(sa.func.count(Notification.id)).where(Notification.delivery_id.is_(None))
    )
    assert orphans == 0
    assert set(db.session.scalars(sa.select(EmailDelivery.status))) == {SENT}
    unread = db.session.scalar(
        sa.select(sa.func.count(Notification.id)).where(Notification.read_at.is_(None))
    )
    assert 0 < unread < counts["notification"]
    # Generated rows use the mechanism's keys: a sweep does not notify the same events again.
    collect_due()
    twice = db.session.execute(
        sa.select(Notification.user_id, Notification.object_id)
        .where(Notification.kind == "decision.waiting", Notification.occasion == "round-1")
        .group_by(Notification.user_id, Notification.object_id)
        .having(sa.func.count(Notification.id) > 1)
    ).all()
    assert twice == []
