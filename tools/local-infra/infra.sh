#!/usr/bin/env bash
# Real Apache Kafka (KRaft, from Maven Central jars) and PostgreSQL for local runs and tests, no Docker.
#
#   infra.sh start    fetch jars once, start what is not already answering, create roles and schemas
#   infra.sh stop     stop only what this script started (by the pids it recorded)
#   infra.sh status   print what answers and who owns it
#   infra.sh env      print the connection settings as shell assignments
#   infra.sh start --secure   the same with the secured broker (TLS + SASL/SCRAM, ACLs) instead
#   infra.sh secure-kafka start|stop   only the secured broker, beside the plain one (test tier)
#   infra.sh edc-libs  assemble the Eclipse Dataspace Connector (tools/edc) once, print its lib dir
#   infra.sh dsp-tck-libs  assemble the Eclipse Dataspace TCK (tools/dsp-tck) once, print its lib dir
#
# Settings (environment): DX_HOME (default <repo>/.local), DX_KAFKA_PORT (19092),
# DX_KAFKA_CONTROLLER_PORT (19093), DX_KAFKA_SECURE_PORT (19094) and DX_KAFKA_SECURE_CONTROLLER_PORT
# (19095) for the secured broker, DATABASE_URL (admin URL; default: 127.0.0.1:5432 when it
# answers, else a private cluster on DX_PG_PORT, 54329), DX_PG_MODE (auto | private: always the
# private cluster), DX_DATABASE (dx).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
home="${DX_HOME:-$repo/.local}"
run="$home/run"
kafka_dir="$home/kafka"
kafka_libs="$kafka_dir/libs"
kafka_port="${DX_KAFKA_PORT:-19092}"
ctrl_port="${DX_KAFKA_CONTROLLER_PORT:-19093}"
pg_port="${DX_PG_PORT:-54329}"
secure_dir="$home/kafka-secure"
secure_port="${DX_KAFKA_SECURE_PORT:-19094}"
secure_ctrl_port="${DX_KAFKA_SECURE_CONTROLLER_PORT:-19095}"
pki="$secure_dir/pki"
creds="$secure_dir/credentials"
# auto: DATABASE_URL, else 127.0.0.1:5432 when it answers, else a private cluster; private: always
# the private cluster (for machines whose shared server must not be touched, and for its own test).
pg_mode="${DX_PG_MODE:-auto}"
database="${DX_DATABASE:-dx}"
mkdir -p "$run"

log() { printf '[infra] %s\n' "$*" >&2; }

# ---------- helpers -------------------------------------------------------------------------
pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_until() { # wait_until <seconds> <description> <command...>
  local limit=$1 what=$2; shift 2
  local deadline=$((SECONDS + limit))
  until "$@" >/dev/null 2>&1; do
    if [ $SECONDS -ge $deadline ]; then log "timed out after ${limit}s waiting for $what"; return 1; fi
    sleep 0.5
  done
}

kafka_class() { java -cp "$kafka_libs/*" "$@"; }

# ---------- Kafka -----------------------------------------------------------------------------
fetch_kafka() {
  if [ -f "$kafka_libs/.complete" ] && [ "$kafka_libs/.complete" -nt "$here/kafka/pom.xml" ]; then return; fi
  command -v mvn >/dev/null || {
    log "Maven is needed once, to fetch the Kafka broker jars from Maven Central, and was not found on PATH."
    log "  Debian/Ubuntu: sudo apt-get install maven   macOS: brew install maven"
    exit 1
  }
  log "fetching the Apache Kafka broker jars from Maven Central (once; cached in ~/.m2)"
  rm -rf "$kafka_libs"
  mkdir -p "$kafka_dir"
  if ! mvn -q -B -Dstyle.color=never -f "$here/kafka/pom.xml" dependency:copy-dependencies \
    -DoutputDirectory="$kafka_libs" -DincludeScope=runtime >"$kafka_dir/fetch.log" 2>&1; then
    cat "$kafka_dir/fetch.log" >&2; log "fetching the Kafka jars failed"; exit 1
  fi
  touch "$kafka_libs/.complete"
}

