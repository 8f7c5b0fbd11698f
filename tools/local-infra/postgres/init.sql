-- One role and one schema per service. Used by tools/local-infra (psql), docker-compose
-- (/docker-entrypoint-initdb.d) and the k8s CloudNativePG bootstrap. Idempotent.
-- Each service connects as its own role and can touch only its own schema.
DO $$
DECLARE svc text;
BEGIN
  FOREACH svc IN ARRAY ARRAY['catalog', 'consent', 'integration', 'trust', 'insights', 'dsp'] LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'dx_' || svc) THEN
      EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L', 'dx_' || svc, 'dx_' || svc);
    END IF;
    EXECUTE format('CREATE SCHEMA IF NOT EXISTS %I AUTHORIZATION %I', svc, 'dx_' || svc);
    EXECUTE format('ALTER ROLE %I SET search_path = %I', 'dx_' || svc, svc);
    EXECUTE format('REVOKE ALL ON SCHEMA %I FROM PUBLIC', svc);
  END LOOP;
END $$;
