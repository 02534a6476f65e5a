-- The coordinator's functions, run in this order by `coachlog team init` (storage/team.py).
--
-- The public ones (team_coaches, team_totals, team_duties, team_report) are SECURITY DEFINER: they
-- read every coach's rows as the administrator (through the views of coachlog_team, over every
-- coach's schema: team_schemas.sql), with a fixed search_path, and only the coordinator group may
-- execute them. team_join, for coaches, makes the caller's own schema when an administrator made
-- their role without `team add-coach`. team_rows is the one pass over the data: one row per coach who logged
-- anything in the range, their figures, which stance cells to withhold (team_hide) and whether the
-- row is shown (a coach left out is in no total: only their number is). The `_of`
-- functions turn those rows into what is shown, so that team_report computes them only once;
-- team_report gives everything `report --team` shows, from one pass over the data.
--
-- Each statement follows a line "-- statement" and ends before the next one. team.py replaces the
-- @NAME@ placeholders (column lists, duty kinds, duty sums) and, in the grants, {coordinator} and {coach}.
-- statement

DO $$
DECLARE
    old regprocedure;
BEGIN
    DROP VIEW IF EXISTS team_coaches_all_time, team_totals_all_time, team_duties_all_time;
    FOR old IN SELECT p.oid::regprocedure FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
               WHERE n.nspname = 'public' AND p.proname LIKE 'team\_%' LOOP
        EXECUTE 'DROP FUNCTION ' || old::text || ' CASCADE';
    END LOOP;
    DROP TYPE IF EXISTS team_row CASCADE;
    DROP TYPE IF EXISTS team_count CASCADE;
END
$$
-- statement

CREATE TYPE team_row AS (coach text, sessions bigint, session_minutes bigint, duty_minutes bigint,
                         minutes bigint[], unions bigint[], duties bigint[], hidden integer, shown boolean,
                         prep_minutes bigint, cycle_minutes bigint, cycle_teachers bigint,
                         outside_teachers bigint, in_unions bigint[], out_unions bigint[])
-- statement

-- One coach's cycle counts and reach for a range (team_counts), as the coach's own summary counts them
-- (reports/cycle_reach.py): `counted` when the range is exactly one of the coach's terms that has ended, the
-- cycles then counted over the term and the break before it (from the day after the coach's term before it
-- ended); *_t are the distinct teachers of the cycles counted, and of the differences a reader can take (active
-- less started, active less completed, completed less those with evidence). `lengths`: the completed cycles'
-- days (start and close both counted). `staff` NULL: the coach has no roster. `fixed`: the term's counts as the
-- coach's own first summary of it showed them (term_count's lines, reports/term_counts.py), shown instead of
-- the live ones, so that a late change never shows as a difference; `fixed_on` the day they were fixed;
-- `unfixed`: none show (they were fixed at a lower min_group than the team's, or twice, differently, in the
-- coach's own database and here: 'counts_fixed_twice', see services/push.py; or the term's counted days
-- overlap another term's fixed counts: its dates were changed after they were shown). `reached_all`: the
-- teachers of any entry of the coach in the range, the teachers reached of their own summary (the stance
-- movement's check against its M runs on it as that summary's does).
CREATE TYPE team_count AS (coach text, counted boolean, started bigint, active bigint, completed bigint,
                           started_t bigint, active_t bigint, completed_t bigint, not_started_t bigint,
                           not_completed_t bigint, evidence bigint, movers bigint, movers_t bigint,
                           others_t bigint, without_t bigint, lengths integer[], staff bigint,
                           staff_reached bigint, fixed jsonb, fixed_on date, unfixed boolean, reached_all bigint)
-- statement

CREATE FUNCTION team_min_group() RETURNS integer
LANGUAGE sql STABLE PARALLEL SAFE SET search_path = public, pg_temp AS $$
    SELECT greatest(5, coalesce((SELECT value::integer FROM setting WHERE key = 'team.min_group'), 5))
$$
-- statement

CREATE FUNCTION team_coach_roles() RETURNS SETOF text
LANGUAGE sql STABLE PARALLEL SAFE SET search_path = public, pg_temp AS $$
    SELECT m.rolname::text
    FROM pg_catalog.pg_auth_members a
    JOIN pg_catalog.pg_roles g ON g.oid = a.roleid
    JOIN pg_catalog.pg_roles m ON m.oid = a.member
    WHERE g.rolname = coalesce((SELECT value FROM setting WHERE key = 'team.coach_role'), 'coach')
      AND m.rolcanlogin AND NOT m.rolsuper
$$
-- statement

CREATE FUNCTION team_hide(min_group integer, start integer, minutes bigint[], unions bigint[], allowed integer)
RETURNS integer LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE SET search_path = public, pg_temp AS $$
DECLARE
    hidden integer := start;
    best integer;
    cell integer;
BEGIN
    LOOP
        EXIT WHEN hidden = 0 OR hidden = 7;
        EXIT WHEN hidden NOT IN (1, 2, 4) AND unions[hidden] >= min_group;
        best := NULL;
        FOR i IN 1..3 LOOP
            cell := 1 << (i - 1);
            CONTINUE WHEN hidden & cell <> 0 OR allowed & cell = 0 OR (minutes[i] <= 0 AND unions[cell] = 0);
            IF best IS NULL
                OR (minutes[i], unions[cell], -i) > (minutes[best], unions[1 << (best - 1)], -best) THEN
                best := i;
            END IF;
        END LOOP;
        EXIT WHEN best IS NULL;
        hidden := hidden | (1 << (best - 1));
    END LOOP;
    RETURN hidden;
END
$$
-- statement

CREATE FUNCTION team_small(unions bigint[]) RETURNS integer
LANGUAGE sql STABLE PARALLEL SAFE SET search_path = public, pg_temp AS $$
    SELECT (CASE WHEN unions[1] BETWEEN 1 AND team_min_group() - 1 THEN 1 ELSE 0 END)
         | (CASE WHEN unions[2] BETWEEN 1 AND team_min_group() - 1 THEN 2 ELSE 0 END)
         | (CASE WHEN unions[4] BETWEEN 1 AND team_min_group() - 1 THEN 4 ELSE 0 END)
$$
-- statement

CREATE FUNCTION team_why(hidden integer, cell integer, teachers bigint) RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE SET search_path = public, pg_temp AS $$
    SELECT CASE WHEN hidden & cell = 0 THEN NULL WHEN teachers < team_min_group() THEN 'fewer' ELSE 'protects' END
$$
-- statement

-- Whether the totals' stance cells (`hidden`: those withheld) bound the withheld stance cells of the shown rows: the
-- next stance cell of the totals to withhold (a bit), or 0 when they bound none of 1..min_group-1 teachers. Less the
-- shown rows' cells, a shown total gives the sum of its stance's withheld cells (and the withheld totals together,
-- those of their stances); each row gives the sum of its own withheld cells (its time less its shown cells). Those
-- cells are never negative: a transportation table whose rows are the rows' withheld time and whose columns the
-- totals' (as in reports/bounds.py). Cells of a set of rows I within the columns J hold at least
-- sum(I) + sum(J) - all of it, about the rows' teachers met in those cells (each coach's teachers their own). So
-- for each J (a set of stances; the withheld totals all in it or none), the rows costing most time for fewest
-- teachers are chosen (a knapsack by teachers, under min_group) and a bound above zero withholds the largest
-- shown total in J (or, where J has none, the largest shown total with withheld cells).
CREATE FUNCTION team_totals_bound(min_group integer, hidden integer, rows team_row[]) RETURNS integer
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE SET search_path = public, pg_temp AS $$
DECLARE
    r team_row;
    m integer;
    i integer;
    c integer;
    held integer;  -- a row's withheld cells (bits), those with time or teachers
    room bigint;  -- their time
    cost bigint;  -- the teachers of its withheld cells within J
    col bigint;  -- the withheld cells' time within J (the totals' parts of J)
    need bigint;  -- every withheld cell's time
    free bigint;  -- the rows with no withheld cell in J (no teacher to take out)
    best bigint[];  -- best[c + 1]: the most time of rows whose cells in J are about c teachers in all
    nxt bigint[];
    most bigint;
    columns bigint[] := '{0,0,0}';  -- each stance's withheld time
    pick integer;
