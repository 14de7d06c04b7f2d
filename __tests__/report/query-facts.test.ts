import { costChange, formatCost, planLines, querySummary, shapeChange, shapeSummary, sortQueries } from '../../src/report/query-facts.js';
import { schemaChangeCounts, schemaChangeLine } from '../../src/report/schema-diff-lines.js';
import { makeQueries, makeSchemaDiff, plan } from './report-fixture.js';

describe('query facts', () => {
  it('sorts regressed first, then changed, improved, same, keeping report order within a verdict', () => {
    expect(sortQueries(makeQueries()).map((q) => q.name)).toEqual(['users_by_email', 'user_emails', 'orders_per_day', 'orders_by_customer', 'users_by_id']);
    expect(querySummary(makeQueries())).toBe('5 queries: 2 regressed, 1 changed, 1 improved, 1 same');
  });

  it.each([
    [8.271, '8.27'],
    [96.5, '96.5'],
    [4210.4, '4,210'],
    [18334, '18,334'],
    [0, '0'],
  ])('formatCost(%p) = %p', (cost, text) => expect(formatCost(cost)).toBe(text));

  it('sums a plan up in a few words, tree markup dropped, long ones cut', () => {
    expect(shapeSummary(plan(['Limit', '  ->  Index Scan using users_pkey on public.users'], 3, null))).toBe('Limit › Index Scan using users_pkey on public.users');
    expect(shapeSummary(null)).toBe('—');
    expect(shapeSummary({ ...plan([], 0, null), error: { sqlstate: '42703', message: 'x' } })).toBe('fails (42703)');
    const long = shapeSummary(plan(Array.from({ length: 20 }, (_, i) => `Nested Loop ${i}`), 1, null));
    expect(long).toHaveLength(80);
    expect(long.endsWith('…')).toBe(true);
  });

  it('shows one shape when before and after read the same, and costs on both sides', () => {
    const [same, improved, , , broken] = makeQueries();
    expect(shapeChange(same!)).toBe('Index Scan using users_pkey on public.users');
    expect(shapeChange(improved!)).toBe('Seq Scan on public.orders → Bitmap Heap Scan on public.orders › Bitmap Index Scan on idx_orders_customer');
    expect(costChange(broken!)).toBe('3.1 → —');
  });

  it('lists a plan node by node under its figures, and cuts very long plans', () => {
    expect(planLines('after', plan(['Seq Scan on public.users'], 4210, null))).toEqual(['after (cost 4,210):', '  Seq Scan on public.users']);
    const lines = planLines('before', plan(Array.from({ length: 45 }, (_, i) => `Node ${i}`), 1, 2));
    expect(lines[0]).toBe('before (cost 1, 2.0 ms):');
    expect(lines).toHaveLength(32);
    expect(lines[31]).toBe('  … and 15 more nodes');
  });
});

describe('schema diff lines', () => {
  it('writes added, dropped and changed objects compactly', () => {
    expect(makeSchemaDiff().map(schemaChangeLine)).toEqual([
      '+ table public.audit_log',
      '+ column public.audit_log.id integer NOT NULL',
      "+ column public.orders.note character varying(255) DEFAULT '``` fences | pipes <b>bold</b> & @someone'",
      '+ index public.idx_orders_customer CREATE INDEX idx_orders_customer ON public.orders USING btree (customer_id)',
      '- index public.users_lower_email_idx',
      '- column public.users.email',
      '~ column public."café".prix: integer → numeric(12,2)',
    ]);
    expect(schemaChangeCounts(makeSchemaDiff())).toBe('4 added, 2 dropped, 1 changed');
  });

  it('cuts long definitions', () => {
    const line = schemaChangeLine({ kind: 'constraint', name: 'public.t.c', change: 'changed', before: 'x'.repeat(300), after: 'CHECK (a > 0)' });
    expect(line).toBe(`~ constraint public.t.c: ${'x'.repeat(119)}… → CHECK (a > 0)`);
  });
});
