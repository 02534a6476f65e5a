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

-- The tables of a coach's schema, in foreign-key order (a table comes after every table it references),
-- those of them that public has. A migration that adds a table for a coach's rows adds its name HERE, after
-- the tables it references (tests/storage/test_team_schema_upgrade.py checks the list against the models);
-- public's other tables (setting, alembic_version, entry_tombstone, pushed) are no coach's.
CREATE OR REPLACE FUNCTION coachlog_team.tables() RETURNS text[]
LANGUAGE sql STABLE SET search_path = public, pg_temp AS $$
    SELECT ARRAY(SELECT t FROM unnest(ARRAY['teacher', 'cycle', 'entry', 'entry_teacher', 'entry_tag', 'cycle_teacher',
                                            'next_step', 'term', 'undo_step', 'timer', 'summary_record', 'term_count'])
                 WITH ORDINALITY AS u(t, n)
                 WHERE to_regclass(format('public.%I', t)) IS NOT NULL ORDER BY n)
$$
-- statement

CREATE OR REPLACE FUNCTION coachlog_team.marker(coach text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT 'coachlog: the tables of coach ' || coach
$$
-- statement

-- A coach's new table, copied from public's: columns and defaults, then a sequence per serial column under
-- the same name. Its checks, keys, foreign keys and indexes come from conform(), as an older table's do.
CREATE OR REPLACE FUNCTION coachlog_team.copy_table(coach text, t text) RETURNS void
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
DECLARE
    template regclass := format('public.%I', t)::regclass;
    c record;
    sequence text;
BEGIN
    EXECUTE format('CREATE TABLE %I.%I (LIKE public.%I INCLUDING DEFAULTS INCLUDING STORAGE)', coach, t, t);
    FOR c IN SELECT a.attname, pg_get_serial_sequence(template::text, a.attname) AS seq
             FROM pg_attribute a
             WHERE a.attrelid = template AND a.attnum > 0 AND NOT a.attisdropped
               AND pg_get_serial_sequence(template::text, a.attname) IS NOT NULL LOOP
        sequence := (SELECT relname FROM pg_class WHERE oid = c.seq::regclass);
        EXECUTE format('CREATE SEQUENCE %I.%I OWNED BY %I.%I.%I', coach, sequence, coach, t, c.attname);
        EXECUTE format('ALTER TABLE %I.%I ALTER COLUMN %I SET DEFAULT nextval(%L::regclass)',
                       coach, t, c.attname, format('%I.%I', coach, sequence));
    END LOOP;
END
$$
-- statement

-- The checks ('c'), keys ('p', 'u'), foreign keys ('f') and other indexes ('i') of the coach tables (tables())
-- in `schema_`, by table and name, each defined as it would be on coach's table (public's foreign keys and
-- indexes point into coach's schema), and the definition of public's it was made from (its comment, see
-- conform_parts()).
CREATE OR REPLACE FUNCTION coachlog_team.parts(schema_ text, coach text)
RETURNS TABLE (t text, kind "char", name text, def text, made_from text)
LANGUAGE sql STABLE SET search_path = public, pg_temp AS $$
    WITH tables AS MATERIALIZED (
        SELECT r.oid, r.relname::text AS t FROM pg_class r
        WHERE r.relnamespace = to_regnamespace(quote_ident(schema_)) AND r.relkind = 'r'
          AND r.relname::text = ANY (coachlog_team.tables())
    )
    SELECT r.t, k.contype, k.conname::text,
           regexp_replace(pg_get_constraintdef(k.oid), 'REFERENCES (?:public\.)?([a-z0-9_]+)\(',
                          format('REFERENCES %I.\1(', coach)),
           obj_description(k.oid, 'pg_constraint')
    FROM tables r JOIN pg_constraint k ON k.conrelid = r.oid
    WHERE k.contype IN ('c', 'p', 'u', 'f')
    UNION ALL
    SELECT r.t, 'i', c.relname::text, regexp_replace(pg_get_indexdef(i.indexrelid), ' ON \S+ USING ',
                                                     format(' ON %I.%I USING ', coach, r.t)),
           obj_description(c.oid, 'pg_class')
    FROM tables r JOIN pg_index i ON i.indrelid = r.oid JOIN pg_class c ON c.oid = i.indexrelid
    WHERE NOT EXISTS (
        SELECT 1 FROM pg_constraint k
        WHERE k.conrelid = i.indrelid AND k.conindid = i.indexrelid AND k.contype IN ('p', 'u', 'x'))
$$
-- statement

-- Coach's table `t` gets public's columns: a missing one is added (with its default, which fills every row,
-- and its NOT NULL; a serial column with a sequence of the coach's own), and a column's type, NOT NULL and
-- default follow public's. A column public no longer has keeps its values, but is no longer required.
-- The number of changes made.
CREATE OR REPLACE FUNCTION coachlog_team.conform_columns(coach text, t text) RETURNS integer
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
DECLARE
    target text := format('%I.%I', coach, t);
    c record;
    sequence text;
    default_ text;
    changes integer := 0;
BEGIN
    FOR c IN
        SELECT p.attname, format_type(p.atttypid, p.atttypmod) AS type, p.attnotnull AS notnull,
               pg_get_expr(d.adbin, d.adrelid) AS def, pg_get_serial_sequence(format('public.%I', t), p.attname) AS seq,
               CASE WHEN p.attcollation NOT IN (0, ty.typcollation)
                    THEN ' COLLATE ' || p.attcollation::regcollation::text ELSE '' END AS collate_,
               o.attnum IS NOT NULL AS present, format_type(o.atttypid, o.atttypmod) AS had_type,
               o.attnotnull AS had_notnull, pg_get_expr(od.adbin, od.adrelid) AS had_def
        FROM pg_attribute p
        JOIN pg_type ty ON ty.oid = p.atttypid
        LEFT JOIN pg_attrdef d ON d.adrelid = p.attrelid AND d.adnum = p.attnum
        LEFT JOIN pg_attribute o ON o.attrelid = target::regclass AND o.attname = p.attname AND NOT o.attisdropped
        LEFT JOIN pg_attrdef od ON od.adrelid = o.attrelid AND od.adnum = o.attnum
        WHERE p.attrelid = format('public.%I', t)::regclass AND p.attnum > 0 AND NOT p.attisdropped
        ORDER BY p.attnum
    LOOP
        IF NOT c.present THEN
            default_ := c.def;
            IF c.seq IS NOT NULL THEN
                sequence := (SELECT relname FROM pg_class WHERE oid = c.seq::regclass);
                EXECUTE format('CREATE SEQUENCE %I.%I', coach, sequence);
                default_ := format('nextval(%L::regclass)', format('%I.%I', coach, sequence));
            END IF;
            EXECUTE format('ALTER TABLE %s ADD COLUMN %I %s%s', target, c.attname, c.type, c.collate_)
                || coalesce(' DEFAULT ' || default_, '') || CASE WHEN c.notnull THEN ' NOT NULL' ELSE '' END;
            IF c.seq IS NOT NULL THEN
                EXECUTE format('ALTER SEQUENCE %I.%I OWNED BY %s.%I', coach, sequence, target, c.attname);
            END IF;
            changes := changes + 1;
            CONTINUE;
        END IF;
        IF c.type <> c.had_type THEN  -- the administrator's view of this table is made again by refresh()
            EXECUTE format('DROP VIEW IF EXISTS coachlog_team.%I', t);
            IF c.seq IS NULL AND c.had_def IS NOT NULL THEN
                EXECUTE format('ALTER TABLE %s ALTER COLUMN %I DROP DEFAULT', target, c.attname);
                c.had_def := NULL;
            END IF;
            EXECUTE format('ALTER TABLE %s ALTER COLUMN %I TYPE %s%s USING %I::%s',
                           target, c.attname, c.type, c.collate_, c.attname, c.type);
            changes := changes + 1;
        END IF;
        IF c.notnull <> c.had_notnull THEN
            EXECUTE format('ALTER TABLE %s ALTER COLUMN %I %s NOT NULL', target, c.attname,
                           CASE WHEN c.notnull THEN 'SET' ELSE 'DROP' END);
            changes := changes + 1;
        END IF;
        IF c.seq IS NULL AND c.def IS DISTINCT FROM c.had_def THEN
            EXECUTE format('ALTER TABLE %s ALTER COLUMN %I ', target, c.attname)
                || coalesce('SET DEFAULT ' || c.def, 'DROP DEFAULT');
            changes := changes + 1;
        END IF;
    END LOOP;
    FOR c IN SELECT o.attname FROM pg_attribute o
             WHERE o.attrelid = target::regclass AND o.attnum > 0 AND NOT o.attisdropped AND o.attnotnull
               AND NOT EXISTS (SELECT 1 FROM pg_attribute p WHERE p.attrelid = format('public.%I', t)::regclass
                               AND p.attname = o.attname AND NOT p.attisdropped) LOOP
        EXECUTE format('ALTER TABLE %s ALTER COLUMN %I DROP NOT NULL', target, c.attname);
        changes := changes + 1;
    END LOOP;
    RETURN changes;
END
$$
-- statement

-- Coach's tables get public's parts of the given kinds (see parts()): one that coach's table has and public's
-- has not, or has otherwise defined, is dropped (a key with the foreign keys that need it: they come back with
-- the kind 'f'); then each one missing is made, primary key first. A part made here keeps public's definition
-- in its comment: PostgreSQL gives some back otherwise than written (a check's casts move into an ARRAY's
-- items), and the part is public's as long as public's definition stays. The number of changes made.
CREATE OR REPLACE FUNCTION coachlog_team.conform_parts(coach text, kinds "char"[]) RETURNS integer
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
DECLARE
    c record;
    t text;
    changes integer := 0;
BEGIN
    FOR c IN WITH wanted AS MATERIALIZED (SELECT * FROM coachlog_team.parts('public', coach) p
                                          WHERE p.kind = ANY (kinds)),
                  had AS MATERIALIZED (SELECT * FROM coachlog_team.parts(coach, coach) p WHERE p.kind = ANY (kinds))
             SELECT coalesce(h.t, w.t) AS t, coalesce(h.kind, w.kind) AS kind, coalesce(h.name, w.name) AS name,
                    w.def, h.name IS NOT NULL AS present, w.name IS NOT NULL AS needed
             FROM had h FULL JOIN wanted w ON w.t = h.t AND w.kind = h.kind AND w.name = h.name
             WHERE h.name IS NULL OR w.name IS NULL OR NOT (h.def = w.def OR h.made_from IS NOT DISTINCT FROM w.def)
             ORDER BY w.name IS NOT NULL, coalesce(h.kind, w.kind) <> 'p', coalesce(h.t, w.t), coalesce(h.name, w.name)
    LOOP
        t := c.t;
        IF c.present AND c.kind = 'i' THEN
            EXECUTE format('DROP INDEX %I.%I', coach, c.name);
        ELSIF c.present AND EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = format('%I.%I', coach, t)::regclass
                                                                  AND conname = c.name) THEN  -- not gone with a key
            EXECUTE format('ALTER TABLE %I.%I DROP CONSTRAINT %I CASCADE', coach, t, c.name);
        END IF;
        IF c.needed AND c.kind = 'i' THEN
            EXECUTE c.def;
            EXECUTE format('COMMENT ON INDEX %I.%I IS %L', coach, c.name, c.def);
        ELSIF c.needed THEN
            EXECUTE format('ALTER TABLE %I.%I ADD CONSTRAINT %I ', coach, t, c.name) || c.def;
            EXECUTE format('COMMENT ON CONSTRAINT %I ON %I.%I IS %L', c.name, coach, t, c.def);
        END IF;
        changes := changes + 1;
    END LOOP;
    RETURN changes;
END
$$
-- statement

-- Bring every table of coach's schema to public's shape, keeping every row, id and sequence: the tables
-- public has and the schema lacks (empty), then each table's columns, then checks, keys and indexes, then
-- foreign keys (once every table and key is there, so the order of the tables does not matter here).
-- Run by enrol(), so by `team init`, `team add-coach`, team_join() and after every upgrade of a team
-- database (postgres.py). Idempotent. The number of changes made.
CREATE OR REPLACE FUNCTION coachlog_team.conform(coach text) RETURNS integer
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
DECLARE
    t text;
    changes integer := 0;
BEGIN
    FOREACH t IN ARRAY coachlog_team.tables() LOOP
        IF to_regclass(format('%I.%I', coach, t)) IS NULL THEN
            PERFORM coachlog_team.copy_table(coach, t);
            changes := changes + 1;
        END IF;
    END LOOP;
    FOREACH t IN ARRAY coachlog_team.tables() LOOP
        changes := changes + coachlog_team.conform_columns(coach, t);
    END LOOP;
    changes := changes + coachlog_team.conform_parts(coach, '{c,p,u,i}');
    changes := changes + coachlog_team.conform_parts(coach, '{f}');
    RETURN changes;
END
$$
-- statement

-- The row-security condition of coach's table `t`: its row's owner is the coach who logged in; for a table
-- without an owner (a link), the rows it references in coach's tables that have one are that coach's, each
-- (`writing`), or, to read, those it is deleted with (ON DELETE CASCADE: the row it belongs to), if any.
CREATE OR REPLACE FUNCTION coachlog_team.owned(coach text, t text, writing boolean) RETURNS text
LANGUAGE plpgsql STABLE SET search_path = public, pg_temp AS $$
DECLARE
    template regclass := format('public.%I', t)::regclass;
    k record;
    conditions text[] := '{}';
    owned_by_parent text;
BEGIN
    IF EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = template AND attname = 'owner' AND NOT attisdropped) THEN
        RETURN 'owner = session_user';
    END IF;
    FOR k IN SELECT f.oid, f.conkey, f.confkey, r.relname, f.confdeltype = 'c' AS cascades
             FROM pg_constraint f JOIN pg_class r ON r.oid = f.confrelid
             WHERE f.conrelid = template AND f.contype = 'f' AND r.relname::text = ANY (coachlog_team.tables())
               AND EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = r.oid AND attname = 'owner' AND NOT attisdropped)
             ORDER BY f.conname LOOP
        CONTINUE WHEN NOT writing AND NOT k.cascades AND EXISTS (
            SELECT 1 FROM pg_constraint f WHERE f.conrelid = template AND f.contype = 'f' AND f.confdeltype = 'c');
        SELECT format('EXISTS (SELECT 1 FROM %I.%I parent_row WHERE %s AND parent_row.owner = session_user)',
                      coach, k.relname, string_agg(format('parent_row.%I = %I.%I', fa.attname, t, ca.attname),
                                                   ' AND ' ORDER BY u.n))
                   || coalesce(' OR ' || string_agg(format('%I.%I IS NULL', t, ca.attname), ' OR ' ORDER BY u.n)
                                         FILTER (WHERE NOT ca.attnotnull), '')
        INTO owned_by_parent
        FROM unnest(k.conkey, k.confkey) WITH ORDINALITY AS u(own, referenced, n)
        JOIN pg_attribute ca ON ca.attrelid = template AND ca.attnum = u.own
        JOIN pg_attribute fa ON fa.attrelid = format('public.%I', k.relname)::regclass AND fa.attnum = u.referenced;
        conditions := conditions || ('(' || owned_by_parent || ')');
    END LOOP;
    RETURN coalesce(nullif(array_to_string(conditions, ' AND '), ''), 'true');
