#!/usr/bin/env node
// @ts-check
'use strict';
/**
 * node test/emulator/cli.js [--port 12111] [--key sk_test_x]... [--rate-limit 25] [--latency 0]
 *                           [--no-strict] [--seed-prices 3]
 * Prints exactly one line to stdout once listening, so parent processes can wait for it.
 */
const { startEmulator } = require('./server');

function parseArgs(argv) {
  const o = { port: 0, keys: /** @type {string[]} */ ([]), rateLimit: 0, latency: 0, strict: true, seedPrices: 0 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`missing value for ${a}`);
      return v;
    };
    if (a === '--port') o.port = Number(next());
    else if (a === '--key') o.keys.push(next());
    else if (a === '--rate-limit') o.rateLimit = Number(next());
    else if (a === '--latency') o.latency = Number(next());
    else if (a === '--no-strict') o.strict = false;
    else if (a === '--seed-prices') o.seedPrices = Number(next());
    else throw new Error(`unknown argument: ${a}`);
  }
  return o;
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const emu = await startEmulator({
    port: o.port,
    apiKeys: o.keys.length ? o.keys : undefined,
    rateLimitPerSecond: o.rateLimit,
    latencyMs: o.latency,
    strict: o.strict,
  });
  const currencies = ['usd', 'eur', 'gbp'];
  for (let i = 0; i < o.seedPrices; i++) {
    const p = emu.seedPrice({
      unit_amount: 1000 * (i + 1),
      currency: currencies[i % currencies.length],
      recurring: i % 3 === 2 ? { interval: 'month' } : null,
      product: { name: `Demo product ${i + 1}` },
    });
    process.stderr.write(`seeded ${p.id} (${p.unit_amount} ${p.currency}${p.recurring ? '/month' : ''})\n`);
  }
  process.stdout.write(`stripe-emulator listening on ${emu.url}\n`);
  const stop = () => emu.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((e) => {
  process.stderr.write(`stripe-emulator: ${e && e.message}\n`);
  process.exit(1);
});
