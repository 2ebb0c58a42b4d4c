// PDF.js ships its worker module without types; the reader only hands it to PDF.js.
declare module 'pdfjs-dist/legacy/build/pdf.worker.mjs' {
  export const WorkerMessageHandler: unknown;
}
