-- fixture: transaction=none
ALTER TABLE measurements DETACH PARTITION measurements_2023 CONCURRENTLY;
ALTER TABLE measurements DETACH PARTITION measurements_2023 FINALIZE;

-- A partitioned table created by this change has no traffic yet.
CREATE TABLE logs (id bigint, at date NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE logs_2024 PARTITION OF logs FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
ALTER TABLE logs DETACH PARTITION logs_2024;
