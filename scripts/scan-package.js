'use strict';
// n8n's verification scanner (@n8n/scan-community-package), run on this repository the way n8n
// runs it on a published version: its analyzePackage() on the source files, then on the unpacked
// `npm pack` tarball, each with the file patterns the scanner itself uses
// (analyzePackageByName in scanner/scanner.mjs). The provenance and download steps of a real
// scan need a published version and are left to n8n. Also checks that the tarball carries every
// node's codex next to the node. Any finding, error or warning, exits 1.
//
// Usage (after `npm run build`): npm run scan

const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const REPO_ROOT = path.resolve(__dirname, '..');
const SCANNER = '@n8n/scan-community-package';
const SCANNER_DIR = path.dirname(require.resolve(`${SCANNER}/package.json`));
// The scanner's own copy of fast-glob, so files are matched exactly as it matches them.
const glob = require(require.resolve('fast-glob', { paths: [SCANNER_DIR] }));
// analyzePackageByName lints the published tarball with these patterns: compiled .js and the
// published package.json. The scanner does not export them, unlike SOURCE_FILE_PATTERNS.
const TARBALL_FILE_PATTERNS = ['**/*.js', 'package.json'];

async function loadScanner() {
	const scanner = await import(path.join(SCANNER_DIR, 'scanner', 'scanner.mjs'));
	// Importing the scanner creates a temporary folder for downloads this run never makes;
	// have `tmp` remove it on exit.
	require(require.resolve('tmp', { paths: [SCANNER_DIR] })).setGracefulCleanup();
	const { version } = require(`${SCANNER}/package.json`);
	return { ...scanner, version };
}

/**
 * analyzePackage() decides pass/fail on errors only and prints nothing for warnings; lint the
 * same files with the scanner's own config (buildScanConfig, inline config off) to count both.
 */
async function lintLikeTheScanner(scanner, dir, patterns) {
	const { ESLint } = require(require.resolve('eslint', { paths: [SCANNER_DIR] }));
	const files = glob.sync(patterns, { cwd: dir, absolute: true, ignore: ['node_modules/**', '**/package-lock.json'] });
	const eslint = new ESLint({ cwd: dir, allowInlineConfig: false, overrideConfigFile: true, overrideConfig: await scanner.buildScanConfig() });
	const results = await eslint.lintFiles(files);
	return {
		files: files.map((file) => path.relative(dir, file)).sort(),
		errors: results.reduce((sum, result) => sum + result.errorCount, 0),
		warnings: results.reduce((sum, result) => sum + result.warningCount, 0),
		details: (await eslint.loadFormatter('stylish')).format(results).trim(),
	};
}

async function scan(scanner, label, dir, patterns) {
	const verdict = await scanner.analyzePackage(dir, patterns);
	const counted = await lintLikeTheScanner(scanner, dir, patterns);
	const findings = counted.errors + counted.warnings;
	const ok = verdict.passed && findings === 0;
	console.log(`${label}: analyzePackage(${JSON.stringify(patterns)}) → passed: ${verdict.passed}${verdict.message ? ` (${verdict.message})` : ''}`);
	console.log(`${label}: ${counted.files.length} files linted, ${counted.errors} errors, ${counted.warnings} warnings`);
	if (verdict.details) console.log(verdict.details.trim());
	else if (counted.details) console.log(counted.details);
	return { ok, files: counted.files };
}

/** Packs the package as `npm publish` would and unpacks it; returns the folder and file list. */
function packAndUnpack(workDir) {
	const out = execFileSync('npm', ['pack', '--json', '--pack-destination', workDir], { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
	const [info] = JSON.parse(out.slice(out.indexOf('[')));
	const dir = path.join(workDir, 'package');
	fs.mkdirSync(dir);
	execFileSync('tar', ['-xzf', path.join(workDir, info.filename), '-C', dir, '--strip-components=1']);
	return { dir, filename: info.filename, files: info.files.map((file) => file.path) };
}

/**
 * Every codex under nodes/ is in the tarball at dist/<same path>, unchanged, and every node that
 * package.json registers has its codex beside it (n8n reads `${nodeFile}on`).
 */
function codexProblems(packed) {
	const problems = [];
	const codexFiles = glob.sync('nodes/**/*.node.json', { cwd: REPO_ROOT }).sort();
	if (!codexFiles.length) problems.push('no nodes/**/*.node.json codex file in the source');
	for (const codex of codexFiles) {
		const shipped = path.join(packed.dir, 'dist', codex);
		if (!fs.existsSync(shipped)) problems.push(`dist/${codex} is not in ${packed.filename}`);
		else if (!fs.readFileSync(shipped).equals(fs.readFileSync(path.join(REPO_ROOT, codex)))) problems.push(`dist/${codex} in ${packed.filename} differs from ${codex}`);
	}
	const manifest = JSON.parse(fs.readFileSync(path.join(packed.dir, 'package.json'), 'utf8'));
	for (const nodeFile of manifest.n8n?.nodes ?? []) {
		if (!packed.files.includes(nodeFile)) problems.push(`${nodeFile} (package.json n8n.nodes) is not in ${packed.filename}`);
		if (!packed.files.includes(`${nodeFile}on`)) problems.push(`${nodeFile}on, the codex of ${nodeFile}, is not in ${packed.filename}`);
	}
	return { problems, codexFiles };
}

async function main() {
	const scanner = await loadScanner();
	console.log(`${SCANNER} ${scanner.version}`);
	const source = await scan(scanner, 'source', REPO_ROOT, scanner.SOURCE_FILE_PATTERNS);

	const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stripe-pl-scan-'));
	try {
		const packed = packAndUnpack(workDir);
		const tarball = await scan(scanner, `tarball ${packed.filename}`, packed.dir, TARBALL_FILE_PATTERNS);
		const codex = codexProblems(packed);
		for (const problem of codex.problems) console.log(`codex: ${problem}`);
		if (!codex.problems.length) console.log(`codex: ${codex.codexFiles.map((file) => `dist/${file}`).join(', ')} in the tarball beside ${codex.codexFiles.length === 1 ? 'its node' : 'their nodes'}`);
		const ok = source.ok && tarball.ok && !codex.problems.length;
		console.log(ok ? 'scan: 0 findings on the source and on the tarball' : 'scan: FAILED');
		return ok;
	} finally {
		fs.rmSync(workDir, { recursive: true, force: true });
	}
}

if (require.main === module) {
	main().then(
		(ok) => process.exit(ok ? 0 : 1),
		(error) => {
			console.error(error);
			process.exit(1);
		},
	);
}

module.exports = { loadScanner, glob, REPO_ROOT };
