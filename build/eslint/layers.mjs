// ESLint rule that enforces PersistCert's layers by runtime (as VS Code and Signal do):
//   shared/          pure TypeScript: imports only shared/ and the pure packages listed below
//   renderer/        the sandboxed UI: imports only renderer/, shared/ and UI packages
//   electron/shell/  the thin Electron shell: the only code that may import 'electron'
//   electron/core/   the Electron-free core: plain Node, never 'electron', never its adapters
//   electron/cli/, electron/web-host/  thin adapters over the core (the CLI serves the web host)
// A package nobody has placed in a layer fails lint for shared/ and renderer/, so a new
// dependency is a deliberate decision rather than an accident.
import { builtinModules } from 'node:module';
import path from 'node:path';

const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
const SHARED_PACKAGES = new Set(['zod', '@noble/hashes']);
// Single modules of otherwise Node-aware packages that are pure (jose's base64url codec).
const SHARED_MODULES = new Set(['jose/base64url']);
const RENDERER_PACKAGES = new Set(['react', 'react-dom', 'zustand', 'zod', '@noble/hashes']);

/** Which layer a repository-relative path belongs to. */
export function layerOf(relPath) {
  const p = relPath.split(path.sep).join('/');
  if (p.startsWith('shared/')) return 'shared';
  if (p.startsWith('renderer/')) return 'renderer';
  if (p.startsWith('electron/shell/')) return 'shell';
  if (p.startsWith('electron/cli/') || p.startsWith('electron/web-host/')) return 'adapter';
  if (p.startsWith('electron/')) return 'core';
  if (p.startsWith('test/')) return 'test';
  return 'tooling';
}

function packageName(spec) {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** Returns why `spec`, imported from a file in `fromLayer`, breaks the layering; or null. */
export function violation(fromLayer, spec, targetLayer) {
  if (targetLayer) {
    const allowed = {
      shared: ['shared'],
      renderer: ['renderer', 'shared'],
      core: ['core', 'shared'],
      adapter: ['adapter', 'core', 'shared'],
      shell: ['shell', 'core', 'shared'],
      test: ['shared', 'renderer', 'core', 'adapter', 'shell', 'test', 'tooling'],
      tooling: ['shared', 'renderer', 'core', 'adapter', 'shell', 'test', 'tooling'],
    }[fromLayer];
    return allowed.includes(targetLayer) ? null : `${fromLayer} code may not import from ${targetLayer}/`;
  }
  const name = packageName(spec);
  if (name === 'electron') {
    return fromLayer === 'shell' ? null : "only the thin shell under electron/shell/ may import 'electron'";
  }
  if (fromLayer === 'shared') {
    if (NODE_BUILTINS.has(spec) || NODE_BUILTINS.has(name)) return 'shared/ is pure TypeScript: no Node modules';
    if (SHARED_MODULES.has(spec)) return null;
    return SHARED_PACKAGES.has(name)
      ? null
      : `shared/ may only use the pure packages ${[...SHARED_PACKAGES, ...SHARED_MODULES].join(', ')}`;
  }
  if (fromLayer === 'renderer') {
    if (NODE_BUILTINS.has(spec) || NODE_BUILTINS.has(name)) return 'renderer/ runs sandboxed: no Node modules';
    return RENDERER_PACKAGES.has(name) ? null : `renderer/ may only use ${[...RENDERER_PACKAGES].join(', ')}, shared/ and itself`;
  }
  return null;
}

const rule = {
  meta: {
    type: 'problem',
    docs: { description: 'Enforce the shared / renderer / core / shell layering' },
    schema: [],
    messages: { layer: "Import '{{spec}}' breaks the layering: {{why}}." },
  },
  create(context) {
    const root = context.cwd;
    const file = path.relative(root, context.filename);
    const fromLayer = layerOf(file);
    function check(node, spec) {
      if (typeof spec !== 'string') return;
      let targetLayer = null;
      if (spec.startsWith('.') || spec.startsWith('/')) {
        const target = path.relative(root, path.resolve(path.dirname(context.filename), spec));
        targetLayer = layerOf(target);
      }
      const why = violation(fromLayer, spec, targetLayer);
      if (why) context.report({ node, messageId: 'layer', data: { spec, why } });
    }
    return {
      ImportDeclaration: (node) => check(node.source, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node.source, node.source.value),
      ExportAllDeclaration: (node) => check(node.source, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
      CallExpression: (node) => {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require' && node.arguments[0]?.type === 'Literal') {
          check(node.arguments[0], node.arguments[0].value);
        }
      },
    };
  },
};

export default { meta: { name: 'persistcert-layers' }, rules: { layers: rule } };