# ---------- Java tools assembled from Maven Central: the EDC connector and the Dataspace TCK ---
# assemble_tool <tools/ dir> <output dir> <jar name> <what>: `mvn package` plus the runtime
# dependencies into <output dir>/lib, once (again when the pom or a source file changed). The build
# output stays under .local, never in the source tree.
assemble_tool() {
  local src="$repo/tools/$1" out="$2" jar="$3" what="$4"
  local stamp="$out/.complete"
  if [ -f "$stamp" ] && [ "$stamp" -nt "$src/pom.xml" ] &&
    [ -z "$(find "$src/src" -newer "$stamp" -type f 2>/dev/null)" ]; then return; fi
  command -v mvn >/dev/null || {
    log "Maven is needed once, to assemble $what from Maven Central, and was not found on PATH."
    exit 1
  }
  log "assembling $what from Maven Central (once; cached in ~/.m2)"
  rm -rf "$out/lib"
  mkdir -p "$out"
  if ! mvn -q -B -Dstyle.color=never -f "$src/pom.xml" -DbuildDirectory="$out/target" package \
    dependency:copy-dependencies -DoutputDirectory="$out/lib" -DincludeScope=runtime \
    >"$out/fetch.log" 2>&1; then
    cat "$out/fetch.log" >&2; log "assembling $what failed"; exit 1
  fi
  cp "$out/target/$jar" "$out/lib/"
  touch "$stamp"
}
# The DSP peer of the data-space e2e test, and the DSP conformance tests run against the gateway.
edc_dir="$home/edc"
fetch_edc() { assemble_tool edc "$edc_dir" dx-edc-identity.jar "the Eclipse Dataspace Connector"; }
tck_dir="$home/dsp-tck"
fetch_dsp_tck() { assemble_tool dsp-tck "$tck_dir" dx-dsp-tck.jar "the Eclipse Dataspace TCK"; }

write_kafka_config() {
  mkdir -p "$kafka_dir/data" "$kafka_dir/logs"
  sed -e "s#@PORT@#$kafka_port#g" -e "s#@CTRL@#$ctrl_port#g" -e "s#@DATA@#$kafka_dir/data#g" \
    "$here/kafka/server.properties.template" > "$kafka_dir/server.properties"
}

require_java() {
  command -v java >/dev/null || {
    log "Java 17 or later is needed to run the Kafka broker and was not found on PATH."
    log "  Debian/Ubuntu: sudo apt-get install openjdk-17-jre-headless   macOS: brew install openjdk@17"
    log "  (or point DX_KAFKA_PORT at a Kafka broker you already run)"
    exit 1
  }
  local jv; jv="$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
  if [ -n "$jv" ] && [ "${jv%%.*}" -lt 17 ] 2>/dev/null; then
    log "Java $jv found; the Kafka broker needs Java 17 or later (Debian/Ubuntu: sudo apt-get install openjdk-17-jre-headless)"
    exit 1
  fi
}

start_kafka() {
  if port_open "$kafka_port"; then
    log "Kafka already answers on 127.0.0.1:$kafka_port; using it"
    return
  fi
  require_java
  fetch_kafka
  write_kafka_config
  if [ ! -f "$kafka_dir/data/meta.properties" ]; then
    local cluster_id
    cluster_id="$(kafka_class kafka.tools.StorageTool random-uuid)"
    log "formatting KRaft storage (cluster $cluster_id)"
    kafka_class kafka.tools.StorageTool format --standalone -t "$cluster_id" \
      -c "$kafka_dir/server.properties" >"$kafka_dir/logs/format.log" 2>&1
  fi
  log "starting Kafka broker on 127.0.0.1:$kafka_port"
  launch_broker "$kafka_dir" "$run/kafka.pid" "$kafka_port"
  log "Kafka ready"
}