BEGIN
    FOREACH r IN ARRAY rows LOOP
        CONTINUE WHEN NOT r.shown;
        FOR i IN 1..3 LOOP
            IF r.hidden & (1 << (i - 1)) <> 0 AND (r.minutes[i] > 0 OR r.unions[1 << (i - 1)] > 0) THEN
                columns[i] := columns[i] + r.minutes[i] + 1;  -- + 1: a cell rounded to 0 is withheld too
            END IF;
        END LOOP;
    END LOOP;
    FOR m IN 1..7 LOOP
        CONTINUE WHEN m & hidden & 7 NOT IN (0, hidden & 7);
        col := 0; need := 0; free := 0;
        best := array_fill(NULL::bigint, ARRAY[min_group]);
        best[1] := 0;
        FOREACH r IN ARRAY rows LOOP
            CONTINUE WHEN NOT r.shown;
            held := 0; room := 0;
            FOR i IN 1..3 LOOP
                IF r.hidden & (1 << (i - 1)) <> 0 AND (r.minutes[i] > 0 OR r.unions[1 << (i - 1)] > 0) THEN
                    held := held | (1 << (i - 1));
                    room := room + r.minutes[i];
                    IF m & (1 << (i - 1)) <> 0 THEN
                        col := col + r.minutes[i];
                    END IF;
                END IF;
            END LOOP;
            CONTINUE WHEN held = 0;
            need := need + room;
            cost := CASE WHEN held & m = 0 THEN 0 ELSE r.unions[held & m] END;
            IF cost = 0 THEN
                free := free + room;
            ELSIF cost < min_group THEN
                nxt := best;
                FOR c IN 0..min_group - 1 - cost LOOP
                    IF best[c + 1] IS NOT NULL AND (nxt[c + cost + 1] IS NULL OR best[c + 1] + room > nxt[c + cost + 1])
                    THEN
                        nxt[c + cost + 1] := best[c + 1] + room;
                    END IF;
                END LOOP;
                best := nxt;
            END IF;
        END LOOP;
        SELECT max(b) INTO most FROM unnest(best[2:min_group]) AS b;
        CONTINUE WHEN most IS NULL OR col - need + free + most <= 0;
        pick := 0;
        FOR i IN 1..3 LOOP  -- the largest shown total in J, else the largest shown total with withheld cells
            IF hidden & (1 << (i - 1)) = 0 AND columns[i] > 0
                AND (pick = 0 OR (m & (1 << (i - 1)) <> 0, columns[i]) > (m & (1 << (pick - 1)) <> 0, columns[pick]))
            THEN
                pick := i;
            END IF;
        END LOOP;
        RETURN CASE WHEN pick = 0 THEN 0 ELSE 1 << (pick - 1) END;
    END LOOP;
    RETURN 0;
END
$$
-- statement

-- The totals' withheld stance cells: team_hide's, then more while the totals bound a row's withheld cells
-- (team_totals_bound), each time with the partners team_hide adds.
CREATE FUNCTION team_totals_hide(min_group integer, start integer, minutes bigint[], unions bigint[], allowed integer,
                                 rows team_row[]) RETURNS integer
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE SET search_path = public, pg_temp AS $$
DECLARE
    hidden integer := team_hide(min_group, start, minutes, unions, allowed);
    pick integer;
BEGIN
    LOOP
        pick := team_totals_bound(min_group, hidden, rows);
        EXIT WHEN pick = 0 OR hidden & pick <> 0;
        hidden := team_hide(min_group, hidden | pick, minutes, unions, allowed);
    END LOOP;
    RETURN hidden;
END
$$
-- statement

-- Why a coach's (or the totals') time in cycles C is withheld, or NULL when it shows. It describes the teachers met
-- in sessions in a cycle, and (taken from the time with teachers S, which is shown) the teachers met outside
-- cycles: each must be none or at least min_group ('fewer'). With the stance cells it is the margin of a
-- stance x in-cycle table whose cells are never negative: for every non-empty set F of stances (bit mask f),
-- the time in cycles in F is at least C + sum(F) - S and the time outside cycles in F at least sum(F) - C; a
-- positive bound describes the teachers met in cycle sessions of F (in_unions[f]), or outside cycles
-- (out_unions[f]), which must then be none or min_group ('fewer'). It adds an equation across the stance
-- cells, which solves a withheld stance cell where every unit in a cycle is the whole of its day, stance and
-- activity: so it shows only when the row withholds no stance cell ('protects'), the strict form of the rule
-- of a coach's own summary (reports/cycle_reach.py). Twin: reports/team.py cycle_hidden.
CREATE FUNCTION team_why_cycles(cycle_teachers bigint, outside_teachers bigint, hidden integer,
                                session_minutes bigint, cycle_minutes bigint, minutes bigint[],
                                in_unions bigint[], out_unions bigint[]) RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE SET search_path = public, pg_temp AS $$
    SELECT CASE WHEN cycle_teachers BETWEEN 1 AND team_min_group() - 1
                  OR outside_teachers BETWEEN 1 AND team_min_group() - 1
                  OR EXISTS (
                      SELECT 1
                      FROM generate_series(1, 7) AS f
                      CROSS JOIN LATERAL (
                          SELECT (CASE WHEN f & 1 <> 0 THEN coalesce(minutes[1], 0) ELSE 0 END)
                               + (CASE WHEN f & 2 <> 0 THEN coalesce(minutes[2], 0) ELSE 0 END)
                               + (CASE WHEN f & 4 <> 0 THEN coalesce(minutes[3], 0) ELSE 0 END) AS part) AS p
                      WHERE (cycle_minutes + p.part - session_minutes > 0
                             AND coalesce(in_unions[f], 0) BETWEEN 1 AND team_min_group() - 1)
                         OR (p.part - cycle_minutes > 0
                             AND coalesce(out_unions[f], 0) BETWEEN 1 AND team_min_group() - 1)) THEN 'fewer'
                WHEN hidden <> 0 THEN 'protects' END
$$
-- statement

-- A unit's time (one coach's sessions on one day, in one stance and activity, in a coaching cycle or in
-- none) rounded to @ROUND_TO@ minutes: up when its remainder is above a threshold fixed by the MD5 of its
-- key, `seed|YYYY-MM-DD|stance|activity` (seed: its smallest entry uid) with "|cycle" after it for a unit
-- in a cycle, the rule of reports/rounding.py, so that a coach's summary and the coordinator's figures
-- round every unit alike and no two ranges subtract to one coach's day.
CREATE FUNCTION team_rounded(minutes numeric, seed text, day date, stance text, activity text, in_cycle boolean)
RETURNS bigint LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = public, pg_temp AS $$
    SELECT ((minutes::bigint / @ROUND_TO@)
            + CASE WHEN minutes::bigint % @ROUND_TO@ > ('x' || substr(md5(seed || '|' || to_char(day, 'YYYY-MM-DD')
                        || '|' || stance || '|' || coalesce(activity, '')
                        || CASE WHEN in_cycle THEN '|cycle' ELSE '' END), 1, 8))::bit(32)::bigint % @ROUND_TO@
                   THEN 1 ELSE 0 END) * @ROUND_TO@
