'use strict';
// `npm run demo` end to end: one command, real n8n, prints the links the spreadsheet example
// created, and never prints a key.

const { spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const lib = require('../../scripts/lib/n8n');
const { EXPECTED_UNIT_AMOUNTS, readSampleSheet } = require('../harness/sampleSheet');

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function runDemo(env) {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [path.join(lib.REPO_ROOT, 'scripts', 'demo.js')], {
			cwd: lib.REPO_ROOT,
			env,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk) => (stdout += chunk));
		child.stderr.on('data', (chunk) => {
			stderr += chunk;
			process.stderr.write(chunk);
		});
		child.on('error', reject);
		child.on('close', (code) => resolve({ code, stdout, stderr }));
	});
}

test('npm run demo prints a table of the payment links the spreadsheet example created', async () => {
	const demoDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stripe-links-demo-'));
	try {
		const env = { ...process.env, DEMO_DIR: demoDir };
		delete env.STRIPE_SECRET_KEY; // the embedded default: the bundled emulator
		const { code, stdout, stderr } = await runDemo(env);
		expect({ code, stderr: code === 0 ? '' : stderr.slice(-3000) }).toEqual({ code: 0, stderr: '' });

		const rows = readSampleSheet();
		const table = stdout.split('\n').filter((line) => /^\d+\s+\S+ [A-Z]{3}\s/.test(line));
		expect(table).toHaveLength(rows.length);
		table.forEach((line, index) => {
			// The row's price as written in the sheet, the unit_amount Stripe got, its expiry (or -), and its link.
			const { sku, price, currency, expires_at: expiresAt } = rows[index];
			const unitAmount = EXPECTED_UNIT_AMOUNTS[sku][2];
			const expected = `^${index + 1}\\s+${escape(price)} ${currency.toUpperCase()}\\s+${unitAmount}\\s+${escape(expiresAt || '-')}\\s+plink_[A-Za-z0-9]+\\s+https://buy\\.stripe\\.com/\\S+$`;
			expect(line).toMatch(new RegExp(expected));
		});
		expect(stdout).toMatch(/^row\s+price\s+unit_amount\s+expires_at\s+id\s+url$/m);
		// The CSV the workflow wrote holds the same links.
		const written = fs.readFileSync(path.join(demoDir, 'n8n', 'files', 'products-with-links.csv'), 'utf8');
		for (const line of table) {
			const [id, url] = line.split(/\s+/).slice(-2);
			expect(written).toContain(`${id},${url}`);
		}
		// Progress for the long steps, and no key anywhere in what it printed.
		expect(stderr).toMatch(/\[demo\] building the package/);
		expect(stderr).toMatch(/\[demo\] running the spreadsheet example/);
		// One active link that has expired, for the scheduled-deactivation example to find.
		expect(stderr).toMatch(/\[demo\] seeded plink_[A-Za-z0-9]+, active with metadata\.expires_at \d{4}-\d\d-\d\dT/);
		expect(stdout + stderr).not.toMatch(/sk_(test|live)_[A-Za-z0-9]+/);
	} finally {
		fs.rmSync(demoDir, { recursive: true, force: true });
	}
});