launch_broker() { # launch_broker <dir> <pidfile> <port> [client properties]: start, wait until it serves
  local dir=$1 port=$3 config=()
  [ -n "${4:-}" ] && config=(--command-config "$4")
  nohup java -Xms256m -Xmx512m -XX:+UseG1GC -Djava.awt.headless=true \
    -Dlog4j2.configurationFile="$here/kafka/log4j2.properties" -Dkafka.logs.dir="$dir/logs" \
    -cp "$kafka_libs/*" kafka.Kafka "$dir/server.properties" \
    >"$dir/logs/stdout.log" 2>&1 &
  echo $! >"$2"
  if ! wait_until 90 "Kafka on $port to accept connections" port_open "$port"; then
    tail -30 "$dir/logs/stdout.log" >&2; exit 1
  fi
  # A listening socket is not a ready broker: wait until metadata requests succeed.
  wait_until 90 "Kafka metadata on $port" kafka_class org.apache.kafka.tools.TopicCommand \
    --bootstrap-server "127.0.0.1:$port" ${config[@]+"${config[@]}"} --list || { tail -30 "$dir/logs/stdout.log" >&2; exit 1; }
}

stop_pid() { # stop_pid <pidfile> <what>
  if pid_alive "$1"; then
    local pid; pid="$(cat "$1")"
    log "stopping $2 (pid $pid)"
    kill "$pid" 2>/dev/null || true
    local deadline=$((SECONDS + 30))
    while kill -0 "$pid" 2>/dev/null && [ $SECONDS -lt $deadline ]; do sleep 0.3; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$1"
}

stop_kafka() { stop_pid "$run/kafka.pid" Kafka; }

# ---------- secured Kafka (TLS + SASL/SCRAM-SHA-512, deny-by-default ACLs) -------------------------
# Everything secret lives under DX_HOME, readable by this user only, and is made here: a private CA,
# the broker's certificate, one random password per principal. Principals and ACLs come from the
# topic registry (libs/contracts/src/kafka-acls.ts) through tools/cli/kafka-security.ts.
node_ts() { (cd "$repo" && SWC_NODE_PROJECT="$repo/tsconfig.base.json" "$repo/node_modules/.bin/node" -r @swc-node/register "$@"); }

