import { Injectable } from '@nestjs/common';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { EntityManager } from 'typeorm';
import type { CrossSourceSetting } from '../../datasets/domain/dataset-settings';
import {
  RecordStore,
  type AppliedRecords,
  type RemovedRecords,
  type StagedRecord,
} from '../domain/record-store';

/** Up to this many valid records, the store is probed key by key; beyond, joined (see applyStaged). */
const PROBE_MAX = 20_000;

/** Bytes of COPY text gathered before one write: few large writes, bounded memory. */
const CHUNK_BYTES = 256 * 1024;

/** COPY text format: backslash, newline, carriage return and tab are escaped; null is `\N`. */
function copyText(value: string | null): string {
  if (value === null) return '\\N';
  return /[\\\n\r\t]/.test(value)
    ? value.replace(/[\\\n\r\t]/g, (c) =>
        c === '\\' ? '\\\\' : c === '\n' ? '\\n' : c === '\r' ? '\\r' : '\\t',
      )
    : value;
}

/** JSON text as a COPY field: JSON never holds raw control characters, only backslashes to double. */
const copyJson = (json: string): string =>
  json.includes('\\') ? json.replace(/\\/g, '\\\\') : json;

const copyLine = (r: StagedRecord): string =>
  `${copyText(r.key)}\t${copyJson(r.json)}\t${copyText(r.hash)}\t${copyText(r.subjectId)}\t${copyText(
    r.recordTime,
  )}\t${r.line}\t${r.errors ? copyJson(JSON.stringify(r.errors)) : '\\N'}\n`;

/** Deliveries, erasures and retention passes on one dataset take this lock for their transaction. */
const DATASET_LOCK = `hashtext('integration.records'), hashtext($1)`;

/**
 * `integration.records` and `integration.quarantine`, with the stage `delivery_stage` (temporary,
 * emptied at commit) where a delivery waits to be judged and `removed_rows` (dropped at commit)
 * where an erasure keeps the rows it removed for the views (changed-rows.sql.ts).
 */
@Injectable()
export class PgRecordStore extends RecordStore<EntityManager> {
  private async client(em: EntityManager): Promise<PoolClient> {
    return (await em.queryRunner!.connect()) as PoolClient;
  }

  /**
   * One streamed COPY per delivery: the COPY stream's back-pressure paces the parser, so
   * PostgreSQL ingests while Node parses (the two cores work at once). The stage lives as long as
   * the pooled connection and is emptied at each commit (or rolled back): creating and dropping it
   * per delivery wrote the system catalogs twice for every delivery, a fixed cost that small
   * deliveries (the Kafka path) felt.
   */
  async stage(em: EntityManager, records: AsyncIterable<StagedRecord>): Promise<void> {
    const client = await this.client(em);
    // Hash aggregates over a large delivery's keys stay in memory instead of spilling to disk.
    await client.query(
      `SET LOCAL work_mem = '64MB';
       SET LOCAL client_min_messages = warning;
       CREATE TEMP TABLE IF NOT EXISTS delivery_stage (record_key text, data jsonb, content_hash text, subject_id text, record_time timestamptz, line int, errors jsonb) ON COMMIT DELETE ROWS`,
    );
    async function* chunks(): AsyncGenerator<string> {
      let chunk = '';
      for await (const r of records) {
        chunk += copyLine(r);
        if (chunk.length >= CHUNK_BYTES) {
          yield chunk;
          chunk = '';
        }
      }
      if (chunk) yield chunk;
    }
    await pipeline(
      Readable.from(chunks()),
      client.query(
        copyFrom(
          `COPY delivery_stage (record_key, data, content_hash, subject_id, record_time, line, errors) FROM STDIN`,
        ),
      ),
    );
  }

  async quarantineStaged(em: EntityManager, deliveryId: string): Promise<void> {
    await em.query(
      `INSERT INTO integration.quarantine (delivery_id, line, record, errors)
       SELECT $1, line, data, errors FROM delivery_stage WHERE errors IS NOT NULL ON CONFLICT DO NOTHING`,
      [deliveryId],
    );
  }

  async repeatedKeys(em: EntityManager): Promise<{ all: number; valid: number }> {
    const [r] = await em.query<Array<{ all: number; valid: number }>>(
      `SELECT coalesce(sum(n - 1), 0)::int AS "all", coalesce(sum(v - 1) FILTER (WHERE v > 1), 0)::int AS valid
       FROM (SELECT count(*) AS n, count(*) FILTER (WHERE errors IS NULL) AS v FROM delivery_stage GROUP BY record_key) g`,
    );
    return r;
  }

