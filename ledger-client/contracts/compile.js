// Compiles contracts/src with the pinned solc (npm, JS API) and writes build/<Contract>.abi and .bin for every
// deployable contract. `node compile.js --check` writes nothing and exits 1 when build/ no longer matches src/.
'use strict';
const fs = require('fs');
const path = require('path');

const here = __dirname;
const tools = process.env.DCLOUD_TOOLS || path.join(here, '..', '..', 'tools', 'node_modules');
const solc = require(path.join(tools, 'solc'));
const deployable = ['DcloudToken', 'DcloudTestToken', 'DcloudMarket', 'ReentrantToken'];

function sources(dir, prefix) {
  const out = {};
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const rel = prefix + entry.name;
    if (entry.isDirectory()) Object.assign(out, sources(path.join(dir, entry.name), rel + '/'));
    else if (entry.name.endsWith('.sol')) out[rel] = { content: fs.readFileSync(path.join(dir, entry.name), 'utf8') };
  }
  return out;
}

function findImports(importPath) {
  const file = path.join(tools, importPath);
  return fs.existsSync(file) ? { contents: fs.readFileSync(file, 'utf8') } : { error: 'not found: ' + importPath };
}

const input = {
  language: 'Solidity',
  sources: sources(path.join(here, 'src'), ''),
  settings: {
    evmVersion: 'cancun',
    viaIR: true,
    optimizer: { enabled: true, runs: 200 },
    outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } },
  },
};
const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports }));
const errors = (output.errors || []).filter((e) => e.severity === 'error');
for (const e of output.errors || []) process.stderr.write(e.formattedMessage + '\n');
if (errors.length > 0) process.exit(2);

const expected = {};
for (const file of Object.keys(output.contracts)) {
  for (const [name, contract] of Object.entries(output.contracts[file])) {
    if (!deployable.includes(name)) continue;
    expected[name + '.abi'] = JSON.stringify(contract.abi, null, 2) + '\n';
    expected[name + '.bin'] = contract.evm.bytecode.object;
  }
}
const build = path.join(here, 'build');
if (process.argv.includes('--check')) {
  const stale = Object.keys(expected).filter((f) => {
    const file = path.join(build, f);
    return !fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== expected[f];
  });
  if (stale.length > 0) {
    process.stderr.write('stale compiled contracts (run node ledger-client/contracts/compile.js): ' + stale.join(', ') + '\n');
    process.exit(1);
  }
  process.stdout.write('compiled contracts match their sources (solc ' + solc.version() + ')\n');
} else {
  fs.mkdirSync(build, { recursive: true });
  for (const [f, content] of Object.entries(expected)) fs.writeFileSync(path.join(build, f), content);
  process.stdout.write('wrote ' + Object.keys(expected).join(', ') + ' (solc ' + solc.version() + ')\n');
}
