"""Invoices made at the same moment take numbers without a gap or a duplicate (real threads; PostgreSQL
row locks, SQLite's single writer)."""

import threading
import time

import pytest
from django.db import OperationalError, connection, connections, transaction

from kenesh.accounts.testing import person_make
from kenesh.subscriptions import services
from kenesh.subscriptions.models import Invoice, InvoiceCounter

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 8


def test_simultaneous_invoices_leave_no_gap_or_duplicate():
    people = [person_make() for _ in range(THREADS)]
    barrier = threading.Barrier(THREADS)
    errors: list[str] = []

    def work(i: int) -> None:
        with transaction.atomic():
            services.invoice_create(actor=people[i], person=people[i])
            if i % 3 == 0:  # some callers fail after taking a number: theirs comes back
                raise RuntimeError("rolled back")

    def runner(i: int) -> None:
        try:
            barrier.wait(timeout=10)
            for _ in range(300):
                try:
                    work(i)
                    break
                except OperationalError as error:
                    # SQLite's in-memory test database refuses a second writer at once instead of waiting.
                    if connection.vendor != "sqlite" or "locked" not in str(error):
                        raise
                    time.sleep(0.01)
        except RuntimeError:
            pass
        except Exception as error:
            errors.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=runner, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    kept = THREADS - len([i for i in range(THREADS) if i % 3 == 0])
    sequences = sorted(Invoice.objects.values_list("sequence", flat=True))
    assert sequences == list(range(1, kept + 1))
    assert InvoiceCounter.objects.get().last == kept
