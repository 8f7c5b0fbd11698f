import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { firstBrokenLink } from '../domain/access-chain';
import { AccessLogStore } from '../domain/access-log-store';

/** Recomputes the whole access-log chain and names the first broken link, if any. */
@Injectable()
export class VerifyAccessLogHandler {
  constructor(private readonly store: AccessLogStore<EntityManager>) {}

  async execute(): Promise<{
    entries: number;
    intact: boolean;
    firstBrokenLink: { seq: number; reason: string } | null;
  }> {
    const entries = await this.store.all();
    const broken = firstBrokenLink(entries);
    return { entries: entries.length, intact: broken === null, firstBrokenLink: broken };
  }
}
