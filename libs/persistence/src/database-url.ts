/** Builds a service's connection URL from an admin URL: same host and port, its role and database. */
export function serviceDatabaseUrl(adminUrl: string, service: string, database: string): string {
  const u = new URL(adminUrl);
  u.username = `dx_${service}`;
  u.password = `dx_${service}`;
  u.pathname = `/${database}`;
  return u.toString();
}

/** The same server as `adminUrl`, another database, same credentials. */
export function withDatabase(adminUrl: string, database: string): string {
  const u = new URL(adminUrl);
  u.pathname = `/${database}`;
  return u.toString();
}
