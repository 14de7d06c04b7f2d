import { defineRule } from './define.js';
import { blockingLock, reportFirst, timeoutTracker, type BlockingStatement } from './require-lock-timeout.js';

export default defineRule({
  meta: {
    id: 'require-statement-timeout',
    description: 'Require statement_timeout to be set before statements that take blocking locks on existing tables',
    category: 'hygiene',
    severity: 'warning',
    recommended: false,
    messages: {
      missing:
        '{{statement}} takes {{lock}} on {{table}} with no statement_timeout set earlier in this file: nothing bounds how long it waits for and then holds the lock, while every later {{blocked}} on {{table}} queues behind it{{more}}.',
    },
    fix: "Set a statement_timeout sized for the migration before it (SET statement_timeout = '15min';, SET LOCAL inside a transaction), together with a short lock_timeout.",
  },
  create(ctx) {
    const statementTimeout = timeoutTracker('statement_timeout');
    const affected: BlockingStatement[] = [];
    return {
      Statement(stmt) {
        if (!statementTimeout.active(stmt)) {
          const blocking = blockingLock(ctx, stmt);
          if (blocking) affected.push(blocking);
        }
        statementTimeout.apply(stmt);
      },
      'File:exit'() {
        reportFirst(ctx, affected);
      },
    };
  },
});
