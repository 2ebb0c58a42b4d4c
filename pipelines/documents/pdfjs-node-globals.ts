/**
 * PDF.js builds a `DOMMatrix` as soon as it loads. Node has none, and PDF.js takes one from the
 * optional native canvas package, which is not bundled into the Lambda: without this shim the
 * PDF reader would fail to load there. Reading a text layer draws nothing, so a shim is enough.
 * Imported before PDF.js, so it is in place when PDF.js loads.
 */
import CSSMatrix from '@thednp/dommatrix';

const globals = globalThis as { DOMMatrix?: unknown };
globals.DOMMatrix ??= CSSMatrix;
