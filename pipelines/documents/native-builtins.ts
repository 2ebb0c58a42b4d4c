/**
 * PDF.js's legacy build (the one for Node 20) carries core-js, which puts its own `JSON.parse`,
 * `JSON.stringify` and `Array.prototype.push` over Node's for the whole process, for proposals
 * Node 20 lacks and the readers never use. Each is several times slower, and every array built and
 * every row staged as JSON after PDF.js has loaded would pay for it. This module is imported
 * before PDF.js, so it holds Node's own; `restoreNativeBuiltins` puts them back once PDF.js has loaded.
 */
const parse = JSON.parse;
const stringify = JSON.stringify;
const push = Array.prototype.push;

export function restoreNativeBuiltins(): void {
  JSON.parse = parse;
  JSON.stringify = stringify;
  Array.prototype.push = push;
}