END
$$
-- statement

-- Make (or bring up to date) the schema of `coach`, a login role in the coach group: its tables (conform():
-- public's shape), row security (a second lock: a row's owner is the coach who logged in), the coach's grants
-- and search_path; then move the coach's rows out of public's shared tables (a team database made by an
-- earlier coachlog), keeping every id, uid and value. Idempotent. True when the schema was made. The
-- administrator's views are made again (`refresh`) when the schema was made or changed.
CREATE OR REPLACE FUNCTION coachlog_team.enrol(coach text, refresh boolean) RETURNS boolean
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
DECLARE
    made boolean := false;
    moved boolean;
    t text;
    c record;
    changed integer;
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
    FOREACH t IN ARRAY coachlog_team.tables() LOOP  -- the policies name columns whose type conform() may change
        IF to_regclass(format('%I.%I', coach, t)) IS NOT NULL THEN
            EXECUTE format('DROP POLICY IF EXISTS team_coach ON %I.%I', coach, t);
            EXECUTE format('DROP POLICY IF EXISTS team_admin ON %I.%I', coach, t);
        END IF;
    END LOOP;
    changed := coachlog_team.conform(coach);  -- in this transaction: no one sees the tables without their policies
    FOREACH t IN ARRAY coachlog_team.tables() LOOP
        EXECUTE format('ALTER TABLE %I.%I ENABLE ROW LEVEL SECURITY', coach, t);
        EXECUTE format('ALTER TABLE %I.%I FORCE ROW LEVEL SECURITY', coach, t);
        EXECUTE format('CREATE POLICY team_coach ON %I.%I TO %I USING (%s) WITH CHECK (%s)',
                       coach, t, coach, coachlog_team.owned(coach, t, false), coachlog_team.owned(coach, t, true));
        EXECUTE format('CREATE POLICY team_admin ON %I.%I TO CURRENT_USER USING (true) WITH CHECK (true)', coach, t);
        EXECUTE format('REVOKE ALL ON %I.%I FROM PUBLIC', coach, t);
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I.%I TO %I', coach, t, coach);
    END LOOP;
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
    IF (made OR changed > 0) AND refresh THEN
        PERFORM coachlog_team.refresh();
    END IF;
    RETURN made;
