import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { findEventDefinition, type EventEnvelope } from '@dx/contracts';
import { factOf } from '../domain/fact';
import { ReadModelStore } from '../domain/read-model-store';

/**
 * Projects a group of events into the read models, set-based: every event into `facts` (one
 * insert; a redelivered event is already there), then the current state of participants, datasets,
 * agreements, trust scores and commitment indices — each upsert moves only forward (agreement version, event time), so
 * replays and out-of-order redeliveries leave the newest state in place.
 */
@Injectable()
export class ProjectEventsHandler {
  constructor(private readonly store: ReadModelStore<EntityManager>) {}

  async execute(em: EntityManager, events: EventEnvelope[]): Promise<void> {
    const facts = events.map((e) =>
      factOf(
        e,
        findEventDefinition(e.dataschema)?.topic ?? e.type.split('.').slice(0, 2).join('.'),
      ),
    );
    await this.store.addFacts(em, facts);
    // The state tables, from the facts just written (in event order within the group).
    await this.store.project(
      em,
      events.map((e) => e.id),
    );
    // Delivered when the transaction commits, to every replica's open streams.
    await this.store.announce(em, {
      events: events.length,
      types: [...new Set(events.map((e) => e.type))].slice(0, 50),
      latest: facts.reduce((m, f) => (f.occurredAt > m ? f.occurredAt : m), ''),
    });
  }
}
