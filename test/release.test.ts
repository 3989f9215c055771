/**
 * Releases happen only through .github/workflows/publish.yml: the release guard (prepublishOnly)
 * refuses everything else with a how-to-release message, and npm itself refuses a hand publish
 * that skips lifecycle scripts (this repository's .npmrc has ignore-scripts=true), because
 * publishConfig asks for provenance. Nothing here reaches a registry: the publishes that get
 * past the guard go to a closed port on 127.0.0.1.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..');
const { refusal, PUBLISH_WORKFLOW } = require('../scripts/release-guard.js') as {
	refusal: (env: Record<string, string | undefined>, version: string) => string | null;
	PUBLISH_WORKFLOW: string;
};
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const publishYml = fs.readFileSync(path.join(ROOT, PUBLISH_WORKFLOW), 'utf8');
const ciYml = fs.readFileSync(path.join(ROOT, '.github/workflows/ci.yml'), 'utf8');

/** What GitHub sets when publish.yml runs for the tag v<version> of this repository. */
const publishRun = (version: string) => ({
	GITHUB_ACTIONS: 'true',
	GITHUB_WORKFLOW_REF: `n8n-nodes-stripe-payment-links/n8n-nodes-stripe-payment-links/${PUBLISH_WORKFLOW}@refs/tags/v${version}`,
	GITHUB_REF: `refs/tags/v${version}`,
});

/** npm with a clean environment: no CI variables (npm would try to sign provenance), no npm_config_* from jest's parent npm. */
function npm(args: string[]) {
	const env = { PATH: process.env.PATH, HOME: process.env.HOME, npm_config_update_notifier: 'false' };
	return spawnSync('npm', args, { cwd: ROOT, env, encoding: 'utf8', timeout: 120000 });
}

function closedPort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = net.createServer().once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as net.AddressInfo;
			server.close(() => resolve(port));
		});
	});
}

describe('the release guard', () => {
	test('lets publish.yml publish on the tag of package.json’s version', () => {
		expect(refusal(publishRun(manifest.version), manifest.version)).toBeNull();
	});

	test.each([
		['a laptop', {}, /not a GitHub Actions run/],
		['the CI workflow', { ...publishRun(manifest.version), GITHUB_WORKFLOW_REF: 'o/r/.github/workflows/ci.yml@refs/heads/main' }, /ci\.yml.*not \.github\/workflows\/publish\.yml/],
		['publish.yml on a branch', { ...publishRun(manifest.version), GITHUB_REF: 'refs/heads/main' }, /refs\/heads\/main, not for the tag v/],
		['publish.yml on another version’s tag', publishRun('9.9.9'), /refs\/tags\/v9\.9\.9, not for the tag v/],
	])('refuses %s', (_label, env, reason) => {
		expect(refusal(env, manifest.version)).toMatch(reason);
	});

	test('runs as prepublishOnly: npm publish with scripts on is refused with how to release', () => {
		expect(manifest.scripts.prepublishOnly).toMatch(/^node scripts\/release-guard\.js && /);
		const run = npm(['publish', '--dry-run', '--ignore-scripts=false']);
		expect(run.status).not.toBe(0);
		expect(run.stderr).toContain('npm publish refused: this is not a GitHub Actions run.');
		expect(run.stderr).toContain('git tag vX.Y.Z && git push origin main vX.Y.Z');
		expect(run.stderr).toContain(PUBLISH_WORKFLOW);
	});
});

test('a hand publish that skips scripts (.npmrc) is refused by npm: publishConfig requires provenance', async () => {
	expect(manifest.publishConfig).toEqual({ access: 'public', provenance: true });
	const registry = `http://127.0.0.1:${await closedPort()}/`;
	const run = npm(['publish', `--registry=${registry}`, `--${registry.replace(/^http:/, '')}:_authToken=not-a-token`, '--fetch-retries=0']);
	expect(run.status).not.toBe(0);
	expect(run.stderr).toContain('Automatic provenance generation not supported for provider: null');
	expect(run.stderr).not.toContain('npm publish refused'); // the guard did not run: scripts were skipped
});

test('publish.yml publishes with provenance on version tags, after .ci/run; ci.yml runs .ci/run', () => {
	expect(publishYml).toMatch(/^on:\n {2}push:\n {4}tags: \['v\*\.\*\.\*'\]$/m);
	expect(publishYml).toMatch(/^ {2}id-token: write\b/m);
	const ciRun = publishYml.indexOf('- run: bash .ci/run');
	const publish = publishYml.indexOf('- run: npm publish --provenance --access public --ignore-scripts=false');
	expect(ciRun).toBeGreaterThan(0);
	expect(publish).toBeGreaterThan(ciRun);
	expect(ciYml).toContain('- run: bash .ci/run');
});
