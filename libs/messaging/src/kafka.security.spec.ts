import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  KafkaConfigurationError,
  kafkaSecurityFromEnv,
  misconfigurationOf,
  resolveKafkaSecurity,
} from './kafka.security';

const dir = mkdtempSync(join(tmpdir(), 'dx-kafka-security-'));
const caFile = join(dir, 'ca.crt');
writeFileSync(caFile, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
const passwordFile = join(dir, 'password');
writeFileSync(passwordFile, 's3cret\n');

/** The setting a configuration error names. */
function refusedSetting(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof KafkaConfigurationError) return e.setting;
    throw e;
  }
  throw new Error('expected a configuration error');
}

describe('Kafka client security settings', () => {
  it('reads the CA, the password file (without its trailing newline) and the user for sasl_ssl', () => {
    const s = resolveKafkaSecurity({
      protocol: 'sasl_ssl',
      caFile,
      username: 'dx-trust',
      passwordFile,
    });
    expect(s).toEqual({
      ssl: { ca: [expect.stringContaining('BEGIN CERTIFICATE')] },
      sasl: { mechanism: 'scram-sha-512', username: 'dx-trust', password: 's3cret' },
      principal: 'User:dx-trust',
    });
    expect(resolveKafkaSecurity({ protocol: 'plaintext' })).toEqual({
      principal: 'User:ANONYMOUS',
    });
  });

  it.each([
    ['an unknown protocol', { protocol: 'sasl-ssl' }, 'KAFKA_SECURITY_PROTOCOL'],
    ['sasl_ssl without a user', { protocol: 'sasl_ssl', passwordFile }, 'KAFKA_SASL_USERNAME'],
    ['sasl_ssl without a password', { protocol: 'sasl_ssl', username: 'u' }, 'KAFKA_SASL_PASSWORD'],
    [
      'a password both inline and in a file',
      { protocol: 'sasl_ssl', username: 'u', password: 'p', passwordFile },
      'KAFKA_SASL_PASSWORD_FILE',
    ],
    [
      'a password file that is not there',
      { protocol: 'sasl_ssl', username: 'u', passwordFile: join(dir, 'missing') },
      'KAFKA_SASL_PASSWORD_FILE',
    ],
    [
      'a CA file that is not there',
      { protocol: 'ssl', caFile: join(dir, 'x.crt') },
      'KAFKA_SSL_CA_FILE',
    ],
    [
      'a CA file without a certificate',
      { protocol: 'ssl', caFile: passwordFile },
      'KAFKA_SSL_CA_FILE',
    ],
    [
      'a client certificate without its key',
      { protocol: 'ssl', certFile: caFile },
      'KAFKA_SSL_KEY_FILE',
    ],
    [
      'an unknown SASL mechanism',
      { protocol: 'sasl_ssl', username: 'u', password: 'p', saslMechanism: 'gssapi' },
      'KAFKA_SASL_MECHANISM',
    ],
  ])('refuses %s, naming the setting', (_label, settings, setting) => {
    expect(refusedSetting(() => resolveKafkaSecurity(settings as never))).toBe(setting);
  });

  it('takes KAFKA_* settings, falling back to the DX_KAFKA_* ones of the local stack', () => {
    expect(
      kafkaSecurityFromEnv({
        DX_KAFKA_SECURITY_PROTOCOL: 'sasl_ssl',
        DX_KAFKA_SASL_USERNAME: 'dx-operator',
        KAFKA_SASL_USERNAME: 'dx-catalog',
        DX_KAFKA_SASL_PASSWORD_FILE: passwordFile,
      }),
    ).toEqual({ protocol: 'sasl_ssl', username: 'dx-catalog', passwordFile });
  });

  it('tells a misconfiguration (credentials, untrusted certificate) from an outage', () => {
    const security = resolveKafkaSecurity({ protocol: 'sasl_ssl', username: 'u', password: 'p' });
    const sasl = Object.assign(new Error('SASL SCRAM SHA512 authentication failed'), {
      name: 'KafkaJSSASLAuthenticationError',
    });
    expect(misconfigurationOf({ originalError: sasl }, security)?.setting).toBe(
      'KAFKA_SASL_PASSWORD',
    );
    const tls = Object.assign(new Error('Connection error'), { code: 'SELF_SIGNED_CERT_IN_CHAIN' });
    expect(misconfigurationOf(tls, security)?.setting).toBe('KAFKA_SSL_CA_FILE');
    const refused = Object.assign(new Error('Connection error'), { code: 'ECONNREFUSED' });
    expect(misconfigurationOf(refused, security)).toBeUndefined();
  });
});
