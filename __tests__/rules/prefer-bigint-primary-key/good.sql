CREATE TABLE users (id bigserial PRIMARY KEY, email text NOT NULL);
CREATE TABLE documents (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, owner_id bigint REFERENCES users);
CREATE TABLE sessions (id uuid PRIMARY KEY DEFAULT gen_random_uuid());
CREATE TABLE countries (code text PRIMARY KEY);
-- A one-to-one extension table: its key takes the values of the referenced key.
CREATE TABLE user_settings (user_id int PRIMARY KEY REFERENCES legacy_users (id), theme text);
-- Prisma adds the foreign key later in the same file.
CREATE TABLE "TeamEmail" ("teamId" integer NOT NULL, "email" text NOT NULL, CONSTRAINT "TeamEmail_pkey" PRIMARY KEY ("teamId"));
ALTER TABLE "TeamEmail" ADD CONSTRAINT "TeamEmail_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES legacy_teams ("id");
-- Composite keys.
CREATE TABLE team_members (team_id int NOT NULL, user_id int NOT NULL, PRIMARY KEY (team_id, user_id));
ALTER TABLE teams ADD COLUMN position integer GENERATED ALWAYS AS (1) STORED;
