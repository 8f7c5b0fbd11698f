/**
 * Custom span attribute names, in one place (the OpenTelemetry demo keeps a telemetry-schema registry
 * for the same reason). Messaging attributes follow the OTel semantic conventions.
 */
export const Attr = {
  participantId: 'dx.participant.id',
  eventType: 'dx.event.type',
  eventId: 'dx.event.id',
  messagingSystem: 'messaging.system',
  messagingDestination: 'messaging.destination.name',
  messagingOperation: 'messaging.operation.type',
  messagingConsumerGroup: 'messaging.consumer.group.name',
  messagingBatchSize: 'messaging.batch.message_count',
  messagingPartition: 'messaging.destination.partition.id',
} as const;
