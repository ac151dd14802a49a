import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';

// ARCHITECTURE.md's layers, read from the imports themselves: the domain folders and each folder of infra/.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const LAYERS = ['events', 'services', 'projections', 'infra'];

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sources(full);
    return full.endsWith('.ts') ? [full] : [];
  });
}

/** `events`, `services`, `projections`, or `infra/<folder>` (`infra` for a file at infra's root). */
function folderOf(file: string): string | null {
  const parts = path.relative(root, file).split(path.sep);
  if (!LAYERS.includes(parts[0]!)) return null;
  if (parts[0] !== 'infra') return parts[0]!;
  return parts.length > 2 ? `infra/${parts[1]!}` : 'infra';
}

const IMPORT = /(?:import|export)\s[^'"]*?from\s+['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g;

/** folder → folders it imports, with one file that does, for the message. */
function edges(): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  for (const file of LAYERS.flatMap((layer) => sources(path.join(root, layer)))) {
    const from = folderOf(file)!;
    for (const match of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      const to = folderOf(path.resolve(path.dirname(file), (match[1] ?? match[2])!));
      if (to === null || to === from) continue;
      if (!out.has(from)) out.set(from, new Map());
      if (!out.get(from)!.has(to)) out.get(from)!.set(to, path.relative(root, file));
    }
  }
  return out;
}

describe('folder dependencies (ARCHITECTURE.md)', () => {
  const graph = edges();
  const imports = (from: string): string[] => [...(graph.get(from)?.keys() ?? [])].sort();

  it('no two folders import each other', () => {
    const both: string[] = [];
    for (const [from, targets] of graph) {
      for (const [to, file] of targets) {
        if (from < to && graph.get(to)?.has(from)) both.push(`${from} ⇄ ${to} (${file}; ${graph.get(to)!.get(from)!})`);
      }
    }
    expect(both).to.deep.equal([]);
  });

  it('the domain depends inward only: events on nothing, services on events, projections on both', () => {
    expect(imports('events')).to.deep.equal([]);
    expect(imports('services')).to.deep.equal(['events']);
    expect(imports('projections').filter((f) => f.startsWith('infra'))).to.deep.equal([]);
  });

  it('the HTTP layer and the CLI reach the rest through the application layer, and nothing below imports them', () => {
    for (const below of ['infra/application', 'infra/commands', 'infra/store', 'infra/read-models', 'infra/projections', 'infra/process-managers', 'infra/seed']) {
      expect(imports(below).filter((f) => ['infra/http', 'infra/cli', 'infra/composition'].includes(f)), below).to.deep.equal([]);
    }
  });
});

// The web console (web/src) runs in the browser on the public HTTP API only: it imports nothing of the server
// (its types are written from the OpenAPI document), and only the browser libraries it is built with.
describe('folder dependencies: the web console (web/src)', () => {
  const BROWSER_PACKAGES = ['vue', 'vue-router', 'vue-i18n', 'element-plus', 'echarts'];
  const webSources = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) return webSources(full);
      return /\.(ts|vue)$/.test(full) ? [full] : [];
    });
  const ANY_IMPORT = /(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|import\s+['"]([^'"]+)['"]/g;
  const webSrc = path.join(root, 'web', 'src');

  it('imports only its own files and the browser libraries, never the server', () => {
    const wrong: string[] = [];
    for (const file of webSources(webSrc)) {
      for (const match of readFileSync(file, 'utf8').matchAll(ANY_IMPORT)) {
        const target = (match[1] ?? match[2] ?? match[3])!;
        const where = path.relative(root, file);
        if (target.startsWith('.')) {
          if (path.relative(webSrc, path.resolve(path.dirname(file), target)).startsWith('..')) wrong.push(`${where} → ${target}`);
        } else if (!BROWSER_PACKAGES.includes(target.split('/')[0]!)) {
          wrong.push(`${where} → ${target}`);
        }
      }
    }
    expect(wrong).to.deep.equal([]);
  });
});