make_pki() {
  [ -f "$pki/broker.pem" ] && [ -f "$pki/ca.crt" ] && return
  command -v openssl >/dev/null || { log "openssl is needed to make the secured broker's certificates (Debian/Ubuntu: sudo apt-get install openssl)"; exit 1; }
  log "making a private CA and the broker's certificate in $pki"
  mkdir -p "$pki"; chmod 700 "$secure_dir" "$pki"
  openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 825 -subj "/CN=dx local Kafka CA" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -keyout "$pki/ca.key" -out "$pki/ca.crt" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -sha256 -subj "/CN=dx-broker" \
    -keyout "$pki/broker.key" -out "$pki/broker.csr" 2>/dev/null
  # serverAuth for clients, clientAuth towards the controller listener (mutual TLS there).
  printf '%s\n' "subjectAltName=DNS:localhost,IP:127.0.0.1" "basicConstraints=CA:FALSE" \
    "keyUsage=critical,digitalSignature,keyEncipherment" "extendedKeyUsage=serverAuth,clientAuth" >"$pki/broker.ext"
  openssl x509 -req -in "$pki/broker.csr" -CA "$pki/ca.crt" -CAkey "$pki/ca.key" -CAcreateserial \
    -days 825 -sha256 -extfile "$pki/broker.ext" -out "$pki/broker.crt" 2>/dev/null
  cat "$pki/broker.key" "$pki/broker.crt" >"$pki/broker.pem"
  chmod 600 "$pki"/*.key "$pki/broker.pem"
}

password_of() { # password_of <principal>: made once, random, kept with mode 600
  local f="$creds/$1.password"
  if [ ! -s "$f" ]; then
    mkdir -p "$creds"; chmod 700 "$creds"
    ( umask 077; openssl rand -hex 24 >"$f" )
  fi
  cat "$f"
}

secure_principals() { node_ts tools/cli/kafka-security.ts principals; }

client_properties() { # client_properties <principal> <file>: Java client settings (Kafka CLI)
  ( umask 077
    cat >"$2" <<PROPS
security.protocol=SASL_SSL
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="$1" password="$(password_of "$1")";
ssl.truststore.type=PEM
ssl.truststore.location=$pki/ca.crt
PROPS
  )
}

write_client_properties() { # the operator's (kafka.sh) and the broker admin's (ACL and user setup)
  client_properties dx-operator "$secure_dir/operator.properties"
  client_properties dx-admin "$secure_dir/admin.properties"
}

start_secure_kafka() {
  if port_open "$secure_port"; then log "secured Kafka already answers on 127.0.0.1:$secure_port; using it"; return; fi
  require_java
  fetch_kafka
  make_pki
  mkdir -p "$secure_dir/data" "$secure_dir/logs"
  local admin_pw; admin_pw="$(password_of dx-admin)"
  ( umask 077
    sed -e "s#@PORT@#$secure_port#g" -e "s#@CTRL@#$secure_ctrl_port#g" -e "s#@DATA@#$secure_dir/data#g" \
      -e "s#@PKI@#$pki#g" -e "s#@ADMIN_PASSWORD@#$admin_pw#g" \
      "$here/kafka/server-secure.properties.template" >"$secure_dir/server.properties" )
  local principals; principals="$(secure_principals)"
  if [ ! -f "$secure_dir/data/meta.properties" ]; then
    local cluster_id scram=() p
    cluster_id="$(kafka_class kafka.tools.StorageTool random-uuid)"
    scram+=(--add-scram "SCRAM-SHA-512=[name=dx-admin,password=$admin_pw]")
    for p in $principals; do scram+=(--add-scram "SCRAM-SHA-512=[name=$p,password=$(password_of "$p")]"); done
    log "formatting the secured broker's KRaft storage with $(( ${#scram[@]} / 2 )) SCRAM users"
    kafka_class kafka.tools.StorageTool format --standalone -t "$cluster_id" \
      -c "$secure_dir/server.properties" "${scram[@]}" >"$secure_dir/logs/format.log" 2>&1 ||
      { cat "$secure_dir/logs/format.log" >&2; exit 1; }
    for p in $principals; do touch "$creds/$p.created"; done
  fi
  log "starting the secured Kafka broker on 127.0.0.1:$secure_port (SASL_SSL)"
  write_client_properties
  launch_broker "$secure_dir" "$run/kafka-secure.pid" "$secure_port" "$secure_dir/admin.properties"
  # A principal added to the registry after the storage was formatted gets its user now.
  for p in $principals; do
    [ -f "$creds/$p.created" ] && continue
    log "creating SCRAM user $p"
    kafka_class kafka.admin.ConfigCommand --bootstrap-server "127.0.0.1:$secure_port" \
      --command-config "$secure_dir/admin.properties" --alter --entity-type users --entity-name "$p" \
      --add-config "SCRAM-SHA-512=[password=$(password_of "$p")]" >/dev/null && touch "$creds/$p.created"
  done
  DX_KAFKA_BROKERS="127.0.0.1:$secure_port" DX_KAFKA_SECURITY_PROTOCOL=sasl_ssl DX_KAFKA_SSL_CA_FILE="$pki/ca.crt" \
    DX_KAFKA_SASL_USERNAME=dx-admin DX_KAFKA_SASL_PASSWORD_FILE="$creds/dx-admin.password" \
    node_ts tools/cli/kafka-security.ts apply >&2
  print_secure_env >"$run/kafka-secure.env"
  log "secured Kafka ready"
}

stop_secure_kafka() {
  stop_pid "$run/kafka-secure.pid" "secured Kafka"
  rm -f "$run/kafka-secure.env"
}

print_secure_env() { # the operator's settings (tooling); each app gets its own principal (dx.sh)
  echo "DX_KAFKA_BROKERS=127.0.0.1:$secure_port"
  echo "DX_KAFKA_SECURITY_PROTOCOL=sasl_ssl"
  echo "DX_KAFKA_SSL_CA_FILE=$pki/ca.crt"
  echo "DX_KAFKA_SASL_MECHANISM=scram-sha-512"
  echo "DX_KAFKA_SASL_USERNAME=dx-operator"
  echo "DX_KAFKA_SASL_PASSWORD_FILE=$creds/dx-operator.password"
  echo "DX_KAFKA_CREDENTIALS_DIR=$creds"
  echo "DX_KAFKA_CLIENT_PROPERTIES=$secure_dir/operator.properties"
}

# ---------- PostgreSQL ------------------------------------------------------------------------
pg_bin() {
  local b
  for b in /usr/lib/postgresql/*/bin; do [ -x "$b/initdb" ] && { echo "$b"; return; }; done
  command -v initdb >/dev/null && dirname "$(command -v initdb)" && return
  return 1
}

