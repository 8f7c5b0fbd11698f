import type { BootstrapOptions } from '@dx/service-kit';

/** How the DSP gateway presents itself: its name and, in its OpenAPI document, what it does. */
export const SERVICE: BootstrapOptions = {
  service: 'dsp',
  description:
    'The Dataspace Protocol 2025-1 over the platform (docs/dataspace.md): catalogue, contract negotiation and transfer process for data-space connectors such as Eclipse EDC.',
};
