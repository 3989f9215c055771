'use strict';
// prepublishOnly: versions are published only by .github/workflows/publish.yml, on a version
// tag, with npm provenance; n8n's verification refuses versions published without it.
// npm skips lifecycle scripts under this repository's .npmrc (ignore-scripts=true), which is
// why publishConfig.provenance in package.json also makes npm itself refuse a publish that
// cannot attest where it was built; publish.yml runs npm publish with --ignore-scripts=false
// so that this check, the build and the lint run there.

const { version } = require('../package.json');

const PUBLISH_WORKFLOW = '.github/workflows/publish.yml';

/** Why this environment may not publish, or null when it is publish.yml on the tag v<version>. */
function refusal(env, packageVersion) {
	const tag = `v${packageVersion}`;
	if (env.GITHUB_ACTIONS !== 'true') return 'this is not a GitHub Actions run';
	const workflowRef = env.GITHUB_WORKFLOW_REF ?? '';
	if (!workflowRef.includes(`/${PUBLISH_WORKFLOW}@`)) return `the running workflow is ${workflowRef || 'unknown'}, not ${PUBLISH_WORKFLOW}`;
	if (env.GITHUB_REF !== `refs/tags/${tag}`) return `the workflow runs for ${env.GITHUB_REF || 'no ref'}, not for the tag ${tag} of package.json's version`;
	return null;
}

function howToRelease(packageVersion) {
	return [
		`Releases are published only by ${PUBLISH_WORKFLOW} (GitHub Actions), which runs .ci/run`,
		'and then npm publish --provenance, so that npm records where the version was built.',
		'To release (README.md, "Releasing"):',
		'  1. npm version X.Y.Z --no-git-tag-version, and add the X.Y.Z entry to CHANGELOG.md;',
		'  2. commit both, then tag and push: git tag vX.Y.Z && git push origin main vX.Y.Z.',
		`(package.json says ${packageVersion}.)`,
	].join('\n');
}

if (require.main === module) {
	const reason = refusal(process.env, version);
	if (reason) {
		console.error(`npm publish refused: ${reason}.\n${howToRelease(version)}`);
		process.exit(1);
	}
}

module.exports = { refusal, PUBLISH_WORKFLOW };
