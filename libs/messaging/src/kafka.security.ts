import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import type { SASLOptions } from 'kafkajs';

/**
 * How a client authenticates to Kafka and checks the broker. The names of the fields' settings are
 * the environment variables of every service and operator command (README, "Security"):
 *
 * | setting                    | meaning                                                          |
 * |----------------------------|------------------------------------------------------------------|
 * | KAFKA_SECURITY_PROTOCOL    | `plaintext` (local default), `ssl` (TLS, optionally mutual), `sasl_ssl` (TLS + SASL) |
 * | KAFKA_SSL_CA_FILE          | PEM file of the CA(s) that signed the brokers' certificates (else the system's CAs) |
 * | KAFKA_SSL_CERT_FILE / KAFKA_SSL_KEY_FILE | PEM client certificate and key, for mutual TLS (`ssl`) |
 * | KAFKA_SASL_MECHANISM       | `scram-sha-512` (default), `scram-sha-256` or `plain`             |
 * | KAFKA_SASL_USERNAME        | the service's principal, e.g. `dx-catalog`                       |
 * | KAFKA_SASL_PASSWORD / KAFKA_SASL_PASSWORD_FILE | its password, inline or from a file (a mounted Secret) |
 */
export type KafkaSecurityProtocol = 'plaintext' | 'ssl' | 'sasl_ssl';
export const KAFKA_SECURITY_PROTOCOLS: readonly KafkaSecurityProtocol[] = [
  'plaintext',
  'ssl',
  'sasl_ssl',
];
export type KafkaSaslMechanism = 'scram-sha-512' | 'scram-sha-256' | 'plain';
export const KAFKA_SASL_MECHANISMS: readonly KafkaSaslMechanism[] = [
  'scram-sha-512',
  'scram-sha-256',
  'plain',
];

export interface KafkaSecuritySettings {
  protocol: KafkaSecurityProtocol;
  caFile?: string;
  certFile?: string;
  keyFile?: string;
  saslMechanism?: KafkaSaslMechanism;
  username?: string;
  password?: string;
  passwordFile?: string;
}

/** The kafkajs options that follow from the settings (files read, cross-checks done). */
export interface KafkaClientSecurity {
  ssl?: ConnectionOptions | boolean;
  sasl?: SASLOptions;
  /** The principal the broker will see, for error messages (`User:dx-catalog`). */
  principal: string;
}

/** A setting that is missing, unreadable or inconsistent; the message names it. */
export class KafkaConfigurationError extends Error {
  constructor(
    readonly setting: string,
    reason: string,
  ) {
    super(`invalid configuration:\n  ${setting}: ${reason}`);
    this.name = 'KafkaConfigurationError';
  }
}

function readPem(setting: string, file: string, kind: 'CERTIFICATE' | 'PRIVATE KEY'): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new KafkaConfigurationError(
      setting,
      `cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
    );
  }
  if (!new RegExp(`-----BEGIN [A-Z ]*${kind}-----`).test(text))
    throw new KafkaConfigurationError(setting, `${file} holds no PEM ${kind.toLowerCase()}`);
  return text;
}

/** Reads the settings' files and checks they fit together; throws naming the first bad setting. */
export function resolveKafkaSecurity(s: KafkaSecuritySettings): KafkaClientSecurity {
  if (!KAFKA_SECURITY_PROTOCOLS.includes(s.protocol))
    throw new KafkaConfigurationError(
      'KAFKA_SECURITY_PROTOCOL',
      `must be one of ${KAFKA_SECURITY_PROTOCOLS.join(', ')} (got "${s.protocol}")`,
    );
  if (s.protocol === 'plaintext') return { principal: 'User:ANONYMOUS' };

  const tls: ConnectionOptions = {};
  if (s.caFile) tls.ca = [readPem('KAFKA_SSL_CA_FILE', s.caFile, 'CERTIFICATE')];
  if (Boolean(s.certFile) !== Boolean(s.keyFile))
    throw new KafkaConfigurationError(
      s.certFile ? 'KAFKA_SSL_KEY_FILE' : 'KAFKA_SSL_CERT_FILE',
      'a client certificate needs both KAFKA_SSL_CERT_FILE and KAFKA_SSL_KEY_FILE',
    );
  if (s.certFile && s.keyFile) {
    tls.cert = readPem('KAFKA_SSL_CERT_FILE', s.certFile, 'CERTIFICATE');
    tls.key = readPem('KAFKA_SSL_KEY_FILE', s.keyFile, 'PRIVATE KEY');
  }
  const ssl = Object.keys(tls).length ? tls : true;
  if (s.protocol === 'ssl') return { ssl, principal: 'the client certificate subject' };

  const mechanism = s.saslMechanism ?? 'scram-sha-512';
  if (!KAFKA_SASL_MECHANISMS.includes(mechanism))
    throw new KafkaConfigurationError(
      'KAFKA_SASL_MECHANISM',
      `must be one of ${KAFKA_SASL_MECHANISMS.join(', ')} (got "${mechanism}")`,
    );
  if (!s.username)
    throw new KafkaConfigurationError('KAFKA_SASL_USERNAME', 'required with sasl_ssl');
  if (s.password && s.passwordFile)
    throw new KafkaConfigurationError(
      'KAFKA_SASL_PASSWORD_FILE',
      'set either KAFKA_SASL_PASSWORD or KAFKA_SASL_PASSWORD_FILE, not both',
    );
  let password = s.password;
  if (s.passwordFile) {
    try {
      // A mounted Secret or an editor may leave a trailing newline; it is never part of a password.
      password = readFileSync(s.passwordFile, 'utf8').replace(/\r?\n$/, '');
    } catch (err) {
      throw new KafkaConfigurationError(
        'KAFKA_SASL_PASSWORD_FILE',
        `cannot read ${s.passwordFile} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
      );
    }
  }
  if (!password)
    throw new KafkaConfigurationError(
      'KAFKA_SASL_PASSWORD',
      'required with sasl_ssl (or KAFKA_SASL_PASSWORD_FILE)',
    );
  return {
    ssl,
    sasl: { mechanism, username: s.username, password },
    principal: `User:${s.username}`,
  };
}

