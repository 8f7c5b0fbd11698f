import type { EntityManager } from 'typeorm';

/**
 * The standards each participant has adopted, for its view. A read-side query: it reads the
 * standards' table directly (as eShop's OrderQueries read across the ordering schema) instead of
 * importing the standards module, which builds on participants and may not be imported back.
 */
export async function adoptedStandards(
  em: EntityManager,
  participantIds: string[],
): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>(participantIds.map((id) => [id, []]));
  if (participantIds.length === 0) return out;
  const rows = await em.query<Array<{ participant_id: string; standard_code: string }>>(
    `SELECT participant_id, standard_code FROM catalog.participant_standards
     WHERE participant_id = ANY($1::uuid[]) ORDER BY standard_code`,
    [participantIds],
  );
  for (const r of rows) out.get(r.participant_id)!.push(r.standard_code);
  return out;
}
