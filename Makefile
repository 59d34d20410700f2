# Kenesh: `make run` serves the demo, `make test` runs every check. See README.md.
PYTHON ?= python3
VENV ?= .venv
PORT ?= 8000
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py

.PHONY: run test bench bench-tally bench-budgets bench-pb bench-needs lint typecheck messages catalogues clean bench-hearings bench-surveys bench-appeals bench-scale bench-scale-quick bench-portal bench-portraits

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Reinstall only when the dependencies change.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(VENV)/.installed $@

run: $(VENV)/.installed catalogues
	$(MANAGE) run_platform --port $(PORT)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .

typecheck: $(VENV)/.installed-test
	$(BIN)/mypy kenesh

test: $(VENV)/.installed-test lint typecheck catalogues
	$(BIN)/pytest

# Every benchmark; docs/performance.md quotes their figures. The budget and voting benchmarks make scratch
# PostgreSQL databases as role kenesh on 127.0.0.1 unless KENESH_BUDGETS_BENCH_POSTGRES / KENESH_PB_LOAD_POSTGRES
# name others (see each script's --help).
bench: bench-tally bench-budgets bench-pb bench-needs bench-hearings bench-surveys bench-appeals bench-portal bench-portraits

# The counting engine next to pabutools on the ladder, then every rule on all 517 shared elections.
bench-tally: $(VENV)/.installed-test
	$(BIN)/python bench/run.py
	$(BIN)/python bench/run.py --all

# The public budget pages on a national-scale data set (PostgreSQL), then the import of a 2,000-line file.
bench-budgets: $(VENV)/.installed-test
	$(BIN)/python bench/budgets.py
	$(BIN)/python bench/budgets_import.py

# 500 concurrent voters against a real gunicorn server, on SQLite and on PostgreSQL.
bench-pb: $(VENV)/.installed-test
	$(BIN)/python bench/pb_load.py --database both

# The needs assessment's import of a 5,000-row Kobo CSV, on SQLite and on PostgreSQL.
bench-needs: $(VENV)/.installed-test
	$(BIN)/python bench/needs.py

# The national hearings view on 500 municipalities x 10 years of hearings (PostgreSQL).
bench-hearings: $(VENV)/.installed-test
	$(BIN)/python bench/hearings.py

# Surveys: importing a 10,000-row Kobo CSV and the indicators of a 10,000-response round, SQLite and PostgreSQL.
bench-surveys: $(VENV)/.installed-test
	$(BIN)/python bench/surveys.py

# Appeals: 1,500 submissions at 100/s against gunicorn on SQLite and PostgreSQL, then the national view
# on PostgreSQL with 500 municipalities x 3 years x 200 appeals (scratch databases, see bench/appeals.py).
bench-appeals: $(VENV)/.installed-test
	$(BIN)/python bench/appeals.py --database both
	$(BIN)/python bench/appeals.py --database both --municipalities 1
	$(BIN)/python bench/appeals.py --national

# The load and fault suite (issue 19, run as root): nginx, two app servers, a PostgreSQL primary and a
# streaming replica, two workers, all on 127.0.0.1; 500 voters, a server and a worker killed midway, the
# replica stopped a while. Not part of `bench` (it runs as root); it installs Debian's PostgreSQL and nginx
# when they are missing (.ci/packages scale). The quick run is in CI.
bench-scale: $(VENV)/.installed-test
	bash .ci/packages scale
	$(BIN)/python bench/scale.py

bench-scale-quick: $(VENV)/.installed-test
	bash .ci/packages scale
	$(BIN)/python bench/scale.py --quick

# The knowledge portal's search over 20,000 items in Kyrgyz and Russian (PostgreSQL, scratch database).
bench-portal: $(VENV)/.installed-test
	$(BIN)/python bench/portal_search.py

# Portraits: the national dashboard and the portraits over 500 municipalities x 10 years (scratch PostgreSQL).
bench-portraits: $(VENV)/.installed-test
	$(BIN)/python bench/portraits.py

# Every Django app's catalogues (ky, ru) from its templates and code; needs GNU gettext (apt-get install gettext).
APPS := $(patsubst kenesh/%/apps.py,%,$(wildcard kenesh/*/apps.py))
messages: $(VENV)/.installed
	@command -v xgettext >/dev/null || { echo "make messages needs GNU gettext: apt-get install gettext" >&2; exit 1; }
	@for app in $(APPS); do \
		mkdir -p kenesh/$$app/locale && \
		(cd kenesh/$$app && $(abspath $(BIN))/python $(CURDIR)/manage.py makemessages \
			-l ky -l ru --add-location file --no-obsolete --ignore 'tests/*') || exit 1; \
	done

# .po to .mo in pure Python (no gettext needed); the .mo files are not in git.
catalogues: $(VENV)/.installed
	$(MANAGE) compile_catalogues --if-changed

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