$$
-- statement

CREATE FUNCTION team_rows(from_date date, to_date date) RETURNS SETOF team_row
LANGUAGE sql STABLE SET search_path = public, pg_temp SET jit = off SET work_mem = '64MB' AS $$
    WITH ranged AS NOT MATERIALIZED (  -- every coach's entries; `coach` is the schema, named after the role
        SELECT id, coach AS owner, kind, stance, duty_kind, minutes, local_date, activity, uid,
               cycle_id IS NOT NULL AS in_cycle
        FROM coachlog_team.entry
        WHERE (from_date IS NULL OR local_date >= from_date) AND (to_date IS NULL OR local_date <= to_date)
    ), units AS (  -- session time per day, stance, activity and in a cycle or not, rounded as a coach's summary
        -- rounds it
        SELECT owner, stance, in_cycle,
               team_rounded(sum(minutes), min(uid), local_date, stance, coalesce(activity, ''), in_cycle) AS minutes
        FROM ranged WHERE kind = 'session'
        GROUP BY owner, local_date, stance, coalesce(activity, ''), in_cycle
    ), session_sums AS (
        SELECT owner,
               sum(minutes) AS session_minutes,
               coalesce(sum(minutes) FILTER (WHERE in_cycle), 0) AS cycle_minutes,
               ARRAY[coalesce(sum(minutes) FILTER (WHERE stance = 'consulting'), 0),
                     coalesce(sum(minutes) FILTER (WHERE stance = 'collaborating'), 0),
                     coalesce(sum(minutes) FILTER (WHERE stance = 'coaching'), 0)]::bigint[] AS minutes
        FROM units GROUP BY owner
    ), counts AS (
        SELECT owner,
               count(*) FILTER (WHERE kind = 'session') AS sessions,
               coalesce(sum(minutes) FILTER (WHERE kind = 'duty'), 0) AS duty_minutes,
               coalesce(sum(minutes) FILTER (WHERE kind = 'prep'), 0) AS prep_minutes,
               ARRAY[@DUTY_SUMS@]::bigint[] AS duties
        FROM ranged GROUP BY owner
    ), per_coach AS (
        SELECT c.owner, c.sessions, coalesce(s.session_minutes, 0)::bigint AS session_minutes, c.duty_minutes,
               coalesce(s.minutes, '{0,0,0}'::bigint[]) AS minutes, c.duties, c.prep_minutes,
               coalesce(s.cycle_minutes, 0)::bigint AS cycle_minutes
        FROM counts c LEFT JOIN session_sums s ON s.owner = c.owner
    ), teacher_stances AS (  -- each teacher once, with the stances they were met in (a teacher has one coach;
        -- ids are the coach's own, so a link is the coach's entry and teacher)
        SELECT r.owner, et.teacher_id,
               bit_or(CASE r.stance WHEN 'consulting' THEN 1 WHEN 'collaborating' THEN 2 ELSE 4 END) AS mask,
               bool_or(r.in_cycle) AS in_cycle, bool_or(NOT r.in_cycle) AS outside,
               bit_or(CASE WHEN NOT r.in_cycle THEN 0
                           WHEN r.stance = 'consulting' THEN 1 WHEN r.stance = 'collaborating' THEN 2 ELSE 4 END)
                   AS in_mask,
               bit_or(CASE WHEN r.in_cycle THEN 0
                           WHEN r.stance = 'consulting' THEN 1 WHEN r.stance = 'collaborating' THEN 2 ELSE 4 END)
                   AS out_mask
        FROM ranged r JOIN coachlog_team.entry_teacher et ON et.coach = r.owner AND et.entry_id = r.id
        WHERE r.kind = 'session'
        GROUP BY r.owner, et.teacher_id
    ), reach AS (  -- unions[m]: the coach's teachers met in any stance of bit mask m
        SELECT ts.owner, ARRAY[count(*) FILTER (WHERE mask & 1 <> 0), count(*) FILTER (WHERE mask & 2 <> 0),
                               count(*) FILTER (WHERE mask & 3 <> 0), count(*) FILTER (WHERE mask & 4 <> 0),
                               count(*) FILTER (WHERE mask & 5 <> 0), count(*) FILTER (WHERE mask & 6 <> 0),
                               count(*)]::bigint[] AS unions,
               count(*) FILTER (WHERE in_cycle) AS cycle_teachers, count(*) FILTER (WHERE outside) AS outside_teachers,
               -- the same by stances met in cycle sessions (in_unions) and outside cycles (out_unions)
               ARRAY[count(*) FILTER (WHERE in_mask & 1 <> 0), count(*) FILTER (WHERE in_mask & 2 <> 0),
                     count(*) FILTER (WHERE in_mask & 3 <> 0), count(*) FILTER (WHERE in_mask & 4 <> 0),
                     count(*) FILTER (WHERE in_mask & 5 <> 0), count(*) FILTER (WHERE in_mask & 6 <> 0),
                     count(*) FILTER (WHERE in_mask <> 0)]::bigint[] AS in_unions,
               ARRAY[count(*) FILTER (WHERE out_mask & 1 <> 0), count(*) FILTER (WHERE out_mask & 2 <> 0),
                     count(*) FILTER (WHERE out_mask & 3 <> 0), count(*) FILTER (WHERE out_mask & 4 <> 0),
                     count(*) FILTER (WHERE out_mask & 5 <> 0), count(*) FILTER (WHERE out_mask & 6 <> 0),
                     count(*) FILTER (WHERE out_mask <> 0)]::bigint[] AS out_unions
        FROM teacher_stances ts GROUP BY ts.owner
    ), rows AS (
        SELECT p.owner::text AS coach, p.sessions, p.session_minutes, p.duty_minutes, p.minutes, p.duties,
               p.prep_minutes::bigint AS prep_minutes, coalesce(r.unions, '{0,0,0,0,0,0,0}'::bigint[]) AS unions,
               coalesce(r.unions[7], 0) >= team_min_group() AS shown, p.cycle_minutes,
               coalesce(r.cycle_teachers, 0)::bigint AS cycle_teachers,
               coalesce(r.outside_teachers, 0)::bigint AS outside_teachers,
               coalesce(r.in_unions, '{0,0,0,0,0,0,0}'::bigint[]) AS in_unions,
               coalesce(r.out_unions, '{0,0,0,0,0,0,0}'::bigint[]) AS out_unions
        FROM per_coach p LEFT JOIN reach r ON r.owner = p.owner
        WHERE p.owner IN (SELECT team_coach_roles())  -- after the sums: a few hundred owners, not every entry
    )
    SELECT coach, sessions, session_minutes, duty_minutes, minutes, unions, duties,
           CASE WHEN shown THEN team_hide(team_min_group(), team_small(unions), minutes, unions, 7) ELSE 7 END,
           shown, prep_minutes, cycle_minutes, cycle_teachers, outside_teachers, in_unions, out_unions
    FROM rows
$$
-- statement

