/**
 * Finds and reads the config file and merges it under explicit settings (flags or action inputs win).
 */
import { readFile, access } from 'node:fs/promises';
import { join } from 'node:path';
import { CONFIG_FILE_NAMES, ConfigError, defaultOptions, parseConfig, type Options } from './config.js';

export async function loadOptions(explicit: Partial<Options>, configPath: string | undefined, cwd: string): Promise<Options> {
  const path = configPath ?? (await findConfig(cwd));
  let fromFile: Partial<Options> = {};
  if (path) {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      throw new ConfigError(`Cannot read config file ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
    fromFile = parseConfig(text, path);
  }
  const defined = Object.fromEntries(Object.entries(explicit).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0)));
  const merged = { ...defaultOptions(), ...fromFile, ...defined, rules: { ...fromFile.rules, ...explicit.rules } };
  // A --production-rows on the command line sets the default; the config's per-table counts still apply.
  if (explicit.productionRows && fromFile.productionRows) {
    merged.productionRows = {
      default: explicit.productionRows.default ?? fromFile.productionRows.default,
      perTable: { ...fromFile.productionRows.perTable, ...explicit.productionRows.perTable },
    };
  }
  return merged;
}

async function findConfig(cwd: string): Promise<string | undefined> {
  for (const name of CONFIG_FILE_NAMES) {
    const candidate = join(cwd, name);
    try {
      await access(candidate);
      return candidate;
    } catch {
      // not there; try the next name
    }
  }
  return undefined;
}
