CREATE TABLE measurements (id bigint, taken_at timestamptz NOT NULL, value numeric) PARTITION BY RANGE (taken_at);
CREATE TABLE measurements_2023 PARTITION OF measurements FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');
CREATE TABLE measurements_2024 PARTITION OF measurements FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE SCHEMA app;
CREATE TABLE app."Events" (id bigint, kind text NOT NULL) PARTITION BY LIST (kind);
CREATE TABLE app.events_click PARTITION OF app."Events" FOR VALUES IN ('click');
CREATE TABLE app.events_view PARTITION OF app."Events" FOR VALUES IN ('view');