admin_url() {
  if [ -n "${DATABASE_URL:-}" ]; then echo "$DATABASE_URL"; return; fi
  if [ -f "$run/pg.url" ]; then cat "$run/pg.url"; return; fi
  echo "postgres://postgres@127.0.0.1:5432/postgres"
}

pg_answers() { psql "$1" -Atqc 'select 1' >/dev/null 2>&1; }

start_postgres() {
  command -v psql >/dev/null || {
    log "psql (the PostgreSQL client) is needed to create the database, roles and schemas and was not found on PATH."
    log "  Debian/Ubuntu: sudo apt-get install postgresql-client   macOS: brew install libpq"
    exit 1
  }
  if [ -n "${DATABASE_URL:-}" ]; then
    pg_answers "$DATABASE_URL" || { log "DATABASE_URL does not answer"; exit 1; }
    log "using PostgreSQL at DATABASE_URL"; return
  fi
  if [ "$pg_mode" != private ] && pg_answers "postgres://postgres@127.0.0.1:5432/postgres"; then
    log "using PostgreSQL on 127.0.0.1:5432"; rm -f "$run/pg.url"; return
  fi
  local bin; bin="$(pg_bin)" || {
    log "Nothing answers on 127.0.0.1:5432 and no PostgreSQL server binaries (initdb, pg_ctl) were found to start a private cluster."
    log "  Debian/Ubuntu: sudo apt-get install postgresql   macOS: brew install postgresql@15"
    log "  or set DATABASE_URL to a PostgreSQL 15+ server you already run"
    exit 1
  }
  local pg_dir="$home/pg" url="postgres://postgres@127.0.0.1:$pg_port/postgres"
  local as=()
  # initdb and postgres refuse to run as root: use the postgres system user when we are root, with
  # the cluster in a folder that user can reach (the checkout may sit under a private home).
  if [ "$(id -u)" = 0 ]; then
    as=(runuser -u postgres --)
    pg_dir="/var/tmp/dx-pg/$(printf '%s' "$home" | sha1sum | cut -c1-12)"
    mkdir -p "$pg_dir"; chown -R postgres "$(dirname "$pg_dir")"
  fi
  local data="$pg_dir/data"
  if [ ! -f "$data/PG_VERSION" ]; then
    log "creating a private PostgreSQL cluster in $data"
    "${as[@]}" "$bin/initdb" -D "$data" -U postgres -A trust >/dev/null
  fi
  if ! pg_answers "$url"; then
    log "starting private PostgreSQL on 127.0.0.1:$pg_port"
    "${as[@]}" "$bin/pg_ctl" -D "$data" -l "$pg_dir/server.log" -w -t 60 \
      -o "-p $pg_port -k /tmp -c listen_addresses=127.0.0.1" start >/dev/null
    "${as[@]}" cat "$data/postmaster.pid" | head -1 >"$run/postgres.pid"
    echo "$data" >"$run/postgres.data"
  fi
  echo "$url" >"$run/pg.url"
}

