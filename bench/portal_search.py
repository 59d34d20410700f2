"""Benchmark of the knowledge portal's search over 20,000 items on PostgreSQL (issue #18).

    .venv/bin/python bench/portal_search.py                          # 20,000 items, 50 requests per query
    .venv/bin/python bench/portal_search.py --items 2000 --requests 20
    .venv/bin/python bench/portal_search.py --postgres postgres://kenesh:kenesh@127.0.0.1:5432/x

The script creates a scratch PostgreSQL database (and drops it afterwards), migrates it (which makes the
portal's homes, themes and the GIN index of the folded text) and writes N items in bulk, half in Kyrgyz and
half their Russian translations, each with a title, a summary and a body of about 120 words drawn from a
vocabulary of real Kyrgyz and Russian words and 3,000 made-up ones, one or two themes, a municipality of
one of 7 oblasts, and a date in 2016-2025; then VACUUM ANALYZE. Setup is not timed.

Measured: the server time of GET /ru/portal/search/?... through Django's test client (middleware, Wagtail's
routing, the search query and the count for the pager, the template; no network): median and p99 of
--requests requests after two warm-up requests, and the number of queries of one request. Target: median
under 100 ms, p99 under 300 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import subprocess
import sys
import time
import urllib.parse
import uuid
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

DEFAULT_POSTGRES = os.environ.get(
    "KENESH_PORTAL_BENCH_POSTGRES", "postgres://kenesh:kenesh@127.0.0.1:5432/kenesh_portal_bench"
)
MEDIAN_TARGET_MS = 100.0
P99_TARGET_MS = 300.0
KY_WORDS = (
    "суу түтүк айыл өкмөтү кеңеш бюджет жамаат демилгечи топ көмөк таштанды жол мектеп бала бакча "
    "жер салык мүлк грант угуу долбоор муниципалдык кызмат окутуу жаштар аялдар пенсионерлер "
    "ичүүчү таза көпүрө жарык оорукана спорт аянт маданият үй бүлө мал жайыт сугат канал"
).split()
RU_WORDS = (
    "вода водопровод водоснабжения село айыл окмоту кенеш бюджет жители инициативная группа помощь "
    "отходы дорога школа детский сад земля налог имущество грант слушания проект муниципальная служба "
    "обучение молодёжь женщины пенсионеры питьевая чистая мост освещение больница спорт площадка "
    "культура семья скот пастбище орошение канал"
).split()
SYLLABLES = (
    "ка ра су ту бе ке ла ма на ор ос ба да жа шы ке тө кү ың ал ар ер ан ин ов ск ни ре ло ми".split()
)


def _postgres(url: str, statement: str) -> None:
    import psycopg

    parts = urllib.parse.urlparse(url)
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(statement.format(name=parts.path.lstrip("/")))


def _tree_step(number: int) -> str:
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    digits = ""
    for _ in range(4):
        number, rest = divmod(number, 36)
        digits = alphabet[rest] + digits
    return digits


def _text(rng: random.Random, words: list[str], made_up: list[str], count: int) -> str:
    return " ".join(rng.choice(words) if rng.random() < 0.4 else rng.choice(made_up) for _ in range(count))


def _generate(items: int, seed: int) -> dict[str, Any]:
    import datetime

    from django.contrib.contenttypes.models import ContentType
    from django.db import connection
    from wagtail.models import Page

    from kenesh.portal.folding import fold
    from kenesh.portal.models import (
        ExpertArticlePage,
        Kind,
        PortalHomePage,
        PortalItem,
        Theme,
        search_document_write,
    )
    from kenesh.territory.models import Level, Unit

    rng = random.Random(seed)
    made_up = sorted({"".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))) for _ in range(3000)})
    oblasts = Unit.objects.bulk_create(
        Unit(coate=f"419{index:02d}000000000", level=Level.OBLAST, name_ru=f"Область {index}")
        for index in range(1, 8)
    )
    rayons = Unit.objects.bulk_create(
        Unit(
            coate=f"419{index % 7 + 1:02d}{index + 1:03d}000000",
            level=Level.RAYON,
            name_ru=f"Район {index}",
            parent=oblasts[index % 7],
        )
        for index in range(20)
    )
    municipalities = Unit.objects.bulk_create(
        Unit(
            coate=f"{rayon.coate[:8]}{index + 1:06d}",
            level=Level.MUNICIPALITY,
            name_ru=f"Аймак {index}",
            name_ky=f"{index}-аймак",
            parent=rayon,
        )
        for index, rayon in ((index, rayons[index % 20]) for index in range(100))
    )
    themes = list(Theme.objects.all())
    homes = {home.locale.language_code: home for home in PortalHomePage.objects.select_related("locale")}
    content_type = ContentType.objects.get_for_model(ExpertArticlePage)
    pairs = items // 2
    pages: list[Page] = []
    meta: list[tuple[str, str, datetime.date, str]] = []
    for number in range(pairs):
        key = uuid.uuid4()
        published_on = datetime.date(rng.randint(2016, 2025), rng.randint(1, 12), rng.randint(1, 28))
        kind = rng.choice(list(Kind)).value
        moment = datetime.datetime.combine(published_on, datetime.time(12), tzinfo=datetime.UTC)
        for language, words in (("ky", KY_WORDS), ("ru", RU_WORDS)):
            home = homes[language]
            title = _text(rng, words, made_up, 6).capitalize()
            summary = _text(rng, words, made_up, 25)
            body = _text(rng, words, made_up, 90)
            pages.append(
                Page(
                    title=title,
                    draft_title=title,
                    slug=f"item-{number}",
                    content_type=content_type,
                    path=home.path + _tree_step(home.numchild + number + 1),  # after the journal archive
                    depth=home.depth + 1,
                    numchild=0,
                    url_path=f"{home.url_path}item-{number}/",
                    live=True,
                    locale_id=home.locale_id,
                    translation_key=key,
                    first_published_at=moment,
                    last_published_at=moment,
                )
            )
            meta.append((kind, summary, published_on, fold(" ".join((title, summary, body)))))
    created = Page.objects.bulk_create(pages, batch_size=2000)
    for home in homes.values():
        Page.objects.filter(pk=home.pk).update(numchild=home.numchild + pairs)
    rows = [
        (page.pk, kind, summary, "[]", published_on, search_text, False)
        for page, (kind, summary, published_on, search_text) in zip(created, meta, strict=True)
    ]
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {PortalItem._meta.db_table} (page_ptr_id, kind, summary, body, published_on, "  # noqa: S608 - our table name
            "search_text, subscriber_only) VALUES (%s, %s, %s, %s, %s, %s, %s)",
            rows,
        )
        cursor.executemany(
            f"INSERT INTO {ExpertArticlePage._meta.db_table} (portalitem_ptr_id, author) VALUES (%s, '')",  # noqa: S608
            [(page.pk,) for page in created],
        )
    through_themes = PortalItem.themes.through
    through_themes.objects.bulk_create(
        [
            through_themes(portalitem_id=page.pk, theme_id=theme.pk)
            for page in created
            for theme in rng.sample(themes, rng.randint(1, 2))
        ],
        batch_size=5000,
    )
    through_places = PortalItem.municipalities.through
    through_places.objects.bulk_create(
        [through_places(portalitem_id=page.pk, unit_id=rng.choice(municipalities).pk) for page in created],
        batch_size=5000,
    )
    search_document_write(PortalItem.objects.all())  # as PortalItem.save does for one item
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return {"items": len(created), "oblast": oblasts[2].pk, "municipality": municipalities[5].pk}


def _time(client: Any, url: str, requests: int) -> dict[str, Any]:
    from django.db import connection

    for _ in range(2):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    queries: list[str] = []

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(url)
    match = re.search(r"Найдено: (\d+)", response.content.decode())
    found = int(match.group(1)) if match else 0
    timings = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    timings.sort()
    return {
        "url": url,
        "found": found,
        "median_ms": round(statistics.median(timings), 1),
        "p99_ms": round(timings[max(0, int(len(timings) * 0.99) - 1)], 1),
        "max_ms": round(timings[-1], 1),
        "queries": len(queries),
    }


def _measure(items: int, requests: int, seed: int) -> list[dict[str, Any]]:
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    from django.test import Client

    started = time.perf_counter()
    data = _generate(items, seed)
    setup_s = time.perf_counter() - started
    client = Client()
    searches = [
        ("one common Kyrgyz word typed on a Russian keyboard", "?q=комок"),
        ("one Russian word, another ending (stemmed)", "?q=водоснабжение"),
        ("two words", "?q=чистая+вода"),
        ("three words, one made up", "?q=суу+тутук+карасу"),
        ("a word and a theme", "?q=бюджет&theme=finance"),
        ("a word, an oblast and a year", f"?q=жамаат&oblast={data['oblast']}&year=2020"),
        ("a municipality, no words", f"?municipality={data['municipality']}"),
        ("no match", "?q=zzzzqqq"),
        ("odd input: quotes, operators, emoji", "?q=%22вода%22+%26+%7C+%21+%F0%9F%92%A7"),
    ]
    results = []
    for name, query in searches:
        result = _time(client, "/ru/portal/search/" + query, requests)
        result.update(name=name, items=data["items"], setup_s=round(setup_s, 1))
        results.append(result)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--postgres", default=DEFAULT_POSTGRES)
    parser.add_argument("--items", type=int, default=20_000)
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--keep", action="store_true", help="keep the scratch database (to EXPLAIN queries)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        for result in _measure(options.items, options.requests, options.seed):
            print(json.dumps(result, ensure_ascii=False))
        return
    _postgres(options.postgres, 'DROP DATABASE IF EXISTS "{name}"')
    _postgres(options.postgres, 'CREATE DATABASE "{name}"')
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="bench.pb_load_settings",
        DATABASE_URL=options.postgres,
        PYTHONPATH=str(REPO),
    )
    env.setdefault("DJANGO_LOG_LEVEL", "WARNING")
    try:
        child = subprocess.run(
            [
                sys.executable,
                __file__,
                "--child",
                "--items",
                str(options.items),
                "--requests",
                str(options.requests),
                "--seed",
                str(options.seed),
            ],
            env=env,
            check=False,
            capture_output=True,
            text=True,
        )
        if child.returncode != 0:
            sys.stderr.write(child.stderr[-5000:])
            sys.exit(child.returncode)
        output = child.stdout
    finally:
        if not options.keep:
            _postgres(options.postgres, 'DROP DATABASE IF EXISTS "{name}"')
    failed = False
    for line in output.splitlines():
        if not line.startswith("{"):
            continue
        result = json.loads(line)
        ok = result["median_ms"] < MEDIAN_TARGET_MS and result["p99_ms"] < P99_TARGET_MS
        failed = failed or not ok
        print(
            f"{result['name']:<55} found {result['found']:>6}  median {result['median_ms']:>6} ms  "
            f"p99 {result['p99_ms']:>6} ms  max {result['max_ms']:>6} ms  {result['queries']} queries"
            f"{'' if ok else '  OVER TARGET'}"
        )
    print(
        f"items: {options.items}; targets: median < {MEDIAN_TARGET_MS:.0f} ms, p99 < {P99_TARGET_MS:.0f} ms"
    )
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
