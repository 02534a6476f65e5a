-- One schema per coach, run by `coachlog team init` before team_functions.sql (storage/team_schemas.py).
--
-- Each coach's rows live in tables of their own, in a schema named after their login role, with
-- sequences of their own: a coach has USAGE on that schema and CRUD on its tables only, and no
-- privilege at all on any other coach's schema, so not even EXPLAIN reaches another coach's rows.
-- The tables are copies of the ones in `public` (which the migrations keep, and which hold no
-- coach's rows once the coach is enrolled): same columns, defaults, checks, keys and indexes.
-- coachlog_team, the administrator's schema, holds one UNION ALL view per table over every
-- coach's schema (with a `coach` column) for the coordinator's functions; no one else may use it.
--
-- Each statement follows a line "-- statement"; team_schemas.py replaces @LOCK@ (the team lock's key).
-- statement
CREATE SCHEMA IF NOT EXISTS coachlog_team
-- statement
REVOKE ALL ON SCHEMA coachlog_team FROM PUBLIC
-- statement

CREATE OR REPLACE FUNCTION coachlog_team.tables() RETURNS text[]
LANGUAGE sql IMMUTABLE AS $$
    SELECT ARRAY['teacher', 'cycle', 'cycle_teacher', 'entry', 'entry_teacher', 'entry_tag', 'term', 'undo_step', 'timer',
                 'next_step']
$$
-- statement

CREATE OR REPLACE FUNCTION coachlog_team.marker(coach text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT 'coachlog: the tables of coach ' || coach
$$
-- statement

-- The coach's tables, copied from public's: columns, defaults, checks, then a sequence per serial
-- column, the keys and the indexes, under the same names.
CREATE OR REPLACE FUNCTION coachlog_team.copy_table(coach text, t text) RETURNS void
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
DECLARE
    template regclass := format('public.%I', t)::regclass;
    c record;
    sequence text;
BEGIN
    EXECUTE format('CREATE TABLE %I.%I (LIKE public.%I INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING STORAGE)',
                   coach, t, t);
    FOR c IN SELECT a.attname, pg_get_serial_sequence(template::text, a.attname) AS seq
             FROM pg_attribute a
             WHERE a.attrelid = template AND a.attnum > 0 AND NOT a.attisdropped
               AND pg_get_serial_sequence(template::text, a.attname) IS NOT NULL LOOP
        sequence := (SELECT relname FROM pg_class WHERE oid = c.seq::regclass);
        EXECUTE format('CREATE SEQUENCE %I.%I OWNED BY %I.%I.%I', coach, sequence, coach, t, c.attname);
        EXECUTE format('ALTER TABLE %I.%I ALTER COLUMN %I SET DEFAULT nextval(%L::regclass)',
                       coach, t, c.attname, format('%I.%I', coach, sequence));
    END LOOP;
    FOR c IN SELECT conname, pg_get_constraintdef(oid) AS def FROM pg_constraint
             WHERE conrelid = template AND contype IN ('p', 'u', 'f') ORDER BY contype = 'f', conname LOOP
        EXECUTE format('ALTER TABLE %I.%I ADD CONSTRAINT %I ', coach, t, c.conname)
            || regexp_replace(c.def, 'REFERENCES (?:public\.)?([a-z_]+)\(', format('REFERENCES %I.\1(', coach));
    END LOOP;
    FOR c IN SELECT pg_get_indexdef(i.indexrelid) AS def FROM pg_index i
             WHERE i.indrelid = template AND NOT EXISTS (
                 SELECT 1 FROM pg_constraint k
                 WHERE k.conrelid = i.indrelid AND k.conindid = i.indexrelid AND k.contype IN ('p', 'u', 'x')) LOOP
        EXECUTE regexp_replace(c.def, ' ON \S+ USING ', format(' ON %I.%I USING ', coach, t));
    END LOOP;
END
$$
-- statement

-- Make (or bring up to date) the schema of `coach`, a login role in the coach group: its tables,
-- row security (a second lock: a row's owner is the coach who logged in), the coach's grants and
-- search_path; then move the coach's rows out of public's shared tables (a team database made by an
-- earlier coachlog), keeping every id, uid and value. Idempotent. True when the schema was made.
CREATE OR REPLACE FUNCTION coachlog_team.enrol(coach text, refresh boolean) RETURNS boolean
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
DECLARE
    made boolean := false;
    moved boolean;
    t text;
    c record;
    using_ text;
    check_ text;
    own_entry text := format('EXISTS (SELECT 1 FROM %I.entry e WHERE e.id = entry_id AND e.owner = session_user)', coach);
    own_teacher text := format('EXISTS (SELECT 1 FROM %I.teacher t WHERE t.id = teacher_id AND t.owner = session_user)',
                               coach);
    own_cycle text := format('EXISTS (SELECT 1 FROM %I.cycle c WHERE c.id = cycle_id AND c.owner = session_user)', coach);
BEGIN
    PERFORM pg_advisory_xact_lock(@LOCK@);
    IF NOT EXISTS (
        SELECT 1 FROM pg_auth_members a JOIN pg_roles g ON g.oid = a.roleid JOIN pg_roles m ON m.oid = a.member
        WHERE g.rolname = coalesce((SELECT value FROM setting WHERE key = 'team.coach_role'), 'coach')
          AND m.rolname = coach AND m.rolcanlogin AND NOT m.rolsuper) THEN
        RAISE EXCEPTION 'role % is not a coach of this team', coach USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF to_regnamespace(quote_ident(coach)) IS NULL THEN
        EXECUTE format('CREATE SCHEMA %I', coach);
        EXECUTE format('COMMENT ON SCHEMA %I IS %L', coach, coachlog_team.marker(coach));
        made := true;
    ELSIF obj_description(to_regnamespace(quote_ident(coach)), 'pg_namespace')
          IS DISTINCT FROM coachlog_team.marker(coach) THEN
        RAISE EXCEPTION 'a schema named % exists and does not hold this coach''s tables: rename one of them', coach;
    END IF;
    EXECUTE format('REVOKE ALL ON SCHEMA %I FROM PUBLIC', coach);
    FOREACH t IN ARRAY coachlog_team.tables() LOOP
        IF to_regclass(format('%I.%I', coach, t)) IS NULL THEN
            PERFORM coachlog_team.copy_table(coach, t);
        END IF;
        using_ := CASE t WHEN 'entry_teacher' THEN own_entry WHEN 'entry_tag' THEN own_entry
                         WHEN 'cycle_teacher' THEN own_cycle ELSE 'owner = session_user' END;
        check_ := CASE t WHEN 'entry_teacher' THEN own_entry || ' AND ' || own_teacher
                         WHEN 'cycle_teacher' THEN own_cycle || ' AND ' || own_teacher ELSE using_ END;
        EXECUTE format('ALTER TABLE %I.%I ENABLE ROW LEVEL SECURITY', coach, t);
        EXECUTE format('ALTER TABLE %I.%I FORCE ROW LEVEL SECURITY', coach, t);
        EXECUTE format('DROP POLICY IF EXISTS team_coach ON %I.%I', coach, t);
        EXECUTE format('DROP POLICY IF EXISTS team_admin ON %I.%I', coach, t);
        EXECUTE format('CREATE POLICY team_coach ON %I.%I TO %I USING (%s) WITH CHECK (%s)',
                       coach, t, coach, using_, check_);
        EXECUTE format('CREATE POLICY team_admin ON %I.%I TO CURRENT_USER USING (true) WITH CHECK (true)', coach, t);
        EXECUTE format('REVOKE ALL ON %I.%I FROM PUBLIC', coach, t);
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I.%I TO %I', coach, t, coach);
    END LOOP;
    -- A schema made before coaching cycles (migration 0005): its entries gain the link to their cycle.
    IF NOT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = format('%I.entry', coach)::regclass
                   AND attname = 'cycle_id' AND NOT attisdropped) THEN
        EXECUTE format('ALTER TABLE %I.entry ADD COLUMN cycle_id integer', coach);
        EXECUTE format('ALTER TABLE %I.entry ADD CONSTRAINT fk_entry_cycle_id_cycle FOREIGN KEY (cycle_id)'
                       ' REFERENCES %I.cycle(id) ON DELETE SET NULL', coach, coach);
        EXECUTE format('CREATE INDEX ix_entry_cycle_id ON %I.entry USING btree (cycle_id)', coach);
    END IF;
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO %I', coach, coach);
    EXECUTE format('REVOKE ALL ON ALL SEQUENCES IN SCHEMA %I FROM PUBLIC', coach);
    EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA %I TO %I', coach, coach);
    EXECUTE format('ALTER ROLE %I IN DATABASE %I SET search_path = %I, public', coach, current_database(), coach);

    -- The coach's rows in public's shared tables (an earlier coachlog's layout) move here, ids and all.
    moved := EXISTS (SELECT 1 FROM public.entry WHERE owner = coach) OR EXISTS (SELECT 1 FROM public.teacher
             WHERE owner = coach) OR EXISTS (SELECT 1 FROM public.term WHERE owner = coach)
             OR EXISTS (SELECT 1 FROM public.undo_step WHERE owner = coach)
             OR EXISTS (SELECT 1 FROM public.timer WHERE owner = coach);
    IF moved THEN
        EXECUTE format('INSERT INTO %I.teacher SELECT * FROM public.teacher WHERE owner = %L', coach, coach);
        EXECUTE format('INSERT INTO %I.entry SELECT * FROM public.entry WHERE owner = %L', coach, coach);
        EXECUTE format('INSERT INTO %I.entry_teacher SELECT l.* FROM public.entry_teacher l'
                       ' JOIN public.entry e ON e.id = l.entry_id JOIN public.teacher t ON t.id = l.teacher_id'
                       ' WHERE e.owner = %L AND t.owner = %L', coach, coach, coach);
        EXECUTE format('INSERT INTO %I.entry_tag SELECT l.* FROM public.entry_tag l'
                       ' JOIN public.entry e ON e.id = l.entry_id WHERE e.owner = %L', coach, coach);
        FOREACH t IN ARRAY ARRAY['term', 'undo_step', 'timer'] LOOP
            EXECUTE format('INSERT INTO %I.%I SELECT * FROM public.%I WHERE owner = %L', coach, t, t, coach);
            EXECUTE format('DELETE FROM public.%I WHERE owner = %L', t, coach);
        END LOOP;
        DELETE FROM public.entry WHERE owner = coach;  -- its links and tags go with it (ON DELETE CASCADE)
        DELETE FROM public.teacher p WHERE p.owner = coach
            AND NOT EXISTS (SELECT 1 FROM public.entry_teacher l WHERE l.teacher_id = p.id);
        -- Ids came from sequences shared by every coach: never hand out one this coach had before.
        FOR c IN SELECT t2 AS tab, a.attname, pg_get_serial_sequence(format('public.%I', t2), a.attname) AS seq
                 FROM unnest(coachlog_team.tables()) t2
                 JOIN pg_attribute a ON a.attrelid = format('public.%I', t2)::regclass AND a.attnum > 0
                 WHERE pg_get_serial_sequence(format('public.%I', t2), a.attname) IS NOT NULL LOOP
            EXECUTE format('SELECT setval(%L, greatest((SELECT max(%I) FROM %I.%I),'
                           ' (SELECT CASE WHEN is_called THEN last_value END FROM %s), 1))',
                           pg_get_serial_sequence(format('%I.%I', coach, c.tab), c.attname), c.attname, coach, c.tab,
                           c.seq);
        END LOOP;
    END IF;
    IF made AND refresh THEN
        PERFORM coachlog_team.refresh();
    END IF;
    RETURN made;
END
$$
-- statement

-- The administrator's views of every coach's rows, one per table, with the coach (the schema) first.
CREATE OR REPLACE FUNCTION coachlog_team.refresh() RETURNS void
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
DECLARE
    t text;
    coaches text[] := ARRAY(SELECT nspname::text FROM pg_namespace
                            WHERE obj_description(oid, 'pg_namespace') = coachlog_team.marker(nspname)
                            ORDER BY nspname);
BEGIN
    FOREACH t IN ARRAY coachlog_team.tables() LOOP
        EXECUTE format('DROP VIEW IF EXISTS coachlog_team.%I', t);
        EXECUTE format('CREATE VIEW coachlog_team.%I AS SELECT NULL::text AS coach, * FROM public.%I WHERE false', t, t)
            || coalesce((SELECT string_agg(format(' UNION ALL SELECT %L::text, * FROM %I.%I', c, c, t), '' ORDER BY c)
                         FROM unnest(coaches) c), '');
    END LOOP;
END
$$
-- statement
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA coachlog_team FROM PUBLIC
-- statement
SELECT coachlog_team.refresh()
-- statement

-- What the catalogs tell every role about any table: row counts and pages (pg_class), sizes, the
-- activity counters (pg_stat_*), locks. With one table per coach these would count each coach's
-- entries and teachers, so only the administrator keeps them, in this database. Needs a superuser
-- (the catalogs' owner); otherwise nothing changes here and `team init` says so.
DO $$
DECLARE
    f regprocedure;
    columns text;
BEGIN
    IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
        RETURN;
    END IF;
    REVOKE SELECT ON pg_catalog.pg_class FROM PUBLIC;
    SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) INTO columns FROM pg_attribute
    WHERE attrelid = 'pg_catalog.pg_class'::regclass AND attnum > 0 AND NOT attisdropped
      AND attname NOT IN ('relpages', 'reltuples', 'relallvisible');
    EXECUTE 'GRANT SELECT (' || columns || ') ON pg_catalog.pg_class TO PUBLIC';
    FOR f IN SELECT p.oid::regprocedure FROM pg_proc p
             WHERE p.pronamespace = 'pg_catalog'::regnamespace
               AND (p.proname LIKE 'pg\_stat\_get\_%' OR p.proname IN ('pg_relation_size', 'pg_table_size',
                    'pg_indexes_size', 'pg_total_relation_size', 'pg_lock_status', 'pg_blocking_pids',
                    'pg_safe_snapshot_blocking_pids', 'pg_stat_get_progress_info')) LOOP
        EXECUTE 'REVOKE EXECUTE ON FUNCTION ' || f::text || ' FROM PUBLIC';
    END LOOP;
END
$$
