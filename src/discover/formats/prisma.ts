import { migrationFile } from '../migration-file.js';
import { dirName, joinPath } from '../paths.js';
import type { LoadSet } from '../set.js';

/** `<timestamp>_<name>/migration.sql`; Prisma orders by folder name and sends each file as one query. */
export const loadPrisma: LoadSet = async (set, ctx) =>
  Promise.all(
    set.files.map(async (rel) => {
      const path = joinPath(set.dir, rel);
      const folder = dirName(rel);
      return {
        key: [0n, folder],
        file: migrationFile({
          path,
          format: 'prisma',
          source: await ctx.read(path),
          transaction: 'implicit',
          version: folder,
        }),
      };
    }),
  );
