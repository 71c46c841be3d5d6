SET lock_timeout = '5s';
-- drizzle-kit style foreign key guards.
DO $$ BEGIN
 ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
--> statement-breakpoint
DO $$
BEGIN
    IF NOT EXISTS (
        SELECT 1
        FROM information_schema.columns
        WHERE table_schema = current_schema()
          AND table_name = 'accounts'
          AND column_name = 'deleted_at'
    ) THEN
        ALTER TABLE accounts ADD COLUMN deleted_at timestamptz;
    ELSIF EXISTS (SELECT FROM pg_catalog.pg_indexes i WHERE i.indexname = 'accounts_deleted_at_idx') THEN
        RAISE NOTICE 'index % already there', 'accounts_deleted_at_idx';
    ELSE
        PERFORM pg_advisory_xact_lock(42);
        EXECUTE 'CREATE INDEX accounts_deleted_at_idx ON accounts (deleted_at)';
    END IF;
EXCEPTION
    WHEN undefined_table OR undefined_column THEN
        RAISE WARNING 'skipped: %', SQLERRM;
    WHEN SQLSTATE '42P07' THEN
        NULL;
END;
$$ LANGUAGE plpgsql;
