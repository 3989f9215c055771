'use strict';
/**
 * The emulator in its own process for timing runs, so that its CPU does not land in the
 * client's figures. Driven by the parent (bench/lib/emulatorProcess.js) over IPC.
 */
const { startEmulator } = require('../../test/emulator');

function createCommands({ exitOnClose = false } = {}) {
	let emu;

	const commands = {
		async start({ apiKeys, strict = true, rateLimitPerSecond = 0 }) {
			emu = await startEmulator({ apiKeys, strict, rateLimitPerSecond });
			// Stamp each request with its arrival time (send-phase timing for the paced runs).
			const push = emu.requests.push;
			emu.requests.push = function (...recs) {
				for (const rec of recs) rec.at = Date.now();
				return push.apply(this, recs);
			};
			return { url: emu.url, pid: process.pid };
		},
		seedPrices({ count }) {
			const ids = [];
			for (let i = 0; i < count; i++) {
				ids.push(emu.seedPrice({ unit_amount: 1000 * (i + 1), currency: 'usd', product: { name: `Bench product ${i + 1}` } }).id);
			}
			return ids;
		},
		seedLinks({ count, priceIds }) {
			for (let i = 0; i < count; i++) {
				emu.seedPaymentLink({
					line_items: priceIds.map((price, j) => ({ price, quantity: 1 + ((i + j) % 3) })),
					metadata: { row: String(i), source: 'bench' },
					after_completion: { type: 'redirect', redirect: { url: `https://example.com/thanks/${i}` } },
				});
			}
			return emu.state.paymentLinks.size;
		},
		/** Forgets requests and created links (keeping prices, and links when keepLinks). */
		clear({ keepLinks = false } = {}) {
			emu.requests.length = 0;
			if (!keepLinks) {
				emu.state.paymentLinks.clear();
				emu.state.lineItems.clear();
			}
			emu.idempotency.clear();
			emu.window.length = 0;
			Object.assign(emu.stats, { created: 0, replays: 0, rateLimited: 0, requests: 0 });
			return true;
		},
		setRateLimit({ perSecond }) {
			emu.setRateLimit(perSecond);
			return true;
		},
		/**
		 * What the server saw: status counts, and for creates the decoded body of every link
		 * actually created, keyed by the metadata field that names the input row.
		 */
		summary({ rowKey = 'row', bodies = false } = {}) {
			const statuses = {};
			const createdByRow = {};
			let firstAt = Infinity;
			let lastAt = 0;
			for (const r of emu.requests) {
				statuses[r.status] = (statuses[r.status] ?? 0) + 1;
				if (r.at < firstAt) firstAt = r.at;
				if (r.at > lastAt) lastAt = r.at;
				if (r.method === 'POST' && r.path === '/v1/payment_links' && r.status === 200 && !r.replayed) {
					const row = r.body?.metadata?.[rowKey] ?? '?';
					(createdByRow[row] ??= []).push(bodies ? r.body : 1);
				}
			}
			const rows = Object.keys(createdByRow);
			const duplicates = rows.reduce((n, row) => n + createdByRow[row].length - 1, 0);
			return {
				requests: emu.stats.requests,
				created: emu.stats.created,
				replays: emu.stats.replays,
				rateLimited: emu.stats.rateLimited,
				statuses,
				createdRows: rows.length,
				duplicates,
				bodies: bodies ? Object.fromEntries(rows.map((row) => [row, createdByRow[row][0]])) : undefined,
				links: emu.state.paymentLinks.size,
				sendPhaseMs: emu.requests.length ? lastAt - firstAt : 0,
				firstAt: emu.requests.length ? firstAt : undefined,
			};
		},
		async close() {
			await emu?.close();
			if (exitOnClose) setImmediate(() => process.exit(0));
			return true;
		},
	};
	return commands;
}

module.exports = { createCommands };

if (require.main === module) {
	const commands = createCommands({ exitOnClose: true });
	process.on('message', async ({ id, cmd, args }) => {
		try {
			const result = await commands[cmd](args ?? {});
			process.send({ id, result });
		} catch (error) {
			process.send({ id, error: String(error?.stack ?? error) });
		}
	});
	process.on('disconnect', () => process.exit(0));
}
