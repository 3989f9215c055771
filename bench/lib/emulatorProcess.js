'use strict';
/**
 * Starts the emulator, either in a child process (timing runs: its CPU stays out of the
 * client's figures) or in this process (CI smoke), behind the same small async API.
 */
const { fork } = require('child_process');
const path = require('path');

async function startEmulatorProcess({ apiKeys, strict = true, rateLimitPerSecond = 0, inProcess = false }) {
	if (inProcess) {
		const child = require('./emulatorChild').createCommands();
		const info = await child.start({ apiKeys, strict, rateLimitPerSecond });
		return wrap(async (cmd, args) => child[cmd](args ?? {}), info);
	}
	const child = fork(path.join(__dirname, 'emulatorChild.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: [] });
	const pending = new Map();
	let nextId = 0;
	child.on('message', ({ id, result, error }) => {
		const p = pending.get(id);
		if (!p) return;
		pending.delete(id);
		if (error) p.reject(new Error(`emulator: ${error}`));
		else p.resolve(result);
	});
	child.on('exit', (code) => {
		for (const p of pending.values()) p.reject(new Error(`emulator process exited (${code})`));
		pending.clear();
	});
	const call = (cmd, args) =>
		new Promise((resolve, reject) => {
			const id = ++nextId;
			pending.set(id, { resolve, reject });
			child.send({ id, cmd, args });
		});
	const info = await call('start', { apiKeys, strict, rateLimitPerSecond });
	return wrap(call, info, child);
}

function wrap(call, info, child) {
	return {
		url: info.url,
		pid: info.pid,
		seedPrices: (count) => call('seedPrices', { count }),
		seedLinks: (count, priceIds) => call('seedLinks', { count, priceIds }),
		clear: (options) => call('clear', options),
		setRateLimit: (perSecond) => call('setRateLimit', { perSecond }),
		summary: (options) => call('summary', options),
		async close() {
			try {
				await call('close');
			} catch {
				/* already gone */
			}
			if (child && child.exitCode === null) await new Promise((r) => child.once('exit', r));
		},
	};
}

module.exports = { startEmulatorProcess };
