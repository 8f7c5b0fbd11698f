#!/usr/bin/env bash
# The Kafka CLI tools, from the same jars as the local broker, for operators.
#
#   npm run kafka -- topics --list
#   npm run kafka -- topics --describe --topic catalog.participant.v1
#   npm run kafka -- consume --topic catalog.participant.v1 --from-beginning --formatter-property print.key=true
#   npm run kafka -- consume --topic <topic> --from-beginning --max-messages 10   (or --timeout-ms 5000:
#       ends once nothing arrived for that long; a TimeoutException line then is the normal end)
#   npm run kafka -- produce --topic <topic> --reader-property parse.key=true --reader-property key.separator='|'
#   npm run kafka -- groups --list        |  groups --describe --group trust.participant-profiles
#   npm run kafka -- offsets --topic catalog.participant.v1
#   npm run kafka -- quorum describe --status
#
# --bootstrap-server defaults to the local broker (KAFKA_BROKERS, DX_KAFKA_BROKERS or 127.0.0.1:19092).
# Security takes the services' settings (KAFKA_SECURITY_PROTOCOL, KAFKA_SSL_CA_FILE,
# KAFKA_SASL_MECHANISM, KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD[_FILE]; README "Security"); on a
# stack started with `npm start -- --secure` they come from .local/run/infra.env (the operator).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
infra_env="${DX_HOME:-$repo/.local}/run/infra.env"
if [ -z "${KAFKA_BROKERS:-}${DX_KAFKA_BROKERS:-}" ] && [ -f "$infra_env" ]; then set -a; . "$infra_env"; set +a; fi
libs="$(bash "$here/infra.sh" kafka-libs)"
brokers="${KAFKA_BROKERS:-${DX_KAFKA_BROKERS:-127.0.0.1:${DX_KAFKA_PORT:-19092}}}"
setting() { local v="KAFKA_$1" d="DX_KAFKA_$1"; printf '%s' "${!v:-${!d:-}}"; }

run() { java -Xmx256m -Dlog4j2.configurationFile="$here/kafka/log4j2-cli.properties" -cp "$libs/*" "$@"; }

# Undone on exit, however the tool ends (its own end, an error, Ctrl-C): the client config (it holds
# the password) and a console consumer's throwaway group (below).
client_config=""
throwaway_group=""
on_exit() {
  if [ -n "$throwaway_group" ]; then
    local delete=(--bootstrap-server "$brokers" --delete --group "$throwaway_group")
    [ -n "$client_config" ] && delete=(--command-config "$client_config" "${delete[@]}")
    run org.apache.kafka.tools.consumer.group.ConsumerGroupCommand "${delete[@]}" >/dev/null 2>&1 || true
  fi
  [ -z "$client_config" ] || rm -f "$client_config" "$client_config.pem"
}
trap on_exit EXIT
trap 'exit 130' INT TERM

# The Java clients' properties for these settings, in a file only this user reads.
protocol="$(setting SECURITY_PROTOCOL)"
if [ -n "$protocol" ] && [ "$protocol" != plaintext ]; then
  client_config="$(mktemp)"; chmod 600 "$client_config"
  {
    echo "security.protocol=$(tr '[:lower:]' '[:upper:]' <<<"$protocol")"
    if [ -n "$(setting SSL_CA_FILE)" ]; then
      echo "ssl.truststore.type=PEM"; echo "ssl.truststore.location=$(setting SSL_CA_FILE)"
    fi
    if [ -n "$(setting SSL_CERT_FILE)" ]; then
      # A PEM keystore wants key and certificate in one file.
      cat "$(setting SSL_KEY_FILE)" "$(setting SSL_CERT_FILE)" >"$client_config.pem"; chmod 600 "$client_config.pem"
      echo "ssl.keystore.type=PEM"; echo "ssl.keystore.location=$client_config.pem"
    fi
    if [ "$protocol" = sasl_ssl ]; then
      mech="$(setting SASL_MECHANISM)"; mech="$(tr '[:lower:]' '[:upper:]' <<<"${mech:-scram-sha-512}")"
      password="$(setting SASL_PASSWORD)"
      [ -n "$password" ] || password="$(cat "$(setting SASL_PASSWORD_FILE)")"
      module=org.apache.kafka.common.security.scram.ScramLoginModule
      [ "$mech" = PLAIN ] && module=org.apache.kafka.common.security.plain.PlainLoginModule
      echo "sasl.mechanism=$mech"
      echo "sasl.jaas.config=$module required username=\"$(setting SASL_USERNAME)\" password=\"$password\";"
    fi
  } >"$client_config"
fi

tool="${1:-}"; shift || true
case "$tool" in
  topics)   cls=org.apache.kafka.tools.TopicCommand ;;
  consume)  cls=org.apache.kafka.tools.consumer.ConsoleConsumer ;;
  produce)  cls=org.apache.kafka.tools.ConsoleProducer ;;
  groups)   cls=org.apache.kafka.tools.consumer.group.ConsumerGroupCommand ;;
  offsets)  cls=org.apache.kafka.tools.GetOffsetShell ;;
  quorum)   cls=org.apache.kafka.tools.MetadataQuorumCommand ;;
  perf-produce) cls=org.apache.kafka.tools.ProducerPerformance ;;
  perf-consume) cls=org.apache.kafka.tools.ConsumerPerformance ;;
  *) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac

args=("$@")
if [ -n "$client_config" ] && [[ " ${args[*]-} " != *" --command-config "* ]]; then
  args=(--command-config "$client_config" "${args[@]}")
fi
# ProducerPerformance takes bootstrap.servers as a producer property instead.
if [ "$tool" != perf-produce ] && [[ " ${args[*]-} " != *" --bootstrap-server "* ]]; then
  args=(--bootstrap-server "$brokers" "${args[@]}")
fi
# A console consumer without --group joins a random group (console-consumer-NNNNN) that the broker
# keeps listing after it exits. Reading a topic should leave nothing behind: it gets a named
# throwaway group that commits nothing, deleted on exit (on_exit above).
if [ "$tool" = consume ] && [[ " ${args[*]-} " != *" --group "* ]]; then
  throwaway_group="ops.console.$(date +%s).$$"
  args+=(--group "$throwaway_group" --consumer-property enable.auto.commit=false)
fi
# Not exec: on_exit must still run.
run "$cls" "${args[@]}"
