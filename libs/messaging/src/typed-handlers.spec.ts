import type { EntityManager } from 'typeorm';
import { DatasetCreatedV1, TrustScoreUpdatedV1 } from '@dx/contracts';
import { on } from './typed-handlers';

describe('on', () => {
  it('keys each handler by its event type and hands it the envelope it was dispatched', async () => {
    const seen: string[] = [];
    const handlers = {
      ...on(TrustScoreUpdatedV1, (e) => Promise.resolve(void seen.push(`score ${e.data.tier}`))),
      ...on(DatasetCreatedV1, (e) =>
        Promise.resolve(void seen.push(`dataset ${e.data.dataset.datasetId}`)),
      ),
    };
    expect(Object.keys(handlers).sort()).toEqual(
      [DatasetCreatedV1.type, TrustScoreUpdatedV1.type].sort(),
    );
    const score = TrustScoreUpdatedV1.envelope(TrustScoreUpdatedV1.example, {
      source: 'trust',
      time: new Date(),
    });
    const meta = { topic: 't', partition: 0, offset: '0', attempt: 1 };
    await handlers[TrustScoreUpdatedV1.type](score, {} as EntityManager, meta);
    expect(seen).toEqual([`score ${TrustScoreUpdatedV1.example.tier}`]);
  });
});
