export { parseSql, loadParser, spanOf, splitStatements } from './parse-sql.js';
export type { ParsedSql, ParsedStatement, SqlComment, SyntaxError, ParseOptions } from './parse-sql.js';
export { LineIndex } from './positions.js';
export { findPlaceholders } from './templates.js';
export type { Placeholder } from './templates.js';
