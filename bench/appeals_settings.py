"""Settings of the appeals load test's server: the load test's settings, with the per-address appeal limit
raised (every simulated citizen comes from 127.0.0.1; the limit's counting still runs on every request)."""

from pb_load_settings import *  # noqa: F403
from pb_load_settings import KENESH_RATES

KENESH_RATES = {**KENESH_RATES, "appeal-address": "1000000/h"}
