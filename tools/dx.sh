#!/usr/bin/env bash
# The project's entry points (called by npm scripts):
#   start        install what is missing, start Kafka + PostgreSQL, migrate, create topics, start all
#                five apps in the background and print their URLs
#   stop         stop the apps and the infrastructure this project started
#   test         lint, module dependencies, format check, typecheck, unit, integration, e2e,
#                secured and fault tiers;
#                starts and stops whatever infrastructure it needed
#   test-faults  the fault tier alone (its own broker and PostgreSQL cluster, two replicas each)
#   chaos        the seeded chaos soak: --minutes N (default 5), --seed S (outside npm test)
#   infra        start|stop|status of Kafka and PostgreSQL only
#   migrate      run every service's migrations (as its own step, never at app boot)
#   dlq-replay   replay a dead-letter topic (see README)
#   insights-rebuild  rebuild the insights read models from the topics
#   catalog-explain-search  the SQL of one catalog search and its plan (EXPLAIN ANALYZE)
#   coverage     one coverage figure over unit, integration and e2e, service processes included
#   demo         reset the local stack's data and load the Almaty demo (27 simulated months)
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
home="${DX_HOME:-$repo/.local}"
run="$home/run"
mkdir -p "$run/apps"
say() { printf '\033[1m[dx]\033[0m %s\n' "$*"; }
APPS=(catalog consent integration trust insights dsp)
declare -A PORTS=([catalog]=3001 [consent]=3002 [integration]=3003 [trust]=3004 [insights]=3005 [dsp]=3006)

