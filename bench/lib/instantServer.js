'use strict';
/**
 * A server that answers every request at once with a canned payment link (rendered once by
 * the emulator, with every option set), so that a run measures only the client. Child process.
 */
const http = require('http');

const { startEmulator } = require('../../test/emulator');

async function cannedLink() {
	const emu = await startEmulator({ strict: false });
	try {
		const price = emu.seedPrice({ unit_amount: 1500, currency: 'usd', product: { name: 'Canned' } });
		return JSON.stringify(
			emu.seedPaymentLink({
				line_items: [{ price: price.id, quantity: 2, adjustable_quantity: { enabled: true, minimum: 1, maximum: 10 } }],
				metadata: { row: '0', customer: 'customer-0@example.com' },
				after_completion: { type: 'redirect', redirect: { url: 'https://example.com/thanks/0' } },
				allow_promotion_codes: true,
				inactive_message: 'Sold out',
				restrictions: { completed_sessions: { limit: 10 } },
				submit_type: 'pay',
			}),
		);
	} finally {
		await emu.close();
	}
}

async function start() {
	const body = await cannedLink();
	let requests = 0;
	let n = 0;
	const server = http.createServer((req, res) => {
		req.resume();
		req.on('end', () => {
			requests++;
			res.writeHead(200, { 'Content-Type': 'application/json', 'Request-Id': `req_instant${++n}` });
			res.end(body);
		});
	});
	server.keepAliveTimeout = 5000;
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	return { url: `http://127.0.0.1:${server.address().port}`, server, count: () => requests };
}

if (require.main === module) {
	start().then(({ url, count }) => {
		process.send({ url });
		process.on('message', (m) => {
			if (m === 'count') process.send({ count: count() });
			if (m === 'close') process.exit(0);
		});
		process.on('disconnect', () => process.exit(0));
	});
}

module.exports = { start };
