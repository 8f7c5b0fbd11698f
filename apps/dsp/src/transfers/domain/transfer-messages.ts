import { DSP_CONTEXT } from '../../protocol/domain/messages';
import type { Transfer } from './transfer';

/* The DSP 2025-1 transfer messages the provider sends a consumer, and where they go. Pure. */

type Json = Record<string, unknown>;

/** EDC's namespace, for the one property its connectors read the endpoint from. */
const EDC_NS = 'https://w3id.org/edc/v0.0.1/ns/';

const at = (t: Transfer, path: string): string =>
  `${t.callbackAddress}/transfers/${encodeURIComponent(t.consumerPid)}/${path}`;

const pids = (t: Transfer) => ({ providerPid: t.providerPid, consumerPid: t.consumerPid });

/**
 * The start, with where to pull and the grant's token as a bearer credential (DSP's HTTP data
 * address); a restart after suspension names no address (the consumer has it).
 */
export function startMessage(t: Transfer, pull?: { endpoint: string; token: string }) {
  return {
    url: at(t, 'start'),
    body: {
      '@context': [DSP_CONTEXT],
      '@type': 'TransferStartMessage',
      ...pids(t),
      ...(pull
        ? {
            dataAddress: {
              '@type': 'DataAddress',
              endpointType: 'https://w3id.org/idsa/v4.1/HTTP',
              endpoint: pull.endpoint,
              endpointProperties: [
                { '@type': 'EndpointProperty', name: 'authorization', value: pull.token },
                { '@type': 'EndpointProperty', name: 'authType', value: 'bearer' },
                // EDC (0.14) reads the address only from the properties, under its own names:
                // given too, so an EDC connector's EDR says where to pull and with what.
                { '@type': 'EndpointProperty', name: `${EDC_NS}endpoint`, value: pull.endpoint },
                { '@type': 'EndpointProperty', name: `${EDC_NS}authorization`, value: pull.token },
                { '@type': 'EndpointProperty', name: `${EDC_NS}authType`, value: 'bearer' },
              ],
            },
          }
        : {}),
    } as Json,
  };
}

/** The provider suspends or ends a transfer, saying why (our code and the reason). */
export const stopMessage = (
  t: Transfer,
  kind: 'suspension' | 'termination',
  code: string,
): { url: string; body: Json } => ({
  url: at(t, kind),
  body: {
    '@context': [DSP_CONTEXT],
    '@type': kind === 'suspension' ? 'TransferSuspensionMessage' : 'TransferTerminationMessage',
    ...pids(t),
    code,
    reason: [t.reason ?? code],
  },
});

export const transferResource = (t: Transfer): Json => ({
  '@context': [DSP_CONTEXT],
  '@type': 'TransferProcess',
  ...pids(t),
  state: t.state,
});