END
$$
-- statement

-- The columns of public's table `t`, in order, as coach's schema gives them: cast where its type differs, NULL
-- where it lacks one (a schema not brought up to date: the role of a former coach), so that every view's
-- branches agree. With coach NULL: the columns as typed NULLs, which name public's table nowhere.
CREATE OR REPLACE FUNCTION coachlog_team.columns(coach text, t text) RETURNS text
LANGUAGE sql STABLE SET search_path = public, pg_temp AS $$
    SELECT string_agg(CASE WHEN o.attnum IS NULL THEN format('NULL::%s AS %I', format_type(p.atttypid, p.atttypmod),
                                                             p.attname)
                           WHEN (o.atttypid, o.atttypmod) = (p.atttypid, p.atttypmod) THEN quote_ident(p.attname)
                           ELSE format('%I::%s', p.attname, format_type(p.atttypid, p.atttypmod)) END,
                      ', ' ORDER BY p.attnum)
    FROM pg_attribute p
    LEFT JOIN pg_attribute o ON o.attrelid = to_regclass(quote_ident(coach) || '.' || quote_ident(t))
                            AND o.attname = p.attname AND NOT o.attisdropped
    WHERE p.attrelid = format('public.%I', t)::regclass AND p.attnum > 0 AND NOT p.attisdropped
