'use strict';

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

module.exports = { parseCsv };