ensure_deps() {
  # npm ci when node_modules is missing or older than the lockfile; it also brings Node 22
  # (the `node` package) into node_modules/.bin, which npm scripts put first on PATH.
  if [ ! -x node_modules/.bin/node ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    say "installing dependencies from the lockfile (npm ci)"
    npm ci --no-audit --no-fund --loglevel=error
  fi
  export PATH="$repo/node_modules/.bin:$PATH"
  local major; major="$(node -p 'process.versions.node.split(".")[0]')"
  [ "$major" = 22 ] || { say "expected Node 22 from node_modules/.bin, got $(node --version)"; exit 1; }
}

ensure_chromium() {
  # The dashboard's browser test drives Debian's Chromium through playwright-core (no browser
  # download from elsewhere: only Debian's archive and the npm registry are reachable).
  export DX_CHROMIUM="${DX_CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}"
  [ -n "$DX_CHROMIUM" ] && return
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "installing Chromium from Debian's archive (once; for the dashboard's browser test)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null ||
      { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null; }
    export DX_CHROMIUM="$(command -v chromium)"
  else
    say "Chromium is needed for the dashboard's browser test: install it (Debian: sudo apt-get install chromium) or set DX_CHROMIUM to its path"
    exit 1
  fi
}

load_infra_env() {
  set -a; . "$run/infra.env"; set +a
}

ts() { node -r @swc-node/register "$@"; }
export SWC_NODE_PROJECT="$repo/tsconfig.base.json"

# On exit, stops the infrastructure only if this command started it: a stack someone had already
# started keeps running.
stop_infra_on_exit() {
  infra_before="$(bash tools/local-infra/infra.sh status)"
  trap stop_infra_if_ours EXIT
}
stop_infra_if_ours() {
  if ! grep -q 'kafka: up.*ours' <<<"$infra_before" && ! grep -q 'postgres: up.*ours' <<<"$infra_before"; then
    bash tools/local-infra/infra.sh stop
  fi
}

migrate() { load_infra_env; ts tools/cli/migrate.ts "$@"; }
provision() { load_infra_env; ts tools/cli/provision-topics.ts; }

app_env() { # app_env <app> → environment for one app process
  local app=$1
  local url; url="$(node -e "const u=new URL(process.argv[1]);u.username='dx_$app';u.password='dx_$app';u.pathname='/'+process.argv[2];console.log(u.toString())" "$DX_PG_ADMIN_URL" "$DX_DATABASE")"
  echo "DATABASE_URL=$url"
  echo "KAFKA_BROKERS=$DX_KAFKA_BROKERS"
  if [ "${DX_KAFKA_SECURITY_PROTOCOL:-plaintext}" != plaintext ]; then
    # Each service is its own principal (dx-<app>) with the ACLs the topic registry gives it.
    echo "KAFKA_SECURITY_PROTOCOL=$DX_KAFKA_SECURITY_PROTOCOL"
    echo "KAFKA_SSL_CA_FILE=$DX_KAFKA_SSL_CA_FILE"
    echo "KAFKA_SASL_MECHANISM=$DX_KAFKA_SASL_MECHANISM"
    echo "KAFKA_SASL_USERNAME=dx-$app"
    echo "KAFKA_SASL_PASSWORD_FILE=$DX_KAFKA_CREDENTIALS_DIR/dx-$app.password"
  fi
  echo "PORT=${PORTS[$app]}"
  # The DSP gateway's client is configured on both sides, as the operator's is (docs/dataspace.md §4).
  if [ -n "${DSP_GATEWAY_SECRET:-}" ]; then
    if [ "$app" = catalog ]; then echo "DSP_GATEWAY_CLIENT_SECRET=$DSP_GATEWAY_SECRET"; fi
    if [ "$app" = dsp ]; then echo "DSP_CLIENT_SECRET=$DSP_GATEWAY_SECRET"; fi
  fi
  echo "OTEL_SERVICE_NAME=$app"
  echo "DX_SERVICE=$app"
  # The local stack lets the operator set business time, which the demo needs (never in production).
  echo "DEMO_CLOCK=${DX_DEMO_CLOCK:-true}"
}

start_apps() {
  load_infra_env
  export OPERATOR_CLIENT_SECRET="${OPERATOR_CLIENT_SECRET:-local-operator-secret-change-me}"
  export DSP_GATEWAY_SECRET="${DSP_GATEWAY_SECRET:-local-dsp-gateway-secret-change-me}"
  for app in "${APPS[@]}"; do
    if [ -f "$run/apps/$app.pid" ] && kill -0 "$(cat "$run/apps/$app.pid")" 2>/dev/null; then
      say "$app already running (pid $(cat "$run/apps/$app.pid"))"; continue
    fi
    say "starting $app on :${PORTS[$app]} (log: $run/apps/$app.log)"
    ( set -a; eval "$(app_env "$app")"; set +a
      exec node -r @swc-node/register "apps/$app/src/main.ts" ) >"$run/apps/$app.log" 2>&1 &
    echo $! >"$run/apps/$app.pid"
  done
  for app in "${APPS[@]}"; do
    local deadline=$((SECONDS + 120))
    until curl -fsS "http://127.0.0.1:${PORTS[$app]}/health/ready" >/dev/null 2>&1; do
      if ! kill -0 "$(cat "$run/apps/$app.pid")" 2>/dev/null; then say "$app exited; last log lines:"; tail -20 "$run/apps/$app.log"; exit 1; fi
      [ $SECONDS -lt $deadline ] || { say "$app not ready after 120 s"; tail -20 "$run/apps/$app.log"; exit 1; }
      sleep 0.5
    done
    say "$app ready"
  done
}

stop_apps() {
  for app in "${APPS[@]}"; do
    local f="$run/apps/$app.pid"
    if [ -f "$f" ] && kill -0 "$(cat "$f")" 2>/dev/null; then
      say "stopping $app"; kill "$(cat "$f")" 2>/dev/null || true
      local deadline=$((SECONDS + 12))
      while kill -0 "$(cat "$f")" 2>/dev/null && [ $SECONDS -lt $deadline ]; do sleep 0.2; done
    fi
    rm -f "$f"
  done
}

load_demo() { # load_demo [--if-empty]
  load_infra_env
  say "loading the Almaty demo: 27 simulated months through the REST APIs (about a minute; npm start -- --no-demo skips it)"
  ts tools/cli/demo.ts "$@"
}

infra_start() {
  # A stack started with --secure stays secure (npm run demo, npm start again) until npm stop.
  if [ "${DX_KAFKA_SECURE:-}" = true ] || [ -f "$run/secure-mode" ]; then
    touch "$run/secure-mode"; bash tools/local-infra/infra.sh start --secure
  else
    bash tools/local-infra/infra.sh start
  fi
}

reset_data() {
  # Only the local stack's own data: the database named in infra.env and the platform's topics.
  load_infra_env
  say "resetting the local stack's data (database $DX_DATABASE, platform topics, consumer groups)"
  psql "$DX_PG_ADMIN_URL" -qc "DROP DATABASE IF EXISTS \"$DX_DATABASE\" WITH (FORCE)"
  ts tools/cli/demo-reset.ts
  infra_start
}

print_urls() {
  cat <<TXT

  The stack is up.
    catalog      http://127.0.0.1:3001   docs http://127.0.0.1:3001/docs
    consent      http://127.0.0.1:3002   docs http://127.0.0.1:3002/docs
    integration  http://127.0.0.1:3003   docs http://127.0.0.1:3003/docs
    trust        http://127.0.0.1:3004   docs http://127.0.0.1:3004/docs
    insights     http://127.0.0.1:3005   docs http://127.0.0.1:3005/docs
    dsp          http://127.0.0.1:3006   docs http://127.0.0.1:3006/docs   (Dataspace Protocol: /.well-known/dspace-version)
    Kafka        127.0.0.1:${DX_KAFKA_BROKERS##*:} (${DX_KAFKA_SECURITY_PROTOCOL:-plaintext})    PostgreSQL  $(node -e "console.log(new URL(process.argv[1]).host)" "$DX_PG_ADMIN_URL") database $DX_DATABASE

  Dashboard:       $(ts tools/cli/dashboard-link.ts 2>&1)
                   (the token in the link lasts 15 minutes; npm run dashboard prints a new one)
  Operator token:  curl -s -d grant_type=client_credentials -d client_id=platform-operator \\
                     -d client_secret=\$OPERATOR_CLIENT_SECRET http://127.0.0.1:3001/oauth/token
                   (local default secret: local-operator-secret-change-me)
  Topics:          npm run kafka -- topics --list
  Watch a topic:   npm run kafka -- consume --topic catalog.participant.v1 --from-beginning
  Stop:            npm stop
TXT
}

cmd="${1:-}"; shift || true
case "$cmd" in
  start)
    demo=yes
    for arg in "$@"; do
      case "$arg" in
        # Without the demo, business time stays on the system clock (npm run demo restarts the
        # apps with the demo clock when wanted).
        --no-demo) demo=no; export DX_DEMO_CLOCK="${DX_DEMO_CLOCK:-false}" ;;
        # Kafka secured like production: TLS + SASL/SCRAM, one principal per service, ACLs.
        --secure) export DX_KAFKA_SECURE=true ;;
        *) say "unknown option $arg (npm start [-- --no-demo] [--secure])"; exit 2 ;;
      esac
    done
    ensure_deps
    infra_start
    say "migrating each service's schema"
    migrate
    say "creating topics"
    provision
    # A database left by another checkout (or by this one's deleted .local/) next to a new, empty
    # broker: explained, and stopped here, before the services skip new events as processed.
    load_infra_env; ts tools/cli/stack-check.ts
    start_apps
    # Only into an empty stack: the demo never mixes with data someone entered.
    [ "$demo" = no ] || load_demo --if-empty
    print_urls
    ;;
  demo)
    ensure_deps
    stop_apps
    infra_start
    reset_data
    migrate
    provision
    load_infra_env; ts tools/cli/stack-check.ts
    start_apps
    load_demo "$@"
    print_urls
    ;;
  stop)
    stop_apps
    bash tools/local-infra/infra.sh stop
    rm -f "$run/secure-mode"
    ;;
  infra) bash tools/local-infra/infra.sh "$@" ;;
  migrate) ensure_deps; migrate "$@" ;;
  dlq-replay) ensure_deps; load_infra_env; ts tools/cli/dlq-replay.ts "$@" ;;
  test-faults)
    ensure_deps
    jest -c jest.config.js --selectProjects faults --runInBand
    ;;
  chaos)
    ensure_deps
    while [ $# -gt 0 ]; do
      case "$1" in
        --minutes) export DX_CHAOS_MINUTES="$2"; shift 2 ;;
        --seed) export DX_CHAOS_SEED="$2"; shift 2 ;;
        *) echo "usage: npm run chaos -- [--minutes N] [--seed S]" >&2; exit 2 ;;
      esac
    done
    jest -c jest.config.js --selectProjects chaos --runInBand
    ;;
  trust-verify) ensure_deps; load_infra_env; ts apps/trust/src/verify.ts "$@" ;;
  catalog-explain-search) ensure_deps; load_infra_env; ts apps/catalog/src/explain-search.ts "$@" ;;
  trust-simulate) ensure_deps; ts tools/cli/trust-simulate.ts "$@" ;;
  insights-rebuild) ensure_deps; load_infra_env; ts apps/insights/src/rebuild.ts "$@" ;;
  dashboard) ensure_deps; ts tools/cli/dashboard-link.ts ;;
  bench)
    # npm run bench -- <name>|all: bench/<name>.bench.ts (or every one, bench/all.ts) against the real
    # broker and database.
    ensure_deps
    name="${1:?usage: npm run bench -- <name> (see bench/README.md)}"
    started_before="$(bash tools/local-infra/infra.sh status)"
    bench_cleanup() {
      if ! grep -q 'kafka: up' <<<"$started_before"; then bash tools/local-infra/infra.sh stop; fi
    }
    trap bench_cleanup EXIT
    bash tools/local-infra/infra.sh start
    load_infra_env
    # The services run from the compiled build, as the image runs them (bench/README.md).
    say "building (tsc -p tsconfig.build.json)"
    node_modules/.bin/tsc -p tsconfig.build.json
    if [ "$name" = all ]; then ts bench/all.ts; else ts "bench/$name.bench.ts"; fi
    ;;
  coverage)
    # One coverage figure over the unit, integration and e2e tiers, service processes included:
    # jest measures its workers (V8), the services the e2e tier starts write V8 coverage that c8
    # maps back to TypeScript, and tools/coverage/merge.ts merges both (README, "Coverage").
    ensure_deps
    ensure_chromium
    stop_infra_on_exit
    out="$home/coverage"
    rm -rf "$out"; mkdir -p "$out/children"
    bash tools/local-infra/infra.sh start
    load_infra_env
    export DX_KAFKA_BROKERS DX_PG_ADMIN_URL DX_CHILD_V8_COVERAGE="$out/children"
    sources=(--collectCoverageFrom='{apps,libs}/*/src/**/*.ts' --collectCoverageFrom='!**/*.spec.ts'
      --collectCoverageFrom='!**/__fixtures__/**' --collectCoverageFrom='!apps/system-e2e/**'
      --collectCoverageFrom='!libs/testing/**' --collectCoverageFrom='!**/*.typecheck.ts')
    # A failing test still leaves a figure, but the command fails with it.
    status=0
    jest -c jest.config.js --selectProjects unit int e2e --runInBand --coverage --coverageProvider=v8 \
      --coverageDirectory "$out/jest" --coverageReporters=json "${sources[@]}" || status=$?
    c8 report --temp-directory "$out/children" --report-dir "$out/children-report" --reporter=json \
      --include='apps/*/src/**' --include='libs/*/src/**' --exclude='**/*.spec.ts' \
      --exclude='**/__fixtures__/**' --exclude='apps/system-e2e/**' --exclude='libs/testing/**' \
      --exclude-after-remap
    ts tools/coverage/merge.ts "$out"
    exit "$status"
    ;;
  test)
    ensure_deps
    ensure_chromium
    stop_infra_on_exit
    export NX_DAEMON="${NX_DAEMON:-false}" NX_NO_CLOUD=true
    nx show projects >/dev/null   # the project graph the module-boundaries rule reads
    say "lint";        eslint . --max-warnings 0
    say "module dependencies"; depcruise --config .dependency-cruiser.cjs --output-type err apps libs tools bench
    say "format";      prettier --check . --log-level warn
    say "typecheck";   tsc -p tsconfig.json --noEmit
    # The published API documents (docs/openapi, checked equal to the code by a unit test) against
    # the ruleset in redocly.yaml: an undocumented response or error fails here.
    say "OpenAPI lint"; REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true \
      redocly lint docs/openapi/*.json --format=summary
    say "unit tests";  jest -c jest.config.js --selectProjects unit
    bash tools/local-infra/infra.sh start
    load_infra_env
    export DX_KAFKA_BROKERS DX_PG_ADMIN_URL
    say "integration tests"; jest -c jest.config.js --selectProjects int --runInBand
    # The e2e tier proves the Dataspace Protocol against a real EDC connector (docs/dataspace.md §7)
    # and runs the Dataspace TCK's metadata and catalogue tests against the gateway (§9).
    bash tools/local-infra/infra.sh edc-libs >/dev/null
    bash tools/local-infra/infra.sh dsp-tck-libs >/dev/null
    say "e2e tests";         jest -c jest.config.js --selectProjects e2e --runInBand
    # The services against the secured broker (TLS + SASL/SCRAM, ACLs), started beside the plain one.
    say "secured Kafka tests"
    secure_before="$(bash tools/local-infra/infra.sh status)"
    bash tools/local-infra/infra.sh secure-kafka start
    ( set -a; . "$run/kafka-secure.env"; set +a
      jest -c jest.config.js --selectProjects secure --runInBand )
    grep -q 'kafka-secure: up' <<<"$secure_before" || bash tools/local-infra/infra.sh secure-kafka stop
    # Last: two replicas of every service on a broker and a PostgreSQL cluster of the tier's own,
    # killed and restarted by pid (the shared ones above are not touched); report in
    # .local/faults/report.json.
    say "fault tier"
    jest -c jest.config.js --selectProjects faults --runInBand
    ;;
  *) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
