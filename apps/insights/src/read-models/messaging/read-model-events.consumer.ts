import { Injectable } from '@nestjs/common';
import { EVENT_DEFINITIONS, Topics } from '@dx/contracts';
import type { EventGroupHandler, EventHandler } from '@dx/messaging';
import type { ConsumerDefinition } from '@dx/service-kit';
import { ProjectEventsHandler } from '../application/project-events.handler';

/** Every event topic (raw inbound deliveries are not events, and their outcome arrives as events). */
export const READ_MODEL_TOPICS = Object.values(Topics).filter(
  (t) => t !== Topics.integrationInbound,
);

/**
 * Group `insights.read-models`: every event of every service into the read models, inbox-protected,
 * set-based per group of 500 records; poison events are dead-lettered by the runner.
 */
@Injectable()
export class ReadModelEventsConsumer implements ConsumerDefinition {
  readonly group = 'insights.read-models';
  readonly topics = READ_MODEL_TOPICS;
  readonly recordsPerTransaction = 500;

  constructor(private readonly project: ProjectEventsHandler) {}

  groupHandler(): EventGroupHandler {
    return (events, em) => this.project.execute(em, events);
  }

  handlers(): Record<string, EventHandler> {
    const one: EventHandler = (e, em) => this.project.execute(em, [e]);
    return Object.fromEntries(EVENT_DEFINITIONS.map((d) => [d.type, one]));
  }
}
