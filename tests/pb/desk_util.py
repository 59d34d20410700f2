"""Helpers for tests that need a code or a paper ballot handed out at the desk."""

import itertools

from kenesh.pb.desk import desk_issue

_pins = itertools.count(1)


def pin_next() -> str:
    """A fresh 14-digit personal identification number."""
    return f"2{next(_pins):013d}"


def code_for(process, staff, user=None, **fields) -> str:
    """The plain code handed to `user` (or to a new person recorded by PIN)."""
    if user is None:
        fields.setdefault("pin", pin_next())
        fields.setdefault("full_name", "Test Voter")
    return desk_issue(actor=staff, process=process, credential="code", user=user, **fields).code


def paper_for(process, staff, user=None, **fields) -> str:
    """The serial of the paper ballot handed to `user` (or to a new person recorded by PIN)."""
    if user is None:
        fields.setdefault("pin", pin_next())
        fields.setdefault("full_name", "Test Voter")
    issued = desk_issue(actor=staff, process=process, credential="paper", user=user, **fields)
    assert issued.paper is not None
    return issued.paper.serial
