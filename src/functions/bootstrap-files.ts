/**
 * Our runtime bootstraps are plain .cjs/.py files that tsc does not copy to dist/, so they are
 * found from the package root (the nearest package.json above this module), from src/ or dist/ alike.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

function packageRoot(): string {
  if (root) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('package.json not found above src/functions');
    dir = parent;
  }
  return (root = dir);
}

export function nodeBootstrap(): string {
  return join(packageRoot(), 'src', 'functions', 'bootstrap', 'node', 'index.cjs');
}

export function pythonBootstrap(): string {
  return join(packageRoot(), 'src', 'functions', 'bootstrap', 'python', 'bootstrap.py');
}
