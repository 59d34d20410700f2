"""The home page: what a resident can take part in now, and the way to their municipality."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from kenesh.home import selectors


def home(request: HttpRequest) -> HttpResponse:
    oblasts, oblasts_without = selectors.oblasts_on_platform()
    context = {"open_now": selectors.open_now(), "oblasts": oblasts, "oblasts_without": oblasts_without}
    return render(request, "home/home.html", context)
