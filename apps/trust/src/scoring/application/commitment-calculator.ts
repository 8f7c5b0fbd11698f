import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { commitmentIndex, type CommitmentIndex, sharedValuesIndex } from '@dx/trust-model';
import { CommitmentStore } from '../domain/commitment-store';
import { MODEL } from './trust-scorer';

export type CommitmentView = CommitmentIndex & { participantId: string; computedAt: string };

/** A participant's commitment index at a time, from the replicas trust keeps (docs/trust-model.md §9). */
@Injectable()
export class CommitmentCalculator {
  constructor(private readonly store: CommitmentStore<EntityManager>) {}

  /** Null when the participant is unknown here. */
  async of(em: EntityManager, participantId: string, at: Date): Promise<CommitmentView | null> {
    const inputs = await this.store.inputs(em, participantId, at);
    if (!inputs) return null;
    const { standards, ...counts } = inputs;
    const ci = commitmentIndex(
      { ...counts, sharedValues: sharedValuesIndex(MODEL, standards) },
      MODEL,
    );
    return { participantId, computedAt: at.toISOString(), ...ci };
  }
}
