-- Exactly 63 bytes is the limit, and fits.
CREATE TABLE aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa (id bigint PRIMARY KEY);
CREATE INDEX idx_post_aggregates_featured_community_newest_comment_time ON post_aggregates (community_id, featured_community DESC, newest_comment_time DESC);
-- Names Postgres generates itself are shortened without colliding (e.g. for this long unnamed index).
CREATE INDEX ON aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa (id);
ALTER TABLE users RENAME COLUMN wants_marketing TO marketing_opt_in;
-- Long string literals and comments are not identifiers.
COMMENT ON TABLE users IS 'a very long comment that is certainly longer than sixty-three bytes, but it is a string';
