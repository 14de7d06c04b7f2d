/**
 * action.yml, the code that reads inputs and sets outputs, and docs/github-action.md agree: an input the code reads
 * but action.yml does not declare is silently empty on GitHub, and a documented example with a misspelt input is
 * one nobody can copy.
 */
import { readFileSync } from 'node:fs';
import { parse, parseAllDocuments } from 'yaml';

const actionYml = parse(readFileSync('action.yml', 'utf8')) as {
  runs: { using: string; main: string };
  branding: { icon: string; color: string };
  inputs: Record<string, { default?: string; description: string }>;
  outputs: Record<string, { description: string }>;
};
const inputsTs = readFileSync('src/inputs.ts', 'utf8');
const actionTs = readFileSync('src/action.ts', 'utf8');
const docs = readFileSync('docs/github-action.md', 'utf8');

const readInputs = new Set([...inputsTs.matchAll(/(?:getInput|getMultilineInput|readBoolean)\('([a-z-]+)'/g)].map((m) => m[1]!));
const setOutputs = new Set([...actionTs.matchAll(/setOutput\('([a-z-]+)'/g)].map((m) => m[1]!));

test('runs on node24 from the bundle, with branding', () => {
  expect(actionYml.runs).toEqual({ using: 'node24', main: 'dist/index.js' });
  expect(actionYml.branding.icon).toBeTruthy();
  expect(actionYml.branding.color).toBeTruthy();
});

test('declared inputs are exactly those the code reads', () => {
  expect(Object.keys(actionYml.inputs).sort()).toEqual([...readInputs].sort());
  expect(actionYml.inputs['github-token']!.default).toBe('${{ github.token }}');
  expect(actionYml.inputs['fail-on']!.default).toBe('error');
  expect(actionYml.inputs.command!.default).toBe('/migrascope');
  expect(actionYml.inputs.comment!.default).toBe('true');
});

test('declared outputs are exactly those the code sets', () => {
  expect(Object.keys(actionYml.outputs).sort()).toEqual([...setOutputs].sort());
});

test('the docs describe every input and output', () => {
  for (const name of [...Object.keys(actionYml.inputs), ...Object.keys(actionYml.outputs)]) expect(docs).toContain(`\`${name}\``);
});

test('every workflow example in the docs is valid YAML and uses only real inputs', () => {
  const blocks = [...docs.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!);
  expect(blocks.length).toBeGreaterThanOrEqual(4);
  let uses = 0;
  for (const block of blocks) {
    const [doc] = parseAllDocuments(block);
    expect(doc!.errors).toEqual([]);
    for (const step of collectSteps(doc!.toJSON())) {
      if (typeof step.uses !== 'string' || !step.uses.startsWith('migrascope/migrascope@')) continue;
      uses++;
      for (const key of Object.keys(step.with ?? {})) expect(Object.keys(actionYml.inputs)).toContain(key);
    }
  }
  expect(uses).toBeGreaterThanOrEqual(3);
});

test('the documented service container and permissions are the ones the issue asks for', () => {
  expect(docs).toContain('image: postgres:17');
  expect(docs).toContain('--health-cmd "pg_isready -h 127.0.0.1"');
  expect(docs).toContain("postgres://postgres:postgres@localhost:${{ job.services.postgres.ports['5432'] }}/postgres");
  for (const permission of ['pull-requests: write', 'statuses: write', 'contents: read']) expect(docs).toContain(permission);
  expect(docs).toMatch(/issue_comment:\n\s+types: \[created\]/);
});

interface Step {
  uses?: unknown;
  with?: Record<string, unknown>;
}

function collectSteps(value: unknown): Step[] {
  if (Array.isArray(value)) return value.flatMap(collectSteps);
  if (!value || typeof value !== 'object') return [];
  const obj = value as Record<string, unknown>;
  const here = 'uses' in obj ? [obj as Step] : [];
  return [...here, ...Object.values(obj).flatMap(collectSteps)];
}
