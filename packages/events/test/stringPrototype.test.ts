import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * V8's own answer (%HasFastProperties, a natives-syntax intrinsic) from a separate node process:
 * the built package, a String subclass declared as ioredis declares VerbatimString, and the fix.
 */
function prototypeStates(script: string): Record<string, boolean> {
  const events = join(__dirname, '..', 'dist', 'index.js');
  const source = `const { keepStringPrototypeFast } = require(${JSON.stringify(events)});\n${script}`;
  return JSON.parse(execFileSync(process.execPath, ['--allow-natives-syntax', '-e', source], { encoding: 'utf8' })) as Record<string, boolean>;
}

describe('keepStringPrototypeFast', () => {
  it('makes String.prototype fast again after a class extends String, and keeps it so', () => {
    const states = prototypeStates(`
      class VerbatimString extends String {}
      const subclassed = %HasFastProperties(String.prototype);
      keepStringPrototypeFast();
      const kept = %HasFastProperties(String.prototype);
      class Later extends String {}
      console.log(JSON.stringify({ subclassed, kept, later: %HasFastProperties(String.prototype) }));
    `);
    // The first answer shows the problem is real in this V8: without it the others prove nothing.
    expect(states).toEqual({ subclassed: false, kept: true, later: true });
  });

  it('called before any subclass exists, keeps String.prototype from turning slow', () => {
    const states = prototypeStates(`
      keepStringPrototypeFast();
      class VerbatimString extends String {}
      console.log(JSON.stringify({ subclassed: %HasFastProperties(String.prototype) }));
    `);
    expect(states).toEqual({ subclassed: true });
  });
});
