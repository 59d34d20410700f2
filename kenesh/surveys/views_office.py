"""Office survey pages."""


def index(request, **kw):
    raise NotImplementedError


def municipality(request, **kw):
    raise NotImplementedError


def instrument_new(request, **kw):
    raise NotImplementedError


def instrument(request, **kw):
    raise NotImplementedError


def xlsform(request, **kw):
    raise NotImplementedError


def round_new(request, **kw):
    raise NotImplementedError


def paper(request, **kw):
    raise NotImplementedError


def kobo_import(request, **kw):
    raise NotImplementedError
