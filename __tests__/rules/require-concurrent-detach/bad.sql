-- expect
ALTER TABLE measurements DETACH PARTITION measurements_2023;

-- expect
ALTER TABLE IF EXISTS app."Events" DETACH PARTITION app.events_click;

-- A DEFAULT partition rules out CONCURRENTLY: the message says so.
CREATE TABLE app.events_other PARTITION OF app."Events" DEFAULT;
-- expect
ALTER TABLE app."Events" DETACH PARTITION app.events_view;

-- Near misses: concurrent detach, finishing an interrupted one, and a partitioned table created in this change.
ALTER TABLE measurements DETACH PARTITION measurements_2024 CONCURRENTLY;
ALTER TABLE measurements DETACH PARTITION measurements_2024 FINALIZE;
CREATE TABLE logs (id bigint, at date NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE logs_2024 PARTITION OF logs FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
ALTER TABLE logs DETACH PARTITION logs_2024;