stop_postgres() {
  if pid_alive "$run/postgres.pid"; then
    local bin data; bin="$(pg_bin)"; data="$(cat "$run/postgres.data")"
    log "stopping private PostgreSQL (pid $(cat "$run/postgres.pid"))"
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null
    else "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null; fi
  fi
  rm -f "$run/postgres.pid" "$run/postgres.data" "$run/pg.url"
}

provision_database() {
  local admin db_url
  admin="$(admin_url)"
  if [ "$(psql "$admin" -Atqc "select 1 from pg_database where datname = '$database'")" != 1 ]; then
    log "creating database $database"
    psql "$admin" -qc "create database \"$database\""
  fi
  db_url="$(printf '%s' "$admin" | sed -E "s#/[^/?]*(\?|$)#/$database\1#")"
  # The same SQL that docker-compose mounts into the PostgreSQL image's init folder.
  PGOPTIONS="-c client_min_messages=warning" psql "$db_url" -q -v ON_ERROR_STOP=1 -f "$here/postgres/init.sql" >/dev/null
}

# ---------- commands --------------------------------------------------------------------------
print_env() {
  local admin; admin="$(admin_url)"
  echo "DX_KAFKA_BROKERS=127.0.0.1:$kafka_port"
  echo "DX_PG_ADMIN_URL=$admin"
  echo "DX_DATABASE=$database"
}

case "${1:-}" in
  start)
    start_postgres
    provision_database
    if [ "${2:-}" = --secure ]; then
      start_secure_kafka
      { print_env | grep -v '^DX_KAFKA_BROKERS='; cat "$run/kafka-secure.env"; } >"$run/infra.env"
    else
      start_kafka
      print_env >"$run/infra.env"
    fi
    ;;
  secure-kafka)
    case "${2:-}" in
      start) start_secure_kafka ;;
      stop) stop_secure_kafka ;;
      env) print_secure_env ;;
      *) echo "usage: $0 secure-kafka start|stop|env" >&2; exit 2 ;;
    esac
    ;;
  stop)
    stop_kafka
    stop_secure_kafka
    stop_postgres
    rm -f "$run/infra.env"
    ;;
  status)
    if port_open "$kafka_port"; then
      if pid_alive "$run/kafka.pid"; then echo "kafka: up on 127.0.0.1:$kafka_port (pid $(cat "$run/kafka.pid"), ours)"
      else echo "kafka: up on 127.0.0.1:$kafka_port (not started by us)"; fi
    else echo "kafka: down"; fi
    if port_open "$secure_port"; then
      if pid_alive "$run/kafka-secure.pid"; then echo "kafka-secure: up on 127.0.0.1:$secure_port (pid $(cat "$run/kafka-secure.pid"), ours)"
      else echo "kafka-secure: up on 127.0.0.1:$secure_port (not started by us)"; fi
    fi
    if pg_answers "$(admin_url)"; then
      if pid_alive "$run/postgres.pid"; then echo "postgres: up ($(admin_url), private cluster, ours)"
      else echo "postgres: up ($(admin_url), not started by us)"; fi
    else echo "postgres: down"; fi
    ;;
  env) print_env ;;
  kafka-libs) fetch_kafka; echo "$kafka_libs" ;;
  edc-libs) fetch_edc; echo "$edc_dir/lib" ;;
  dsp-tck-libs) fetch_dsp_tck; echo "$tck_dir/lib" ;;
  *) echo "usage: $0 start|stop|status|env" >&2; exit 2 ;;
esac