/**
 * The settings from an environment (operator commands; services read them through their validated
 * config). `DX_KAFKA_*` names, written by the local infrastructure into `.local/run/infra.env`, are
 * the fallback, so `npm run dlq:replay` finds the local secured broker without further settings.
 */
export function kafkaSecurityFromEnv(env: NodeJS.ProcessEnv = process.env): KafkaSecuritySettings {
  const pick = (name: string): string | undefined => env[name] || env[`DX_${name}`] || undefined;
  const settings: KafkaSecuritySettings = {
    protocol: (pick('KAFKA_SECURITY_PROTOCOL') ?? 'plaintext') as KafkaSecurityProtocol,
  };
  const optional: Array<[keyof KafkaSecuritySettings, string]> = [
    ['caFile', 'KAFKA_SSL_CA_FILE'],
    ['certFile', 'KAFKA_SSL_CERT_FILE'],
    ['keyFile', 'KAFKA_SSL_KEY_FILE'],
    ['saslMechanism', 'KAFKA_SASL_MECHANISM'],
    ['username', 'KAFKA_SASL_USERNAME'],
    ['password', 'KAFKA_SASL_PASSWORD'],
    ['passwordFile', 'KAFKA_SASL_PASSWORD_FILE'],
  ];
  for (const [field, name] of optional) {
    const v = pick(name);
    if (v !== undefined) (settings as unknown as Record<string, string>)[field] = v;
  }
  return settings;
}

/** Node's codes for a broker certificate the client does not trust or that names another host. */
const UNTRUSTED_CERTIFICATE = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_SIGNATURE_FAILURE',
  'CERT_HAS_EXPIRED',
  'CERT_UNTRUSTED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** Walks an error and its causes (kafkajs wraps the socket's error) for a property. */
function findInChain<T>(err: unknown, pick: (e: Record<string, unknown>) => T | undefined) {
  for (let e = err as Record<string, unknown> | undefined, i = 0; e && i < 8; i++) {
    const v = pick(e);
    if (v !== undefined) return v;
    e = (e.originalError ?? e.cause) as Record<string, unknown> | undefined;
  }
  return undefined;
}

/**
 * Turns a connection failure that no retry will fix — credentials refused, broker certificate not
 * trusted — into a configuration error naming the setting to fix. Returns undefined for anything
 * else (an unreachable broker is an outage, not a misconfiguration).
 */
export function misconfigurationOf(
  err: unknown,
  security: KafkaClientSecurity,
): KafkaConfigurationError | undefined {
  const name = findInChain(err, (e) =>
    e.name === 'KafkaJSSASLAuthenticationError' ? (e.name as string) : undefined,
  );
  if (name)
    return new KafkaConfigurationError(
      security.sasl ? 'KAFKA_SASL_PASSWORD' : 'KAFKA_SECURITY_PROTOCOL',
      `the broker refused the credentials of ${security.principal} (SASL authentication failed); check KAFKA_SASL_USERNAME and its password`,
    );
  const code = findInChain(err, (e) =>
    typeof e.code === 'string' && UNTRUSTED_CERTIFICATE.has(e.code) ? e.code : undefined,
  );
  if (code)
    return new KafkaConfigurationError(
      'KAFKA_SSL_CA_FILE',
      `the broker's certificate is not trusted (${code}); KAFKA_SSL_CA_FILE must name the CA that signed it, and the certificate must name the broker's host`,
    );
  return undefined;
}
