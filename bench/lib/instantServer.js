'use strict';
/**
 * A server that answers every request at once with a canned payment link (rendered once by
 * the emulator, with every option set), so that a run measures only the client. Child process.
 * It keeps the raw body of every request since the last `reset`, for the parent's body checks
 * (`bodies` hands them over).
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
	let bodies = [];
	const server = http.createServer((req, res) => {
		const chunks = [];
		req.on('data', (chunk) => chunks.push(chunk));
		req.on('end', () => {
			requests++;
			bodies.push({
				method: req.method,
				path: req.url,
				headers: { 'idempotency-key': req.headers['idempotency-key'], 'stripe-account': req.headers['stripe-account'] },
				body: Buffer.concat(chunks).toString('utf8'),
			});
			res.writeHead(200, { 'Content-Type': 'application/json', 'Request-Id': `req_instant${++n}` });
			res.end(body);
		});
	});
	server.keepAliveTimeout = 5000;
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${server.address().port}`,
		server,
		count: () => requests,
		takeBodies: () => {
			const taken = bodies;
			bodies = [];
			return taken;
		},
	};
}

if (require.main === module) {
	start().then(({ url, count, takeBodies }) => {
		process.send({ url });
		process.on('message', (m) => {
			if (m === 'count') process.send({ count: count() });
			if (m === 'reset') {
				takeBodies();
				process.send({ reset: true });
			}
			if (m === 'bodies') process.send({ bodies: takeBodies() });
			if (m === 'close') process.exit(0);
		});
		process.on('disconnect', () => process.exit(0));
	});
}

module.exports = { start };
