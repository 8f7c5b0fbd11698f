import { Inject, Injectable } from '@nestjs/common';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { DataSource } from 'typeorm';
import { AppError } from '@dx/contracts';
import { SERVICE_CONFIG } from '@dx/service-kit';
import type { CatalogConfig } from '../../config/catalog.config';

/**
 * Limits token requests per client id and per source address, in PostgreSQL so every replica
 * counts against the same budget (an in-memory limit multiplies with the replica count).
 */
@Injectable()
export class TokenRateLimiter {
  private readonly byClient: RateLimiterPostgres;
  private readonly byAddress: RateLimiterPostgres;

  constructor(dataSource: DataSource, @Inject(SERVICE_CONFIG) config: CatalogConfig) {
    const common = {
      storeClient: dataSource,
      storeType: 'typeorm',
      schemaName: 'catalog',
      tableName: 'rate_limits',
      // The migration creates the table; the service role cannot run DDL.
      tableCreated: true,
      duration: 60,
    };
    this.byClient = new RateLimiterPostgres({
      ...common,
      keyPrefix: 'token-client',
      points: config.TOKEN_RATE_LIMIT_PER_CLIENT,
    });
    this.byAddress = new RateLimiterPostgres({
      ...common,
      keyPrefix: 'token-address',
      points: config.TOKEN_RATE_LIMIT_PER_ADDRESS,
    });
  }

  async consume(clientId: string, address: string): Promise<void> {
    try {
      await Promise.all([this.byClient.consume(clientId), this.byAddress.consume(address)]);
    } catch (e) {
      if (!(e instanceof RateLimiterRes)) throw e;
      const retryAfterSeconds = Math.max(1, Math.ceil(e.msBeforeNext / 1000));
      throw new AppError(
        'rate_limited',
        'OAUTH.RATE_LIMITED',
        `too many token requests; retry in ${retryAfterSeconds} s`,
        [],
        { retryAfterSeconds, error: 'slow_down' },
      );
    }
  }
}
