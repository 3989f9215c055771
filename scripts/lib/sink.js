'use strict';
// Local stand-ins for the "send the link somewhere" step of the examples, so the demo and the
// end-to-end tests need no outside service. Both listen on 127.0.0.1 only and record what they
// received in memory.
//
//   const smtp = await startSmtpSink();   // for n8n's Send Email node (SMTP credential)
//   smtp.port; smtp.messages -> [{ from, to: [...], data, subject, text }]
//
//   const http = await startHttpSink();   // for an HTTP Request / Discord / Slack webhook node
//   http.url; http.requests -> [{ method, url, headers, body, json }]

const http = require('http');
const net = require('net');

function listen(server) {
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			server.off('error', reject);
			resolve(server.address().port);
		});
	});
}

function closeServer(server, sockets) {
	for (const socket of sockets) socket.destroy();
	return new Promise((resolve) => server.close(() => resolve()));
}

/** Minimal SMTP server (RFC 5321 subset, no TLS, accepts any AUTH) that keeps every message. */
async function startSmtpSink() {
	const messages = [];
	const waiters = [];
	const sockets = new Set();
	const server = net.createServer((socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
		socket.on('error', () => {});
		socket.setEncoding('utf8');
		let buffer = '';
		let inData = false;
		let dataLines = [];
		let authStep = null;
		let envelope = { from: null, to: [] };
		const reply = (line) => socket.write(`${line}\r\n`);
		reply('220 localhost smtp-sink ready');
		socket.on('data', (chunk) => {
			buffer += chunk;
			let index;
			while ((index = buffer.indexOf('\r\n')) !== -1) {
				const line = buffer.slice(0, index);
				buffer = buffer.slice(index + 2);
				if (inData) {
					if (line === '.') {
						inData = false;
						const data = dataLines.join('\r\n');
						messages.push({ ...envelope, data, ...parseMessage(data) });
						envelope = { from: null, to: [] };
						dataLines = [];
						reply('250 OK: queued');
						while (waiters.length) waiters.shift()();
					} else {
						dataLines.push(line.startsWith('..') ? line.slice(1) : line);
					}
					continue;
				}
				if (authStep) {
					authStep = authStep === 'user' ? 'pass' : null;
					reply(authStep ? '334 UGFzc3dvcmQ6' : '235 Authentication successful');
					continue;
				}
				const [verb] = line.split(' ');
				switch (verb.toUpperCase()) {
					case 'EHLO':
						reply('250-localhost');
						reply('250-AUTH PLAIN LOGIN');
						reply('250 8BITMIME');
						break;
					case 'HELO':
						reply('250 localhost');
						break;
					case 'AUTH':
						if (/^AUTH LOGIN/i.test(line)) {
							authStep = 'user';
							reply('334 VXNlcm5hbWU6');
						} else {
							reply('235 Authentication successful');
						}
						break;
					case 'MAIL':
						envelope.from = (line.match(/<([^>]*)>/) || [])[1] || null;
						reply('250 OK');
						break;
					case 'RCPT':
						envelope.to.push((line.match(/<([^>]*)>/) || [])[1]);
						reply('250 OK');
						break;
					case 'DATA':
						inData = true;
						reply('354 End data with <CR><LF>.<CR><LF>');
						break;
					case 'RSET':
						envelope = { from: null, to: [] };
						reply('250 OK');
						break;
					case 'NOOP':
						reply('250 OK');
						break;
					case 'QUIT':
						reply('221 Bye');
						socket.end();
						break;
					default:
						reply('502 Command not implemented');
				}
			}
		});
	});
	const port = await listen(server);
	return {
		host: '127.0.0.1',
		port,
		messages,
		/** Resolves once at least `count` messages arrived (or rejects after `timeoutMs`). */
		waitFor(count, timeoutMs = 10000) {
			return waitUntil(() => messages.length >= count, waiters, timeoutMs, `${count} SMTP message(s)`);
		},
		close: () => closeServer(server, sockets),
	};
}

/** Splits headers and body and decodes quoted-printable / base64 text bodies (enough for tests). */
function parseMessage(raw) {
	const split = raw.indexOf('\r\n\r\n');
	const headerText = split === -1 ? raw : raw.slice(0, split);
	const headers = {};
	for (const line of headerText.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
		const colon = line.indexOf(':');
		if (colon > 0) headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
	}
	const subject = decodeWords(headers.subject || '');
	// Collect every text part; decode what nodemailer produces for short messages.
	const parts = [];
	const partRe = /Content-Type: text\/(plain|html)[^]*?(?:Content-Transfer-Encoding: ([\w-]+)[^]*?)?\r\n\r\n([^]*?)(?=\r\n--|$)/gi;
	let match;
	while ((match = partRe.exec(raw))) parts.push({ type: match[1].toLowerCase(), body: decodeBody(match[3], match[2]) });
	if (!parts.length) {
		const body = split === -1 ? '' : raw.slice(split + 4);
		parts.push({ type: 'plain', body: decodeBody(body, headers['content-transfer-encoding']) });
	}
	const text = parts.find((part) => part.type === 'plain')?.body ?? '';
	const html = parts.find((part) => part.type === 'html')?.body ?? '';
	return { headers, subject, text, html };
}

function decodeBody(body, encoding) {
	switch ((encoding || '').toLowerCase()) {
		case 'base64':
			return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
		case 'quoted-printable':
			return Buffer.from(
				body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, hex) => String.fromCharCode(parseInt(hex, 16))),
				'latin1',
			).toString('utf8');
		default:
			return body;
	}
}

function decodeWords(value) {
	return value.replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_, kind, text) =>
		kind.toLowerCase() === 'b'
			? Buffer.from(text, 'base64').toString('utf8')
			: decodeBody(text.replace(/_/g, ' '), 'quoted-printable'),
	);
}

/** HTTP server that answers 204 (or `status`) to everything and keeps each request. */
async function startHttpSink({ status = 204 } = {}) {
	const requests = [];
	const waiters = [];
	const sockets = new Set();
	const server = http.createServer((req, res) => {
		const chunks = [];
		req.on('data', (chunk) => chunks.push(chunk));
		req.on('end', () => {
			const body = Buffer.concat(chunks).toString('utf8');
			let json;
			try {
				json = body ? JSON.parse(body) : undefined;
			} catch {
				json = undefined;
			}
			requests.push({ method: req.method, url: req.url, headers: req.headers, body, json });
			res.writeHead(status, { 'content-type': 'application/json' });
			res.end(status === 204 ? undefined : '{"ok":true}');
			while (waiters.length) waiters.shift()();
		});
	});
	server.on('connection', (socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	const port = await listen(server);
	return {
		url: `http://127.0.0.1:${port}`,
		port,
		requests,
		waitFor(count, timeoutMs = 10000) {
			return waitUntil(() => requests.length >= count, waiters, timeoutMs, `${count} HTTP request(s)`);
		},
		close: () => closeServer(server, sockets),
	};
}

function waitUntil(done, waiters, timeoutMs, what) {
	return new Promise((resolve, reject) => {
		if (done()) return resolve();
		const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), timeoutMs);
		const check = () => {
			if (done()) {
				clearTimeout(timer);
				resolve();
			} else {
				waiters.push(check);
			}
		};
		waiters.push(check);
	});
}

module.exports = { startSmtpSink, startHttpSink, parseMessage };
