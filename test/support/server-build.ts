import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transform } from 'esbuild';

// Tests that run the server as a process of its own (start-up, signals, crashes, several instances) run
// src/ transpiled to JavaScript, as `npm start` runs dist/: under `node --import tsx` every start cost
// about 3.5 s more CPU (its loader transforms and resolves each of the app's modules again).
// The build is named by a hash of src/ and kept until src/ changes; it takes well under a second.

const root = fileURLToPath(new URL('../..', import.meta.url));
const buildRoot = join(root, '.test-build');

function sources(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return sources(path);
      return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [path] : [];
    });
}

let built: Promise<string> | undefined;

/** The directory of the transpiled src/ (server.js, cli/rotate-keys.js, ...), built on first use. */
export function serverBuild(): Promise<string> {
  built ??= build();
  return built;
}

async function build(): Promise<string> {
  const files = sources(join(root, 'src'));
  const hash = createHash('sha256');
  for (const file of files) hash.update(relative(root, file)).update(readFileSync(file));
  const target = join(buildRoot, hash.digest('hex').slice(0, 12));
  if (existsSync(target)) return target;
  mkdirSync(buildRoot, { recursive: true });
  // src/db/migrate.ts finds migrations/ two levels above itself, as from dist/db/migrate.js.
  if (!existsSync(join(buildRoot, 'migrations'))) {
    try {
      symlinkSync(join(root, 'migrations'), join(buildRoot, 'migrations'), 'dir');
    } catch (error) {
      if (!existsSync(join(buildRoot, 'migrations'))) throw error;
    }
  }
  const work = mkdtempSync(join(buildRoot, 'building-'));
  for (const file of files) {
    const out = join(work, relative(join(root, 'src'), file)).replace(/\.ts$/, '.js');
    const { code } = await transform(readFileSync(file, 'utf8'), {
      loader: 'ts',
      format: 'esm',
      target: 'node20',
      sourcefile: file,
    });
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, code);
  }
  // Atomic, so a concurrent run never starts a half-written build; of two builders, one wins.
  try {
    renameSync(work, target);
  } catch (error) {
    rmSync(work, { recursive: true, force: true });
    if (!existsSync(target)) throw error;
  }
  // Builds of earlier versions of src/ are of no more use.
  for (const name of readdirSync(buildRoot)) {
    if (/^[0-9a-f]{12}$/.test(name) && join(buildRoot, name) !== target) {
      rmSync(join(buildRoot, name), { recursive: true, force: true });
    }
  }
  return target;
}
