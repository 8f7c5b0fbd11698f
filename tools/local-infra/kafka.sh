#!/usr/bin/env bash
# The Kafka CLI tools, from the same jars as the local broker, for operators.
#
#   npm run kafka -- topics --list
#   npm run kafka -- topics --describe --topic catalog.participant.v1
#   npm run kafka -- consume --topic catalog.participant.v1 --from-beginning --formatter-property print.key=true
#   npm run kafka -- produce --topic <topic> --reader-property parse.key=true --reader-property key.separator='|'
#   npm run kafka -- groups --list        |  groups --describe --group trust.participant-profiles
#   npm run kafka -- offsets --topic catalog.participant.v1
#   npm run kafka -- quorum describe --status
#
# --bootstrap-server defaults to the local broker (DX_KAFKA_BROKERS or 127.0.0.1:19092).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
libs="$(bash "$here/infra.sh" kafka-libs)"
brokers="${DX_KAFKA_BROKERS:-127.0.0.1:${DX_KAFKA_PORT:-19092}}"

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
  *) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac

args=("$@")
# ProducerPerformance takes bootstrap.servers as a producer property instead.
if [ "$tool" != perf-produce ] && [[ " ${args[*]-} " != *" --bootstrap-server "* ]]; then
  args=(--bootstrap-server "$brokers" "${args[@]}")
fi
exec java -Xmx256m -Dlog4j2.configurationFile="$here/kafka/log4j2-cli.properties" -cp "$libs/*" "$cls" "${args[@]}"
