import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { pseudonymiser, type Pseudonymise } from '../domain/pseudonyms';

/**
 * The installation's pseudonym key, created on first use. Two replicas asking at once both try to
 * insert; the primary key lets one win and both read the winner, so every export agrees.
 */
@Injectable()
export class PseudonymKey {
  private key: Promise<string> | null = null;

  constructor(private readonly dataSource: DataSource) {}

  get(): Promise<string> {
    this.key ??= this.load().catch((e: unknown) => {
      this.key = null; // a database outage now must not poison later requests
      throw e;
    });
    return this.key;
  }

  /** The pseudonymiser under this installation's key. */
  async pseudonymiser(): Promise<Pseudonymise> {
    return pseudonymiser(await this.get());
  }

  private async load(): Promise<string> {
    await this.dataSource.query(
      `INSERT INTO insights.research_keys (name, key) VALUES ('pseudonym', $1) ON CONFLICT (name) DO NOTHING`,
      [randomBytes(32)],
    );
    const [row] = await this.dataSource.query<Array<{ key: Buffer }>>(
      `SELECT key FROM insights.research_keys WHERE name = 'pseudonym'`,
    );
    return row.key.toString('hex');
  }
}
