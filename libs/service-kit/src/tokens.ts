/** Injection tokens PlatformModule provides (in their own file: providers import them too). */
export const SERVICE_NAME = Symbol('SERVICE_NAME');
export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');
export const PLATFORM_LOGGER = Symbol('PLATFORM_LOGGER');
