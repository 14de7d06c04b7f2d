-- The recipe: CHECK matching the bound, NOT VALID, then VALIDATE, then ATTACH (no scan), then drop the CHECK.
ALTER TABLE measurements_2024 ADD CONSTRAINT measurements_2024_bound
  CHECK (taken_at >= '2024-01-01' AND taken_at < '2025-01-01') NOT VALID;
ALTER TABLE measurements_2024 VALIDATE CONSTRAINT measurements_2024_bound;
ALTER TABLE measurements ATTACH PARTITION measurements_2024 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
ALTER TABLE measurements_2024 DROP CONSTRAINT measurements_2024_bound;

-- A validated CHECK from an earlier migration: its expression is not recorded, so we trust it.
ALTER TABLE measurements ATTACH PARTITION measurements_archive FOR VALUES FROM (MINVALUE) TO ('2020-01-01');

-- Key known from this file; the CHECK proves the key NOT NULL itself.
CREATE TABLE events (id bigint, at date NOT NULL, kind text) PARTITION BY RANGE (at);
ALTER TABLE events_2024_07 ADD CONSTRAINT events_2024_07_bound
  CHECK (at IS NOT NULL AND at >= '2024-07-01' AND at < '2024-08-01') NOT VALID;
ALTER TABLE events_2024_07 VALIDATE CONSTRAINT events_2024_07_bound;
ALTER TABLE events ATTACH PARTITION events_2024_07 FOR VALUES FROM ('2024-07-01') TO ('2024-08-01');

-- A partition created by this change is empty: nothing to scan.
CREATE TABLE measurements_2026 (id bigint, taken_at timestamptz NOT NULL, value numeric);
ALTER TABLE measurements ATTACH PARTITION measurements_2026 FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
