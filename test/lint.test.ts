/**
 * Our lint is n8n's verification lint: `eslint .` with the project's eslint.config.mjs, run through
 * ESLint's Node API on a temporary copy of the package (test/harness/eslintProbe.mjs), refuses
 * what n8n's scanner refuses, checks the files the scanner checks, and turns on every rule the
 * scanner's own config (buildScanConfig from @n8n/scan-community-package) turns on.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..');
const NODE_FILE = 'nodes/StripePaymentLinks/StripePaymentLinks.node.ts';
const CREDENTIAL_FILE = 'credentials/StripePaymentLinksApi.credentials.ts';
const CODEX_FILE = 'nodes/StripePaymentLinks/StripePaymentLinks.node.json';

interface Message {
	file: string;
	ruleId: string | null;
	severity: number;
	message: string;
	line: number;
}
interface Probe {
	scannerFiles: string[];
	variants: Record<string, { linted: string[]; messages: Message[] }>;
	rules: Record<string, { ours: Record<string, number>; scanner: Record<string, number> }>;
}

const packageJson = fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8');
const nodeSource = fs.readFileSync(path.join(ROOT, NODE_FILE), 'utf8');
const withPackageJson = (change: (manifest: Record<string, unknown>) => void) => {
	const manifest = JSON.parse(packageJson);
	change(manifest);
	return JSON.stringify(manifest, null, 2) + '\n';
};
const consoleLine = nodeSource.trimEnd().split('\n').length + 2;

const variants = {
	'as committed': {},
	'runtime dependencies': {
		'package.json': withPackageJson((manifest) => {
			manifest.dependencies = { 'left-pad': '^1.3.0' };
		}),
	},
	'console.log in nodes/': { [NODE_FILE]: `${nodeSource.trimEnd()}\n\nconsole.log('debug');\n` },
	'console.log behind eslint-disable': {
		[NODE_FILE]: `${nodeSource.trimEnd()}\n// eslint-disable-next-line no-console\nconsole.log('debug');\n`,
	},
	'install script, no licence, a name outside the convention': {
		'package.json': withPackageJson((manifest) => {
			manifest.name = 'stripe-payment-links';
			delete manifest.license;
			(manifest.scripts as Record<string, string>).postinstall = 'node -e 1';
		}),
	},
};

let probe: Probe;

beforeAll(() => {
	// eslint-plugin-n8n-nodes-base treats every file as a trigger node file under NODE_ENV=test
	// (its own test mode), which jest sets; `npm run lint` runs without it.
	const env = { ...process.env };
	delete env.NODE_ENV;
	const run = spawnSync(process.execPath, [path.join(ROOT, 'test', 'harness', 'eslintProbe.mjs')], {
		cwd: ROOT,
		env,
		input: JSON.stringify({
			variants: Object.entries(variants).map(([name, edits]) => ({ name, edits })),
			ruleFiles: ['package.json', NODE_FILE, CREDENTIAL_FILE, CODEX_FILE],
		}),
		encoding: 'utf8',
		maxBuffer: 64 * 1024 * 1024,
	});
	if (run.status !== 0) throw new Error(`eslintProbe.mjs exited with ${run.status}:\n${run.stderr}`);
	probe = JSON.parse(run.stdout);
});

const errors = (name: string) => probe.variants[name].messages.filter((message) => message.severity === 2);

test('eslint . lints exactly the files the scanner lints in a source checkout, and finds nothing', () => {
	const { linted, messages } = probe.variants['as committed'];
	expect(linted).toEqual(probe.scannerFiles);
	expect(linted).toEqual(expect.arrayContaining(['package.json', NODE_FILE, CREDENTIAL_FILE, CODEX_FILE]));
	expect(messages).toEqual([]);
});

test('a package.json with runtime dependencies fails the lint', () => {
	expect(errors('runtime dependencies')).toEqual([
		expect.objectContaining({ file: 'package.json', ruleId: '@n8n/community-nodes/no-runtime-dependencies' }),
	]);
});

test('a console.log in nodes/ fails the lint', () => {
	expect(errors('console.log in nodes/')).toEqual([
		expect.objectContaining({ file: NODE_FILE, ruleId: 'no-console', line: consoleLine }),
	]);
});

test('an eslint-disable comment in nodes/ does not hide it: inline config is off, and the comment itself is reported', () => {
	const { messages } = probe.variants['console.log behind eslint-disable'];
	expect(messages).toEqual([
		expect.objectContaining({ file: NODE_FILE, severity: 1, ruleId: null, message: expect.stringMatching(/has no effect because you have 'noInlineConfig'/) }),
		expect.objectContaining({ file: NODE_FILE, severity: 2, ruleId: 'no-console', line: consoleLine }),
	]);
});

test('package.json is parsed so that the package.json rules of both plugins check it', () => {
	const rules = errors('install script, no licence, a name outside the convention').map((message) => `${message.file} ${message.ruleId}`);
	expect(rules).toEqual(
		expect.arrayContaining([
			'package.json @n8n/community-nodes/no-forbidden-lifecycle-scripts',
			'package.json @n8n/community-nodes/package-name-convention',
			'package.json n8n-nodes-base/community-package-json-license-missing',
		]),
	);
});

test.each(['package.json', NODE_FILE, CREDENTIAL_FILE, CODEX_FILE])(
	'%s: every rule the scanner turns on is on in our config, at least as strict',
	(file) => {
		const { ours, scanner } = probe.rules[file];
		expect(Object.keys(scanner).length).toBeGreaterThan(40);
		const weaker = Object.entries(scanner).filter(([rule, level]) => !((ours[rule] ?? 0) >= level));
		expect(weaker).toEqual([]);
	},
);
