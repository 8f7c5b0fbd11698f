import { AppError } from './errors';
import { infrastructureFaultOf } from './infrastructure-faults';

/** Which failures are the infrastructure's (retried, 503) and which are the input's or a bug's. */
describe('infrastructureFaultOf', () => {
  const pgError = (code: string, message = 'x') => Object.assign(new Error(message), { code });

  it.each([
    ['57P01', 'terminating connection due to administrator command'],
    ['57P03', 'the database system is starting up'],
    ['08006', 'connection failure'],
    ['53300', 'too many connections for role'],
    ['40P01', 'deadlock detected'],
    ['40001', 'could not serialize access'],
    ['55P03', 'could not obtain lock'],
    ['25P03', 'terminating connection due to idle-in-transaction timeout'],
  ])('takes SQLSTATE %s (%s) for the database being away or busy', (code, message) => {
    expect(infrastructureFaultOf(pgError(code, message))).toBe(`database ${code}`);
  });

  it.each([
    ['23505', 'duplicate key value violates unique constraint'],
    ['22P02', 'invalid input syntax for type uuid'],
    ['42P01', 'relation does not exist'],
  ])('leaves SQLSTATE %s (%s) to the caller: a fault of the data or the code', (code, message) => {
    expect(infrastructureFaultOf(pgError(code, message))).toBeUndefined();
  });

  it('finds the driver error TypeORM wraps, and node-postgres messages without a code', () => {
    const wrapped = Object.assign(new Error('query failed'), {
      name: 'QueryFailedError',
      driverError: pgError('57P01'),
    });
    expect(infrastructureFaultOf(wrapped)).toBe('database 57P01');
    expect(infrastructureFaultOf(new Error('Connection terminated unexpectedly'))).toBe(
      'database connection',
    );
    // TypeORM released the broken connection; the transaction's next query says so.
    class QueryRunnerProviderAlreadyReleasedError extends Error {}
    expect(
      infrastructureFaultOf(new QueryRunnerProviderAlreadyReleasedError('already released')),
    ).toBe('database connection');
    expect(infrastructureFaultOf(new Error('timeout exceeded when trying to connect'))).toBe(
      'database connection',
    );
  });

  it('takes socket errors and kafkajs connection errors, and retriable broker answers', () => {
    expect(infrastructureFaultOf(pgError('ECONNREFUSED'))).toBe('network ECONNREFUSED');
    const conn = Object.assign(new Error('Connection error'), { name: 'KafkaJSConnectionError' });
    expect(infrastructureFaultOf(conn)).toBe('kafka KafkaJSConnectionError');
    const leader = Object.assign(new Error('not the leader'), {
      name: 'KafkaJSProtocolError',
      retriable: true,
    });
    expect(infrastructureFaultOf(leader)).toBe('kafka KafkaJSProtocolError');
    const tooLarge = Object.assign(new Error('message too large'), {
      name: 'KafkaJSProtocolError',
      retriable: false,
      type: 'MESSAGE_TOO_LARGE',
    });
    expect(infrastructureFaultOf(tooLarge)).toBeUndefined();
    expect(
      infrastructureFaultOf(
        Object.assign(new Error('retries exhausted'), {
          name: 'KafkaJSNumberOfRetriesExceeded',
          cause: conn,
        }),
      ),
    ).toBe('kafka KafkaJSNumberOfRetriesExceeded');
  });

  it('takes an AppError of kind unavailable, and no other kind', () => {
    expect(infrastructureFaultOf(new AppError('unavailable', 'AUTH.KEYS_UNAVAILABLE', 'x'))).toBe(
      'AUTH.KEYS_UNAVAILABLE',
    );
    expect(infrastructureFaultOf(new AppError('invalid', 'X.Y', 'x'))).toBeUndefined();
    expect(infrastructureFaultOf(new Error('a bug'))).toBeUndefined();
    expect(infrastructureFaultOf(undefined)).toBeUndefined();
  });
});
