/** The version written into every warehouse row; kept equal to package.json's by a test. */
export const PIPELINE_VERSION = '0.1.0';