-- Each coach's staff: the teachers on their roster on some day of the range (on staff, or left on or after its
-- start), and of them those met in a session in it; no row for a coach without a roster.
CREATE FUNCTION team_staff(from_date date, to_date date) RETURNS TABLE (coach text, staff bigint, reached bigint)
LANGUAGE sql STABLE SET search_path = public, pg_temp AS $$
    WITH rostered AS (  -- the coaches with a roster: someone was put on it (a leaver counts)
        SELECT DISTINCT t.coach FROM coachlog_team.teacher t WHERE t.on_staff OR t.left_on IS NOT NULL
    ), met AS (  -- their teachers met in a session in the range, each once
        SELECT DISTINCT et.coach, et.teacher_id
        FROM coachlog_team.entry e JOIN coachlog_team.entry_teacher et ON et.coach = e.coach AND et.entry_id = e.id
        WHERE e.kind = 'session' AND e.coach IN (SELECT r.coach FROM rostered r)
          AND (from_date IS NULL OR e.local_date >= from_date) AND (to_date IS NULL OR e.local_date <= to_date)
    )
    SELECT t.coach, count(*) FILTER (WHERE t.on_staff OR t.left_on >= coalesce(from_date, '-infinity')),
           count(*) FILTER (WHERE (t.on_staff OR t.left_on >= coalesce(from_date, '-infinity'))
                              AND m.teacher_id IS NOT NULL)
    FROM coachlog_team.teacher t LEFT JOIN met m ON m.coach = t.coach AND m.teacher_id = t.id
    WHERE t.coach IN (SELECT r.coach FROM rostered r)
    GROUP BY t.coach
$$
-- statement

CREATE FUNCTION team_term_counts(from_date date, to_date date) RETURNS SETOF team_count
LANGUAGE sql STABLE SET search_path = public, pg_temp SET jit = off AS $$
    WITH windows AS (  -- the coaches for whom the range is a whole ended term: from the day after their term before
        SELECT DISTINCT t.coach,
               least(from_date, coalesce((SELECT max(p.end_date) + 1 FROM coachlog_team.term p
                                          WHERE p.coach = t.coach AND p.end_date < from_date), from_date))
                   AS window_start
        FROM coachlog_team.term t
        WHERE t.start_date = from_date AND t.end_date = to_date AND t.end_date < current_date
    ), cycles AS (
        SELECT c.coach, c.id, c.closed_on - c.started_on + 1 AS days,
               c.started_on <= to_date AND (c.closed_on IS NULL OR c.closed_on >= w.window_start) AS active,
               c.started_on BETWEEN w.window_start AND to_date AS started,
               coalesce(c.closed_on BETWEEN w.window_start AND to_date, false) AS completed,
               CASE WHEN c.baseline IS NOT NULL AND c.result IS NOT NULL THEN c.result <> c.baseline END AS moved
        FROM coachlog_team.cycle c JOIN windows w ON w.coach = c.coach
    ), cycle_sums AS (
        SELECT coach, count(*) FILTER (WHERE started) AS started, count(*) FILTER (WHERE active) AS active,
               count(*) FILTER (WHERE completed) AS completed,
               count(*) FILTER (WHERE completed AND moved IS NOT NULL) AS evidence,
               count(*) FILTER (WHERE completed AND moved) AS movers,
               coalesce(array_agg(days ORDER BY days) FILTER (WHERE completed), '{}') AS lengths
        FROM cycles GROUP BY coach
    ), cycle_teachers AS (  -- each teacher once per coach, with the kinds of counted cycles they are in
        SELECT y.coach, ct.teacher_id, bool_or(y.active) AS active, bool_or(y.started) AS started,
               bool_or(y.completed) AS completed, bool_or(y.active AND NOT y.started) AS not_started,
               bool_or(y.active AND NOT y.completed) AS not_completed, bool_or(y.completed AND y.moved) AS mover,
               bool_or(y.completed AND NOT y.moved) AS other, bool_or(y.completed AND y.moved IS NULL) AS without
        FROM cycles y JOIN coachlog_team.cycle_teacher ct ON ct.coach = y.coach AND ct.cycle_id = y.id
        GROUP BY y.coach, ct.teacher_id
    ), teacher_sums AS (
        SELECT coach, count(*) FILTER (WHERE started) AS started_t, count(*) FILTER (WHERE active) AS active_t,
               count(*) FILTER (WHERE completed) AS completed_t, count(*) FILTER (WHERE not_started) AS not_started_t,
               count(*) FILTER (WHERE not_completed) AS not_completed_t, count(*) FILTER (WHERE mover) AS movers_t,
               count(*) FILTER (WHERE other) AS others_t, count(*) FILTER (WHERE without) AS without_t
        FROM cycle_teachers GROUP BY coach
    ), everyone AS (  -- the teachers of any entry of the coach in the range, as their summary counts them
        SELECT e.coach, count(DISTINCT et.teacher_id) AS reached_all
        FROM coachlog_team.entry e JOIN coachlog_team.entry_teacher et ON et.coach = e.coach AND et.entry_id = e.id
        WHERE e.coach IN (SELECT w.coach FROM windows w) AND e.local_date BETWEEN from_date AND to_date
        GROUP BY e.coach
    )
    SELECT r.coach, w.coach IS NOT NULL, coalesce(s.started, 0), coalesce(s.active, 0), coalesce(s.completed, 0),
           coalesce(t.started_t, 0), coalesce(t.active_t, 0), coalesce(t.completed_t, 0),
           coalesce(t.not_started_t, 0), coalesce(t.not_completed_t, 0), coalesce(s.evidence, 0),
           coalesce(s.movers, 0), coalesce(t.movers_t, 0), coalesce(t.others_t, 0), coalesce(t.without_t, 0),
           coalesce(s.lengths, '{}'), o.staff, o.reached, f.lines::jsonb, f.fixed_on,
           w.coach IS NOT NULL AND (f.min_group < team_min_group() OR f.lines::jsonb ? 'counts_fixed_twice' OR EXISTS (
               SELECT 1 FROM coachlog_team.term_count x WHERE x.coach = r.coach AND x.window_start <= to_date
                 AND x.end_date >= w.window_start AND NOT (x.start_date = from_date AND x.end_date = to_date))),
           coalesce(a.reached_all, 0)
    FROM team_coach_roles() AS r(coach)
    LEFT JOIN windows w ON w.coach = r.coach LEFT JOIN cycle_sums s ON s.coach = r.coach
    LEFT JOIN teacher_sums t ON t.coach = r.coach LEFT JOIN team_staff(from_date, to_date) o ON o.coach = r.coach
    LEFT JOIN coachlog_team.term_count f ON w.coach IS NOT NULL AND f.coach = r.coach AND f.start_date = from_date
                                        AND f.end_date = to_date
    LEFT JOIN everyone a ON a.coach = r.coach
$$
-- statement

