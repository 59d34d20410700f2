"""Public survey pages."""


def national(request, **kw):
    raise NotImplementedError


def municipality(request, **kw):
    raise NotImplementedError


def round_results(request, **kw):
    raise NotImplementedError


def answer(request, **kw):
    raise NotImplementedError


def indicators_csv(request, **kw):
    raise NotImplementedError


def compare(request, **kw):
    raise NotImplementedError