$$
-- statement

-- The administrator's views of every coach's rows, one per table, with the coach (the schema) first, and
-- public's columns (today's, so made again after every upgrade: postgres.py). They read no table of public,
-- so that a migration may change public's tables.
CREATE OR REPLACE FUNCTION coachlog_team.refresh() RETURNS void
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
DECLARE
    t text;
    coaches text[] := ARRAY(SELECT nspname::text FROM pg_namespace
                            WHERE obj_description(oid, 'pg_namespace') = coachlog_team.marker(nspname)
                            ORDER BY nspname);
BEGIN
    FOR t IN SELECT viewname FROM pg_views WHERE schemaname = 'coachlog_team' LOOP
        EXECUTE format('DROP VIEW coachlog_team.%I', t);
    END LOOP;
    FOREACH t IN ARRAY coachlog_team.tables() LOOP
        EXECUTE format('CREATE VIEW coachlog_team.%I AS SELECT NULL::text AS coach, %s WHERE false',
                       t, coachlog_team.columns(NULL, t))
            || coalesce((SELECT string_agg(format(' UNION ALL SELECT %L::text, %s FROM %I.%I',
                                                  c, coachlog_team.columns(c, t), c, t), '' ORDER BY c)
                         FROM unnest(coaches) c WHERE to_regclass(format('%I.%I', c, t)) IS NOT NULL), '');
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