  /**
   * One hash join over the staged records: numbers agree within the tolerance (absolute, or
   * relative to the larger magnitude), anything else exactly; when several current rows of the
   * other dataset share a match key, the latest one counts.
   */
  async crossSourceMatches(
    em: EntityManager,
    setting: CrossSourceSetting,
  ): Promise<{ matched: number; agreeing: number }> {
    const params: unknown[] = [setting.datasetId];
    const p = (v: unknown): string => {
      params.push(v);
      return `$${params.length}`;
    };
    const ownKey = `jsonb_build_array(${setting.match.map((m) => `s.data -> ${p(m.field)}::text`).join(', ')})`;
    const otherKey = `jsonb_build_array(${setting.match.map((m) => `data -> ${p(m.otherField)}::text`).join(', ')})`;
    const agree = setting.compare
      .map((c) => {
        const a = `s.data -> ${p(c.field)}::text`;
        const b = `o.data -> ${p(c.otherField)}::text`;
        const tol = `${p(c.tolerance ?? 0)}::numeric`;
        const scale = c.relative ? `greatest(abs((${a})::numeric), abs((${b})::numeric))` : '1';
        return `coalesce(CASE WHEN jsonb_typeof(${a}) = 'number' AND jsonb_typeof(${b}) = 'number'
                   THEN abs((${a})::numeric - (${b})::numeric) <= ${tol} * ${scale}
                   ELSE ${a} = ${b} END, false)`;
      })
      .join(' AND ');
    const [r] = await em.query<Array<{ matched: number; agreeing: number }>>(
      `WITH o AS (
         SELECT DISTINCT ON (k) k, data FROM (
           SELECT ${otherKey} AS k, data, id FROM integration.records
           WHERE dataset_id = $1 AND valid_to IS NULL) x
         ORDER BY k, id DESC)
       SELECT count(*)::int AS matched, count(*) FILTER (WHERE ${agree})::int AS agreeing
       FROM delivery_stage s JOIN o ON o.k = ${ownKey}
       WHERE s.errors IS NULL`,
      params,
    );
    return r;
  }

  async applyStaged(
    em: EntityManager,
    p: { datasetId: string; deliveryId: string; at: Date; valid: number; validRepeats: number },
  ): Promise<AppliedRecords> {
    // Deliveries to one dataset apply one at a time (they stage in parallel): two applies racing
    // on the same keys would both close the old row and collide on the new current one.
    await em.query(`SELECT pg_advisory_xact_lock(${DATASET_LOCK})`, [p.datasetId]);
    if (p.validRepeats > 0)
      await em.query(`
        DELETE FROM delivery_stage s USING (
          SELECT record_key, max(line) AS line FROM delivery_stage WHERE errors IS NULL
          GROUP BY record_key HAVING count(*) > 1) last
        WHERE s.errors IS NULL AND s.record_key = last.record_key AND s.line < last.line`);
    // A dataset's first load (or one after erasure) has nothing to compare with or to close.
    const [{ any }] = await em.query<Array<{ any: boolean }>>(
      `SELECT EXISTS (SELECT 1 FROM integration.records WHERE dataset_id = $1 AND valid_to IS NULL) AS any`,
      [p.datasetId],
    );
    const unchanged = !any
      ? 0
      : p.valid <= PROBE_MAX
        ? await this.compareByProbe(em, p.datasetId, p.at)
        : await this.compareByJoin(em, p.datasetId, p.at);
    await em.query(
      `INSERT INTO integration.records (dataset_id, record_key, data, content_hash, subject_id, record_time, valid_from, delivery_id)
       SELECT $1, record_key, data, content_hash, subject_id, record_time, $2, $3 FROM delivery_stage WHERE errors IS NULL ORDER BY line`,
      [p.datasetId, p.at, p.deliveryId],
    );
    // Superseded repeats within the delivery count as accepted (they were valid and applied in order).
    return { accepted: p.valid - unchanged, unchanged };
  }

  /**
   * A small delivery against a large store: each staged key is looked up in the current-row index
   * (a LATERAL … LIMIT 1 is never flattened into a join, so it stays an index probe), unchanged
   * records leave the stage and the changed current rows are closed by their row address, all in
   * one statement. A join here would be planned from the store's statistics, which lag a large load
   * until autovacuum analyses it and then claim a handful of rows: the hash join that follows read
   * every current row of the dataset (25–35 ms for 500 records against 20,000, growing with the
   * store). Returns the number of unchanged records.
   */
  private async compareByProbe(em: EntityManager, datasetId: string, at: Date): Promise<number> {
    const [{ unchanged }] = await em.query<Array<{ unchanged: number }>>(
      `WITH cur AS MATERIALIZED (
         SELECT s.line, c.content_hash = s.content_hash AS same, c.ctid AS tid
         FROM delivery_stage s
         CROSS JOIN LATERAL (SELECT r.ctid, r.content_hash FROM integration.records r
                             WHERE r.dataset_id = $1 AND r.valid_to IS NULL AND r.record_key = s.record_key
                             LIMIT 1) c
         WHERE s.errors IS NULL),
       gone AS (DELETE FROM delivery_stage s USING cur WHERE cur.same AND s.line = cur.line RETURNING 1),
       closed AS (UPDATE integration.records r SET valid_to = $2
                  WHERE r.ctid = ANY (ARRAY (SELECT tid FROM cur WHERE NOT same)) AND r.dataset_id = $1
                  RETURNING 1)
       SELECT (SELECT count(*) FROM gone)::int AS unchanged, (SELECT count(*) FROM closed)::int AS closed`,
      [datasetId, at],
    );
    return unchanged;
  }

