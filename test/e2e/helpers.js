'use strict';
// Shared by the end-to-end suites: reading the CSV files n8n wrote, and setting up fixtures
// straight in the emulator (not through n8n).

const qs = require('qs');

/** RFC 4180 parsing, enough for the CSV n8n writes. */
function parseCsv(text) {
	text = text.replace(/^\uFEFF/, ''); // n8n's Convert to File writes a UTF-8 BOM
	const rows = [];
	let row = [];
	let field = '';
	let quoted = false;
	for (let i = 0; i < text.length; i++) {
		const char = text[i];
		if (quoted) {
			if (char === '"' && text[i + 1] === '"') {
				field += '"';
				i++;
			} else if (char === '"') quoted = false;
			else field += char;
		} else if (char === '"') quoted = true;
		else if (char === ',') {
			row.push(field);
			field = '';
		} else if (char === '\n' || char === '\r') {
			if (char === '\r' && text[i + 1] === '\n') i++;
			row.push(field);
			rows.push(row);
			row = [];
			field = '';
		} else field += char;
	}
	if (field !== '' || row.length) {
		row.push(field);
		rows.push(row);
	}
	const [header, ...data] = rows.filter((cells) => cells.length > 1 || cells[0] !== '');
	return data.map((cells) => Object.fromEntries(header.map((name, index) => [name, cells[index] ?? ''])));
}

/** Calls the emulator's API directly, form-encoded like Stripe; throws with Stripe's error on a 4xx/5xx. */
async function callEmulator(emulator, secretKey, method, route, body) {
	const response = await fetch(`${emulator.url}${route}`, {
		method,
		headers: { authorization: `Bearer ${secretKey}`, 'content-type': 'application/x-www-form-urlencoded' },
		body: body ? qs.stringify(body) : undefined,
	});
	const json = await response.json();
	if (!response.ok) throw new Error(`${method} ${route}: ${JSON.stringify(json)}`);
	return json;
}

module.exports = { parseCsv, callEmulator };
