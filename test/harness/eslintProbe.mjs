// ESLint's Node API on a temporary copy of the package, run as its own process: jest's module
// sandbox cannot import eslint.config.mjs. Reads a request on stdin, prints JSON on stdout.
//
// Request: { variants: [{ name, edits: { relPath: text } }], ruleFiles: [relPath] }
// - each variant writes its edits into the copy, runs `eslint .` there with the project's own
//   eslint.config.mjs (what `npm run lint` and `n8n-node lint` run), and puts the files back;
// - for each of ruleFiles, the rules our config and the scanner's buildScanConfig() turn on.
import { createRequire } from 'module';
import fs from 'fs';
import os from 'os';
import path from 'path';

const require = createRequire(import.meta.url);
const { ESLint } = require('eslint');
const { loadScanner, glob, REPO_ROOT } = require('../../scripts/scan-package.js');

const COPIED = ['package.json', 'eslint.config.mjs', 'nodes', 'credentials', 'icons'];

function makeCopy() {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stripe-pl-lint-'));
	for (const entry of COPIED) fs.cpSync(path.join(REPO_ROOT, entry), path.join(dir, entry), { recursive: true });
	// The copied config imports the plugins; resolve them from the repository.
	fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
	return dir;
}

function summarize(dir, results) {
	return {
		linted: results.map((result) => path.relative(dir, result.filePath)).sort(),
		messages: results.flatMap((result) =>
			result.messages.map(({ ruleId, severity, message, line }) => ({ file: path.relative(dir, result.filePath), ruleId, severity, message, line })),
		),
	};
}

async function lintVariant(eslint, dir, edits) {
	const originals = new Map();
	for (const [file, text] of Object.entries(edits)) {
		const target = path.join(dir, file);
		originals.set(target, fs.existsSync(target) ? fs.readFileSync(target) : null);
		fs.mkdirSync(path.dirname(target), { recursive: true });
		fs.writeFileSync(target, text);
	}
	try {
		return summarize(dir, await eslint.lintFiles(['.']));
	} finally {
		for (const [target, original] of originals) {
			if (original === null) fs.rmSync(target);
			else fs.writeFileSync(target, original);
		}
	}
}

function enabledRules(config) {
	const rules = {};
	for (const [rule, entry] of Object.entries(config.rules ?? {})) {
		const severity = Array.isArray(entry) ? entry[0] : entry;
		const level = { off: 0, warn: 1, error: 2 }[severity] ?? severity;
		if (level > 0) rules[rule] = level;
	}
	return rules;
}

async function main() {
	const request = JSON.parse(fs.readFileSync(0, 'utf8'));
	const dir = makeCopy();
	try {
		const scanner = await loadScanner();
		const ours = new ESLint({ cwd: dir });
		const output = { variants: {}, rules: {} };
		output.scannerFiles = glob.sync(scanner.SOURCE_FILE_PATTERNS, { cwd: dir, ignore: ['node_modules/**', '**/package-lock.json'] }).sort();
		for (const { name, edits } of request.variants) output.variants[name] = await lintVariant(ours, dir, edits);
		const theirs = new ESLint({ cwd: dir, allowInlineConfig: false, overrideConfigFile: true, overrideConfig: await scanner.buildScanConfig() });
		for (const file of request.ruleFiles) {
			const target = path.join(dir, file);
			output.rules[file] = {
				ours: enabledRules(await ours.calculateConfigForFile(target)),
				scanner: enabledRules(await theirs.calculateConfigForFile(target)),
			};
		}
		process.stdout.write(JSON.stringify(output));
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
