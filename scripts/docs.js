// Regenerates docs/BLUEPRINT.md from the built schema (run `npm run build` first; `npm run docs` does both).
import { writeFileSync } from 'node:fs';
import { renderBlueprintReference } from '../dist/blueprint/reference.js';

writeFileSync(new URL('../docs/BLUEPRINT.md', import.meta.url), renderBlueprintReference());
console.log('wrote docs/BLUEPRINT.md');
