import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const pkg = require('../package.json') as { version: string };

/** The sra-kit package version, read from package.json. */
export const VERSION: string = pkg.version;
