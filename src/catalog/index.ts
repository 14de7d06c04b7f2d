export * from './types.js';
export { applyStatement, defaultName, notNullCheckColumn } from './apply.js';
export type { CatalogStatement } from './apply.js';
