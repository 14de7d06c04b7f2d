-- No CHECK at all: a full scan of measurements_2024 under ACCESS EXCLUSIVE.
-- expect
ALTER TABLE measurements ATTACH PARTITION measurements_2024 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');

-- A NOT VALID CHECK is not used to skip the scan until it is validated.
ALTER TABLE measurements_2025 ADD CONSTRAINT measurements_2025_bound
  CHECK (taken_at >= '2025-01-01' AND taken_at < '2026-01-01') NOT VALID;
-- expect
ALTER TABLE measurements ATTACH PARTITION measurements_2025 FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');

-- The partition key of a table created in this file is known: a CHECK on another column proves nothing.
CREATE TABLE events (id bigint, at date NOT NULL, kind text) PARTITION BY RANGE (at);
ALTER TABLE events_2024 ADD CONSTRAINT events_2024_kind_check CHECK (kind <> '');
-- expect
ALTER TABLE events ATTACH PARTITION events_2024 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');

-- The CHECK covers the key, but the key column may hold NULL, which a range partition rejects: still a scan.
ALTER TABLE events_2024_07 ADD CONSTRAINT events_2024_07_bound CHECK (at >= '2024-07-01' AND at < '2024-08-01');
-- expect
ALTER TABLE events ATTACH PARTITION events_2024_07 FOR VALUES FROM ('2024-07-01') TO ('2024-08-01');

-- Unknown table: counts as existing, and nothing is known about its constraints.
-- expect
ALTER TABLE measurements ATTACH PARTITION measurements_2019 FOR VALUES FROM ('2019-01-01') TO ('2020-01-01');

-- Near misses: a table created in this change is empty; a CHECK validated before the attach.
CREATE TABLE measurements_2026 (LIKE measurements INCLUDING ALL);
ALTER TABLE measurements ATTACH PARTITION measurements_2026 FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
ALTER TABLE measurements_2025 VALIDATE CONSTRAINT measurements_2025_bound;
ALTER TABLE measurements ATTACH PARTITION measurements_2025 FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
