import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppError } from '@dx/contracts';
import { CLOCK, type Clock } from '@dx/service-kit';
import { OutboundQueue } from '../../outbound/application/outbound';
import { followAgreement, type AgreementMove } from '../domain/transfer';
import { startMessage, stopMessage } from '../domain/transfer-messages';
import { TransferStore } from '../domain/transfer-store';

/**
 * What the provider did to an agreement, applied to the transfers that read under it: each one
 * moves and the message the consumer is owed (suspension, restart, termination) is queued in the
 * same transaction. The grant at integration needs no move: it reads only while the agreement is
 * in force.
 */
@Injectable()
export class FollowAgreementTransfers {
  constructor(
    private readonly store: TransferStore<EntityManager>,
    private readonly queue: OutboundQueue<EntityManager>,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async apply(em: EntityManager, agreementId: string, a: AgreementMove): Promise<number> {
    let moved = 0;
    for (const t of await this.store.liveUnderAgreement(em, agreementId)) {
      const move = followAgreement(t, a, this.clock.now());
      if (!move) continue;
      const message =
        move.message === 'start'
          ? startMessage(move.next)
          : stopMessage(move.next, move.message, move.code);
      await this.queue.enqueue(em, {
        providerPid: t.providerPid,
        audience: t.callbackAddress,
        ...message,
      });
      if (!(await this.store.save(em, move.next, t.version)))
        throw new AppError('conflict', 'DSP.CONCURRENT_CHANGE', 'the transfer changed meanwhile');
      moved++;
    }
    return moved;
  }
}