-- The counts of team_term_counts when the range is a whole ended term of some coach; else only each coach's staff.
-- Each part reads the views over every coach's schema only when it may count something: a query takes a lock on
-- each coach's table and its indexes, and a program of hundreds of coaches must stay within the server's lock
-- table (max_locks_per_transaction; a term's counts over such a program may need it raised).
CREATE FUNCTION team_counts(from_date date, to_date date) RETURNS SETOF team_count
LANGUAGE plpgsql STABLE SET search_path = public, pg_temp SET jit = off AS $$
BEGIN
    IF from_date IS NOT NULL AND to_date < current_date AND EXISTS (
            SELECT 1 FROM coachlog_team.term WHERE start_date = from_date AND end_date = to_date) THEN
        RETURN QUERY SELECT * FROM team_term_counts(from_date, to_date);
    ELSE
        RETURN QUERY SELECT r.coach, false, 0::bigint, 0::bigint, 0::bigint, 0::bigint, 0::bigint, 0::bigint,
                            0::bigint, 0::bigint, 0::bigint, 0::bigint, 0::bigint, 0::bigint, 0::bigint,
                            '{}'::integer[], o.staff, o.reached, NULL::jsonb, NULL::date, false, 0::bigint
                     FROM team_coach_roles() AS r(coach)
                     LEFT JOIN team_staff(from_date, to_date) AS o ON o.coach = r.coach;
    END IF;
END
$$
-- statement

-- Why a count of cycles is withheld, or NULL when it shows (reports/cycle_reach.py's rule): 'not a term' unless
-- the range is a whole ended term of the coach; 'fewer' when its cycles' teachers are 1..min_group-1; 'protects'
-- when the teachers of the difference a reader can take (active less it) are. Twin: reports/team.py count_why.
CREATE FUNCTION team_count_why(counted boolean, teachers bigint, rest bigint) RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE SET search_path = public, pg_temp AS $$
    SELECT CASE WHEN counted IS NOT TRUE THEN 'not a term'
                WHEN teachers BETWEEN 1 AND team_min_group() - 1 THEN 'fewer'
                WHEN rest BETWEEN 1 AND team_min_group() - 1 THEN 'protects' END
$$
-- statement

-- A coach's counts as shown (JSON; a withheld figure is null with its reason beside it). "N of M moved" needs
-- at least min_group teachers among the movers and among the others, and (completed shown) none or min_group in
-- the completed cycles without evidence. Reach (any range, as the coach's summary): the staff reached, the
-- staff not reached and the teachers reached who are not on staff (the row's teachers less the staff reached)
-- each none or min_group. Twin: reports/team.py counts_shown.
CREATE FUNCTION team_count_live(c team_count, teachers bigint) RETURNS jsonb
LANGUAGE sql STABLE SET search_path = public, pg_temp AS $$
    SELECT jsonb_build_object(
        'active', jsonb_build_object('value', CASE WHEN a IS NULL THEN c.active END, 'hidden', a),
        'started', jsonb_build_object('value', CASE WHEN s IS NULL THEN c.started END, 'hidden', s),
        'completed', jsonb_build_object('value', CASE WHEN d IS NULL THEN c.completed END, 'hidden', d),
        'median_days', jsonb_build_object(
            'value', CASE WHEN d IS NULL THEN (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY x)
                                               FROM unnest(c.lengths) AS x) END,
            'hidden', CASE WHEN cardinality(c.lengths) > 0 OR d IS NOT NULL THEN d END),
        'evidence', jsonb_build_object('moved', CASE WHEN e IS NULL AND c.evidence > 0 THEN c.movers END,
                                       'of', CASE WHEN e IS NULL AND c.evidence > 0 THEN c.evidence END, 'hidden', e),
        'reach', jsonb_build_object('reached', CASE WHEN h IS NULL THEN c.staff_reached END,
                                    'staff', CASE WHEN h IS NULL THEN c.staff END, 'hidden', h))
    FROM (SELECT team_count_why(c.counted, c.active_t, 0) AS a,
                 team_count_why(c.counted, c.started_t, c.not_started_t) AS s,
                 team_count_why(c.counted, c.completed_t, c.not_completed_t) AS d) AS w
    CROSS JOIN LATERAL (
        SELECT CASE WHEN c.counted IS NOT TRUE THEN 'not a term' WHEN c.evidence = 0 THEN NULL
                    WHEN c.movers_t < team_min_group() OR c.others_t < team_min_group() THEN 'fewer'
                    WHEN w.d IS NULL AND c.without_t BETWEEN 1 AND team_min_group() - 1 THEN 'protects' END AS e,
               CASE WHEN c.staff IS NULL THEN NULL
                    WHEN c.staff_reached BETWEEN 1 AND team_min_group() - 1
                      OR c.staff - c.staff_reached BETWEEN 1 AND team_min_group() - 1
                      OR teachers - c.staff_reached BETWEEN 1 AND team_min_group() - 1 THEN 'fewer' END AS h) AS x
$$
-- statement

CREATE FUNCTION team_count_fixed(line jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = public, pg_temp AS $$
    SELECT jsonb_build_object('value', coalesce(line -> 'value', 'null'), 'hidden', coalesce(line -> 'hidden', 'null'))
$$
-- statement

-- The figures a term's fixed counts alone give (the stance movement, focus areas, reach by department), each
-- withheld for `why`. Twin: reports/team_counts.py _term_only.
CREATE FUNCTION team_count_term_only(why text) RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = public, pg_temp AS $$
    SELECT jsonb_build_object('movement', jsonb_build_object('moved', NULL, 'of', NULL, 'hidden', why),
                              'focus', jsonb_build_object('value', NULL, 'hidden', why),
                              'departments', jsonb_build_object('value', NULL, 'hidden', why))
$$
-- statement

-- A fixed line's value when it shows (it has a sentence), else null with why (null too: quiet, nothing to say).
CREATE FUNCTION team_count_line(line jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = public, pg_temp AS $$
    SELECT jsonb_build_object('value', CASE WHEN line ->> 'text' IS NOT NULL THEN line -> 'value' END,
                              'hidden', line -> 'hidden')
$$
-- statement

-- Reach by department as the coach's summary fixed it, only beside a staff reached shown (`reach_hidden` null:
-- else the departments, all shown, would sum to the staff reached it hides), less the smallest departments
-- (by staff, then name) until those left out are, reached and not reached alike, none or min_group staff either
-- way (a late merge or leave can take the staff below the fixed departments' sums: a rest of -1 is one teacher),
-- judged on the staff reached (`reached` of `staff`), as reports/cycle_reach.py departments_shown judges them.
-- Twin: reports/team_counts.py _departments.
CREATE FUNCTION team_count_departments(line jsonb, staff bigint, reached bigint, reach_hidden text) RETURNS jsonb
LANGUAGE plpgsql STABLE SET search_path = public, pg_temp AS $$
DECLARE
    k integer := team_min_group();
    kept jsonb;
    smallest text;
    reached_rest bigint;
    unreached_rest bigint;
BEGIN
    IF line IS NULL OR line ->> 'text' IS NULL OR jsonb_typeof(line -> 'value') IS DISTINCT FROM 'object' THEN
        RETURN team_count_line(line);
    END IF;
    IF reach_hidden IS NOT NULL OR coalesce(staff, 0) = 0 OR reached IS NULL THEN
        RETURN jsonb_build_object('value', NULL, 'hidden', 'fewer');
    END IF;
    kept := line -> 'value';
    LOOP
        EXIT WHEN kept = '{}'::jsonb;
        SELECT reached - coalesce(sum((v ->> 'reached')::bigint), 0),
               (staff - reached) - coalesce(sum((v ->> 'staff')::bigint - (v ->> 'reached')::bigint), 0)
        INTO reached_rest, unreached_rest
        FROM jsonb_each(kept) AS e(name, v);
        EXIT WHEN abs(reached_rest) NOT BETWEEN 1 AND k - 1
              AND abs(unreached_rest) NOT BETWEEN 1 AND k - 1;
        SELECT e.name INTO smallest FROM jsonb_each(kept) AS e(name, v)
        ORDER BY (e.v ->> 'staff')::bigint, e.name COLLATE "C" LIMIT 1;
        kept := kept - smallest;
    END LOOP;
    IF kept = '{}'::jsonb THEN
        RETURN jsonb_build_object('value', NULL, 'hidden', 'fewer');
    END IF;
    RETURN jsonb_build_object('value', kept, 'hidden', NULL);
END
$$
-- statement

-- A term's stance movement, focus areas and reach by department as the coach's own summary fixed them, with
-- that summary's checks against today's figures run again, and against the team row's: "N of M teachers moved
-- toward the coaching stance" hides when the teachers reached less M are 1..min_group-1 either way (a late merge
-- takes them below M), the row's (`teachers`, met in sessions) or the summary's (`reached_all`, of any entry);
-- reach by department hides beside a staff
-- reached the summary hides for its teachers reached off the roster (of any entry) being a few. Twin:
-- reports/team_counts.py fixed_figures.
CREATE FUNCTION team_count_fixed_figures(c team_count, teachers bigint, reach_hidden text) RETURNS jsonb
LANGUAGE sql STABLE SET search_path = public, pg_temp AS $$
    SELECT jsonb_build_object(
        'movement', CASE
            WHEN m IS NULL THEN jsonb_build_object('moved', NULL, 'of', NULL, 'hidden', NULL)
            WHEN m ->> 'text' IS NULL THEN jsonb_build_object('moved', NULL, 'of', NULL, 'hidden', m -> 'hidden')
            WHEN abs(teachers - (m -> 'value' ->> 'of')::bigint) BETWEEN 1 AND team_min_group() - 1
              OR abs(c.reached_all - (m -> 'value' ->> 'of')::bigint) BETWEEN 1 AND team_min_group() - 1
                THEN jsonb_build_object('moved', NULL, 'of', NULL, 'hidden', 'fewer')
            ELSE jsonb_build_object('moved', m -> 'value' -> 'moved', 'of', m -> 'value' -> 'of', 'hidden', NULL) END,
        'focus', CASE WHEN f IS NULL THEN jsonb_build_object('value', NULL, 'hidden', NULL)
                      ELSE team_count_line(f) END,
        'departments', team_count_departments(d, c.staff, c.staff_reached,
                                              coalesce(reach_hidden, CASE WHEN c.reached_all - c.staff_reached
                                                                     BETWEEN 1 AND team_min_group() - 1
                                                                     THEN 'fewer' END)))
    FROM (SELECT c.fixed -> 'stance_movement' AS m, c.fixed -> 'focus_areas' AS f,
                 c.fixed -> 'reach_by_department' AS d) AS x
$$
-- statement

-- A coach's counts as shown: for a term, only those the coach's own summary of it fixed ('fixed_on' says since
-- when; reach stays live, as in that summary), so the team view never differs from that summary, and a late
-- change never shows as a difference between two views; none before that summary ('not fixed yet'), or when
-- they cannot be shown ('not fixed'); for any other range none ('not a term', team_count_live).
CREATE FUNCTION team_count_json(c team_count, teachers bigint) RETURNS jsonb
LANGUAGE sql STABLE SET search_path = public, pg_temp AS $$
    SELECT CASE WHEN c.counted AND c.fixed IS NULL AND c.unfixed IS NOT TRUE THEN
                    live || jsonb_build_object(
                        'active', y, 'started', y, 'completed', y, 'median_days', y,
                        'evidence', jsonb_build_object('moved', NULL, 'of', NULL, 'hidden', 'not fixed yet'))
                    || team_count_term_only('not fixed yet')
                WHEN c.counted AND c.unfixed THEN
                    live || jsonb_build_object(
                        'active', n, 'started', n, 'completed', n, 'median_days', n,
                        'evidence', jsonb_build_object('moved', NULL, 'of', NULL, 'hidden', 'not fixed'))
                    || team_count_term_only('not fixed')
                WHEN c.counted AND c.fixed IS NOT NULL THEN
                    live || jsonb_build_object(
                        'active', team_count_fixed(c.fixed -> 'cycles_active'),
                        'started', team_count_fixed(c.fixed -> 'cycles_started'),
                        'completed', team_count_fixed(c.fixed -> 'cycles_completed'),
                        'median_days', team_count_fixed(c.fixed -> 'median_length'),
                        'evidence', jsonb_build_object(
                            'moved', c.fixed -> 'student_evidence' -> 'value' -> 'moved',
                            'of', c.fixed -> 'student_evidence' -> 'value' -> 'of',
                            'hidden', c.fixed -> 'student_evidence' -> 'hidden'),
                        'fixed_on', c.fixed_on)
                    || team_count_fixed_figures(c, teachers, live -> 'reach' ->> 'hidden')
                ELSE live END
    FROM (SELECT team_count_live(c, teachers) || jsonb_build_object('fixed_on', NULL)
                     || team_count_term_only('not a term') AS live,
                 jsonb_build_object('value', NULL, 'hidden', 'not fixed') AS n,
                 jsonb_build_object('value', NULL, 'hidden', 'not fixed yet') AS y) AS x
$$
-- statement

-- The totals' counts: the shown coaches' sums (a left-out coach's never), each shown only when every shown coach's
-- is (else the totals less the shown rows would give a withheld one, or bound it): 'not a term' when some
-- coach's range is not a whole ended term (or its counts are not fixed), else 'protects'. Each shown sum is then
-- of figures each none or min_group teachers, and so is every difference a reader can take. The median is that
-- of the one shown coach with completed cycles (their row's); with more than one it is withheld ('protects'): a
-- pooled median is a new order statistic of lengths each row shows only as its median. Reach sums the shown
-- coaches with a roster. The stance movement, focus areas (by area) and reach by department (by name) are the
-- shown coaches' sums under the same rule (a coach's with nothing to say adds nothing). Twin:
-- reports/team_counts.py totals_counts.
CREATE FUNCTION team_count_totals(shown jsonb[]) RETURNS jsonb
LANGUAGE sql STABLE SET search_path = public, pg_temp AS $$
    WITH j AS (SELECT x FROM unnest(shown) AS x), why AS (
        SELECT f, CASE WHEN bool_or(x -> f ->> 'hidden' IN ('not a term', 'not fixed', 'not fixed yet'))
                           THEN 'not a term'
                       WHEN bool_or(x -> f ->> 'hidden' IS NOT NULL) THEN 'protects' END AS hidden,
               sum((x -> f ->> 'value')::bigint) AS total
        FROM unnest(ARRAY['active', 'started', 'completed']) AS f LEFT JOIN j ON true GROUP BY f
    ), n_of_m AS (  -- "N of M": student evidence and the stance movement
        SELECT f, CASE WHEN bool_or(x -> f ->> 'hidden' IN ('not a term', 'not fixed', 'not fixed yet'))
                           THEN 'not a term'
                       WHEN bool_or(x -> f ->> 'hidden' IS NOT NULL) THEN 'protects' END AS hidden,
               sum((x -> f ->> 'moved')::bigint) AS moved, sum((x -> f ->> 'of')::bigint) AS of
        FROM unnest(ARRAY['evidence', 'movement']) AS f LEFT JOIN j ON true GROUP BY f
    ), median AS (  -- the one shown coach's with completed cycles; with more than one, none
        SELECT coalesce((SELECT hidden FROM why WHERE f = 'completed'),
                        CASE WHEN (SELECT count(*) FROM j WHERE (x -> 'completed' ->> 'value')::bigint > 0) > 1
                             THEN 'protects' END) AS median_why,
               (SELECT x -> 'median_days' -> 'value' FROM j WHERE (x -> 'completed' ->> 'value')::bigint > 0
                LIMIT 1) AS one
    ), merged AS (  -- focus areas and reach by department: whether every shown coach's shows
        SELECT f, CASE WHEN bool_or(x -> f ->> 'hidden' IN ('not a term', 'not fixed', 'not fixed yet'))
                           THEN 'not a term'
                       WHEN bool_or(x -> f ->> 'hidden' IS NOT NULL) THEN 'protects' END AS hidden
        FROM unnest(ARRAY['focus', 'departments']) AS f LEFT JOIN j ON true GROUP BY f
    ), parts AS (  -- each shown coach's areas and departments, by name
        SELECT f, e.name, e.v
        FROM j CROSS JOIN unnest(ARRAY['focus', 'departments']) AS f
        CROSS JOIN LATERAL jsonb_each(CASE WHEN jsonb_typeof(x -> f -> 'value') = 'object' THEN x -> f -> 'value'
                                           ELSE '{}'::jsonb END) AS e(name, v)
    ), sums AS (  -- their sums by area (cycles) and by department (reached, staff)
        SELECT 'focus' AS f, jsonb_object_agg(name, total) AS value
        FROM (SELECT name, sum((v #>> '{}')::bigint) AS total FROM parts WHERE f = 'focus' GROUP BY name) AS y
        UNION ALL
        SELECT 'departments', jsonb_object_agg(name, jsonb_build_object('reached', reached, 'staff', staff))
        FROM (SELECT name, sum((v ->> 'reached')::bigint) AS reached, sum((v ->> 'staff')::bigint) AS staff
              FROM parts WHERE f = 'departments' GROUP BY name) AS y
    ), reach AS (
        SELECT CASE WHEN bool_or(x -> 'reach' ->> 'hidden' IS NOT NULL) THEN 'protects' END AS hidden,
               sum((x -> 'reach' ->> 'reached')::bigint) AS reached, sum((x -> 'reach' ->> 'staff')::bigint) AS staff
        FROM j WHERE x -> 'reach' ->> 'hidden' IS NOT NULL OR x -> 'reach' ->> 'staff' IS NOT NULL
    )
    SELECT jsonb_object_agg(f, jsonb_build_object('value', CASE WHEN hidden IS NULL THEN coalesce(total, 0) END,
                                                  'hidden', hidden))
           || jsonb_build_object(
               'median_days', jsonb_build_object(
                   'value', CASE WHEN (SELECT median_why FROM median) IS NULL THEN (SELECT one FROM median) END,
                   'hidden', (SELECT median_why FROM median)),
               'evidence', (SELECT jsonb_build_object('moved', CASE WHEN hidden IS NULL THEN moved END,
                                                      'of', CASE WHEN hidden IS NULL THEN of END, 'hidden', hidden)
                            FROM n_of_m WHERE f = 'evidence'),
               'reach', (SELECT jsonb_build_object('reached', CASE WHEN hidden IS NULL THEN reached END,
                                                   'staff', CASE WHEN hidden IS NULL THEN staff END, 'hidden', hidden)
                         FROM reach),
               'movement', (SELECT jsonb_build_object('moved', CASE WHEN hidden IS NULL THEN moved END,
                                                      'of', CASE WHEN hidden IS NULL THEN of END, 'hidden', hidden)
                            FROM n_of_m WHERE f = 'movement'))
           || (SELECT jsonb_object_agg(m.f, jsonb_build_object(
                          'value', CASE WHEN m.hidden IS NULL THEN (SELECT s.value FROM sums s WHERE s.f = m.f) END,
                          'hidden', m.hidden))
               FROM merged m)
    FROM why
$$
-- statement

CREATE FUNCTION team_coaches_of(rows team_row[], counts team_count[] DEFAULT '{}')
RETURNS TABLE (@COACHES_COLUMNS@)
LANGUAGE sql STABLE SET search_path = public, pg_temp AS $$
    SELECT coach, sessions, session_minutes, duty_minutes,
           CASE WHEN hidden & 1 = 0 THEN minutes[1] END,
           CASE WHEN hidden & 2 = 0 THEN minutes[2] END,
           CASE WHEN hidden & 4 = 0 THEN minutes[3] END,
           unions[7],
           team_why(hidden, 1, unions[1]), team_why(hidden, 2, unions[2]), team_why(hidden, 4, unions[4]),
           prep_minutes, CASE WHEN w.why IS NULL THEN cycle_minutes END, w.why,
           team_count_json((SELECT x FROM unnest(counts) AS x WHERE x.coach = r.coach LIMIT 1), r.unions[7])
    FROM unnest(rows) AS r CROSS JOIN LATERAL (
        SELECT team_why_cycles(r.cycle_teachers, r.outside_teachers, r.hidden, r.session_minutes, r.cycle_minutes,
                               r.minutes, r.in_unions, r.out_unions) AS why) AS w
    WHERE shown
    ORDER BY coach
$$
-- statement

CREATE FUNCTION team_totals_of(rows team_row[], counts team_count[] DEFAULT '{}')
RETURNS TABLE (@TOTALS_COLUMNS@)
LANGUAGE sql STABLE SET search_path = public, pg_temp AS $$
    -- Every figure in the totals (sessions, teachers reached, time with teachers, stance cells, in cycles, prep,
    -- duties) is the shown coaches' sum only: which coaches are left out changes with the range, an edit or a
    -- push, so two outputs would subtract to one left-out coach's figures. Of them, only their number shows.
    WITH r AS (
        SELECT * FROM unnest(rows)
    ), cells AS (  -- the shown coaches' withheld stance cells, by stance i (one rounded to 0 too: it hides time)
        SELECT i, r.unions[1 << (i - 1)] AS teachers
        FROM r CROSS JOIN generate_series(1, 3) AS i
        WHERE r.shown AND (r.minutes[i] > 0 OR r.unions[1 << (i - 1)] > 0) AND r.hidden & (1 << (i - 1)) <> 0
    ), withheld AS (
        SELECT i, count(*) AS entries, sum(teachers) AS teachers FROM cells GROUP BY i
    ), cycles_withheld AS (  -- the shown coaches' withheld times in cycles (of coaches who met teachers in
        -- cycles): the totals less the shown ones give their sum, and each is at most its time with teachers,
        -- so two of them would bound each other's from below: the totals' shows only when there is none
        SELECT count(*) > 0 AS protects FROM r
        WHERE shown AND cycle_teachers > 0
          AND team_why_cycles(cycle_teachers, outside_teachers, hidden, session_minutes, cycle_minutes, minutes,
                              in_unions, out_unions) IS NOT NULL
    ), totals AS (
        SELECT count(*) FILTER (WHERE shown) AS coaches_shown,
               count(*) FILTER (WHERE NOT shown) AS coaches_left_out,
               coalesce(sum(sessions) FILTER (WHERE shown), 0)::bigint AS sessions,
               coalesce(sum(unions[7]) FILTER (WHERE shown), 0)::bigint AS teachers_reached,
               coalesce(sum(session_minutes) FILTER (WHERE shown), 0)::bigint AS session_minutes,
               coalesce(sum(duty_minutes) FILTER (WHERE shown), 0)::bigint AS duty_minutes,
               coalesce(sum(prep_minutes) FILTER (WHERE shown), 0)::bigint AS prep_minutes,
               coalesce(sum(cycle_minutes) FILTER (WHERE shown), 0)::bigint AS cycle_minutes,
               coalesce(sum(cycle_teachers) FILTER (WHERE shown), 0)::bigint AS cycle_teachers,
               coalesce(sum(outside_teachers) FILTER (WHERE shown), 0)::bigint AS outside_teachers,
               ARRAY[coalesce(sum(minutes[1]) FILTER (WHERE shown), 0),
                     coalesce(sum(minutes[2]) FILTER (WHERE shown), 0),
                     coalesce(sum(minutes[3]) FILTER (WHERE shown), 0)]::bigint[] AS minutes,
               -- the teachers the times describe: the shown coaches' (each coach's counted as theirs)
               ARRAY(SELECT coalesce(sum(x.unions[m]) FILTER (WHERE x.shown), 0)
                     FROM generate_series(1, 7) AS m LEFT JOIN r x ON true
                     GROUP BY m ORDER BY m)::bigint[] AS unions,
               ARRAY(SELECT coalesce(sum(x.in_unions[m]) FILTER (WHERE x.shown), 0)
                     FROM generate_series(1, 7) AS m LEFT JOIN r x ON true
                     GROUP BY m ORDER BY m)::bigint[] AS in_unions,
               ARRAY(SELECT coalesce(sum(x.out_unions[m]) FILTER (WHERE x.shown), 0)
                     FROM generate_series(1, 7) AS m LEFT JOIN r x ON true
                     GROUP BY m ORDER BY m)::bigint[] AS out_unions
        FROM r
    ), decided AS (
        SELECT t.*, (SELECT protects FROM cycles_withheld) AS cycles_protect,
               team_totals_hide(team_min_group(),
                   team_small(t.unions)
                   | (SELECT coalesce(bit_or(1 << (w.i - 1)), 0) FROM withheld w
                      WHERE w.entries < 2 OR w.teachers < team_min_group()),
                   t.minutes, t.unions,
                   (SELECT coalesce(bit_or(1 << (w.i - 1)), 0) FROM withheld w), rows) AS hidden
        FROM totals t
    )
    SELECT coaches_shown, coaches_left_out, sessions, session_minutes, duty_minutes,
           CASE WHEN hidden & 1 = 0 THEN minutes[1] END,
           CASE WHEN hidden & 2 = 0 THEN minutes[2] END,
           CASE WHEN hidden & 4 = 0 THEN minutes[3] END,
           teachers_reached,
           team_why(hidden, 1, unions[1]), team_why(hidden, 2, unions[2]), team_why(hidden, 4, unions[4]),
           team_min_group(), prep_minutes,
           CASE WHEN why_cycles IS NULL THEN cycle_minutes END, why_cycles,
           team_count_totals(
               ARRAY(SELECT team_count_json((SELECT x FROM unnest(counts) AS x WHERE x.coach = y.coach LIMIT 1),
                                            y.unions[7])
                     FROM unnest(rows) AS y WHERE y.shown))
    FROM decided CROSS JOIN LATERAL (
        SELECT coalesce(team_why_cycles(cycle_teachers, outside_teachers, hidden, session_minutes, cycle_minutes,
                                        minutes, in_unions, out_unions),
                        CASE WHEN cycles_protect THEN 'protects' END) AS why_cycles) AS w
$$
-- statement

CREATE FUNCTION team_duties_of(rows team_row[]) RETURNS TABLE (@DUTIES_COLUMNS@)
LANGUAGE sql STABLE SET search_path = public, pg_temp AS $$
    SELECT k.kind, sum(r.duties[k.i])::bigint, count(*) FILTER (WHERE r.duties[k.i] > 0)
    FROM unnest(@DUTY_KINDS@) WITH ORDINALITY AS k(kind, i) CROSS JOIN unnest(rows) AS r
    WHERE r.shown  -- the shown coaches' only, as in team_totals_of
    GROUP BY k.kind, k.i
    HAVING sum(r.duties[k.i]) > 0
    ORDER BY k.kind
$$
-- statement

CREATE FUNCTION team_coaches(from_date date DEFAULT NULL, to_date date DEFAULT NULL)
RETURNS TABLE (@COACHES_COLUMNS@) LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT * FROM team_coaches_of(ARRAY(SELECT r FROM team_rows(from_date, to_date) r),
                                  ARRAY(SELECT c FROM team_counts(from_date, to_date) c))
$$
-- statement

CREATE FUNCTION team_totals(from_date date DEFAULT NULL, to_date date DEFAULT NULL)
RETURNS TABLE (@TOTALS_COLUMNS@) LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT * FROM team_totals_of(ARRAY(SELECT r FROM team_rows(from_date, to_date) r),
                                 ARRAY(SELECT c FROM team_counts(from_date, to_date) c))
$$
-- statement

CREATE FUNCTION team_duties(from_date date DEFAULT NULL, to_date date DEFAULT NULL)
RETURNS TABLE (@DUTIES_COLUMNS@) LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT * FROM team_duties_of(ARRAY(SELECT r FROM team_rows(from_date, to_date) r))
$$
-- statement

CREATE FUNCTION team_report(from_date date DEFAULT NULL, to_date date DEFAULT NULL) RETURNS jsonb
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    WITH data AS MATERIALIZED (SELECT ARRAY(SELECT r FROM team_rows(from_date, to_date) r) AS rows,
                                      ARRAY(SELECT c FROM team_counts(from_date, to_date) c) AS counts)
    SELECT jsonb_build_object(
        'rules', @RULES@,  -- the version of these rules: storage/team.py refuses older functions
        'coaches', (SELECT coalesce(jsonb_agg(to_jsonb(c) ORDER BY c.coach), '[]'::jsonb)
                    FROM team_coaches_of(data.rows, data.counts) c),
        'totals', (SELECT to_jsonb(t) FROM team_totals_of(data.rows, data.counts) t),
        'duties', (SELECT coalesce(jsonb_agg(to_jsonb(d) ORDER BY d.duty_kind), '[]'::jsonb)
                   FROM team_duties_of(data.rows) d))
    FROM data
$$
-- statement
CREATE FUNCTION team_join() RETURNS boolean
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT coachlog_team.enrol(session_user::text, true)
$$
-- statement
CREATE VIEW team_coaches_all_time AS SELECT * FROM team_coaches(NULL, NULL)
-- statement
CREATE VIEW team_totals_all_time AS SELECT * FROM team_totals(NULL, NULL)
-- statement
CREATE VIEW team_duties_all_time AS SELECT * FROM team_duties(NULL, NULL)
-- statement

DO $$
DECLARE
    f regprocedure;
BEGIN
    FOR f IN SELECT p.oid::regprocedure FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
             WHERE n.nspname = 'public' AND p.proname LIKE 'team\_%' LOOP
        EXECUTE 'REVOKE ALL ON FUNCTION ' || f::text || ' FROM PUBLIC';
    END LOOP;
END
$$
-- statement
GRANT EXECUTE ON FUNCTION team_coaches(date, date), team_totals(date, date), team_duties(date, date), team_report(date, date) TO {coordinator}
-- statement
GRANT SELECT ON team_coaches_all_time, team_totals_all_time, team_duties_all_time TO {coordinator}
-- statement
GRANT EXECUTE ON FUNCTION team_join() TO {coach}
