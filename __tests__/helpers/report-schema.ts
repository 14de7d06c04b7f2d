import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020Module from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

// CommonJS packages: under NodeNext the default import is `module.exports`, whose `.default` is the export we want.
const Ajv2020 = Ajv2020Module.default;
const addFormats = addFormatsModule.default;

/** A validator for the published JSON report schema (schema/report.schema.json). */
export function reportValidator() {
  const schema = JSON.parse(readFileSync(join(process.cwd(), 'schema/report.schema.json'), 'utf8'));
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats(ajv);
  return ajv.compile(schema);
}