  /**
   * A large delivery: joins planned with the stage's real size (a never-analysed temporary table is
   * planned as tiny, and a nested loop over it took minutes on 200,000 records).
   */
  private async compareByJoin(em: EntityManager, datasetId: string, at: Date): Promise<number> {
    await em.query(`ANALYZE delivery_stage`);
    const [{ unchanged }] = await em.query<Array<{ unchanged: number }>>(
      `WITH gone AS (
         DELETE FROM delivery_stage s USING integration.records r
         WHERE s.errors IS NULL AND r.dataset_id = $1 AND r.record_key = s.record_key AND r.valid_to IS NULL
           AND r.content_hash = s.content_hash
         RETURNING 1)
       SELECT count(*)::int AS unchanged FROM gone`,
      [datasetId],
    );
    await em.query(
      `UPDATE integration.records r SET valid_to = $2 FROM delivery_stage s
       WHERE s.errors IS NULL AND r.dataset_id = $1 AND r.record_key = s.record_key AND r.valid_to IS NULL`,
      [datasetId, at],
    );
    return unchanged;
  }

  /** Keeps the current rows about to go in `removed_rows`, for the views to recompute their keys. */
  private async setAside(em: EntityManager, where: string, params: unknown[]): Promise<void> {
    await em.query(`DROP TABLE IF EXISTS removed_rows`);
    await em.query(
      `CREATE TEMP TABLE removed_rows ON COMMIT DROP AS
       SELECT data FROM integration.records WHERE dataset_id = $1 AND valid_to IS NULL AND ${where}`,
      params,
    );
  }

  /** Rows affected by a DELETE, counted in SQL (a bare DELETE through em.query answers [rows, count]). */
  private async deleted(em: EntityManager, sql: string, params: unknown[]): Promise<number> {
    const [{ n }] = await em.query<Array<{ n: number }>>(
      `WITH gone AS (${sql} RETURNING 1) SELECT count(*)::int AS n FROM gone`,
      params,
    );
    return n;
  }

  async eraseSubject(
    em: EntityManager,
    p: { datasetId: string; subjectId: string; subjectField: string | null },
  ): Promise<RemovedRecords> {
    // Not while a delivery applies to the dataset (the same lock as the apply).
    await em.query(`SELECT pg_advisory_xact_lock(${DATASET_LOCK})`, [p.datasetId]);
    await this.setAside(em, 'subject_id = $2', [p.datasetId, p.subjectId]);
    const rowsErased = await this.deleted(
      em,
      `DELETE FROM integration.records WHERE dataset_id = $1 AND subject_id = $2`,
      [p.datasetId, p.subjectId],
    );
    const quarantineErased = p.subjectField
      ? await this.deleted(
          em,
          `DELETE FROM integration.quarantine q USING integration.deliveries dl
           WHERE q.delivery_id = dl.id AND dl.dataset_id = $1 AND q.record ->> $3::text = $2`,
          [p.datasetId, p.subjectId, p.subjectField],
        )
      : 0;
    return { rowsErased, quarantineErased };
  }

  async purgeBefore(
    em: EntityManager,
    p: { datasetId: string; cutoff: Date },
  ): Promise<RemovedRecords | null> {
    // A pass that finds the dataset busy (a delivery applying, another replica purging) skips it.
    const [{ locked }] = await em.query<Array<{ locked: boolean }>>(
      `SELECT pg_try_advisory_xact_lock(${DATASET_LOCK}) AS locked`,
      [p.datasetId],
    );
    if (!locked) return null;
    await this.setAside(em, 'coalesce(record_time, valid_from) < $2', [p.datasetId, p.cutoff]);
    const rowsErased = await this.deleted(
      em,
      `DELETE FROM integration.records WHERE dataset_id = $1
         AND ((valid_to IS NOT NULL AND valid_to < $2) OR (valid_to IS NULL AND coalesce(record_time, valid_from) < $2))`,
      [p.datasetId, p.cutoff],
    );
    const quarantineErased = await this.deleted(
      em,
      `DELETE FROM integration.quarantine q USING integration.deliveries dl
       WHERE q.delivery_id = dl.id AND dl.dataset_id = $1 AND dl.received_at < $2`,
      [p.datasetId, p.cutoff],
    );
    return { rowsErased, quarantineErased };
  }
}
