// Lints what n8n's verification scanner lints, the way it lints it. The blocks below restate
// buildScanConfig() from @n8n/scan-community-package 0.32.0 (scanner/scanner.mjs), which
// mirrors @n8n/node-cli's default config: the same rule sets, the same rules off, the TypeScript
// parser for package.json and the other JSON files. test/lint.test.ts checks that this config
// turns on every rule the scanner's does, and .ci/run runs the scanner itself on the source
// and on the packed tarball.
//
// Why our own config and not `@n8n/node-cli/eslint` (package.json has "strict": false):
// see "Linting" in the README.
import { defineConfig, globalIgnores } from 'eslint/config';
import tsParser from '@typescript-eslint/parser';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';

export default defineConfig(
	// The scanner's SOURCE_FILE_PATTERNS: package.json and {nodes,credentials}/**/*.{js,ts,json},
	// i.e. what gets published. `eslint .` (and `n8n-node lint`) lints nothing else.
	globalIgnores(['**/*', '!package.json', '!{nodes,credentials}/', '!{nodes,credentials}/**/', '!{nodes,credentials}/**/*.{js,ts,json}']),
	{
		// The scanner lints with allowInlineConfig: false, so an eslint-disable comment here
		// would hide a problem from us and not from n8n. ESLint warns about each one instead,
		// and `npm run lint` allows no warnings.
		linterOptions: { noInlineConfig: true },
	},
	n8nCommunityNodesPlugin.configs.recommended,
	{
		rules: { 'no-console': 'error' },
	},
	{ plugins: { 'n8n-nodes-base': n8nNodesBase } },
	{
		files: ['package.json'],
		rules: { ...n8nNodesBase.configs.community.rules },
	},
	{
		files: ['**/credentials/**/*.ts'],
		rules: {
			...n8nNodesBase.configs.credentials.rules,
			// Not valid for community nodes (a docs slug instead of a URL).
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
			// @n8n/community-nodes/credential-password-field checks this more accurately.
			'n8n-nodes-base/cred-class-field-type-options-password-missing': 'off',
		},
	},
	{
		files: ['**/nodes/**/*.ts'],
		rules: {
			...n8nNodesBase.configs.nodes.rules,
			// Inputs and outputs are NodeConnectionTypes.Main, which
			// @n8n/community-nodes/node-connection-type-literal requires, not the string 'main'.
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
			// Stripe does have maximums (limit ≤ 100, quantity ≤ 99…), so maxValue is valid.
			'n8n-nodes-base/node-param-type-options-max-value-present': 'off',
		},
	},
	// The package.json rules of both plugins walk the TSESTree ObjectExpression that the
	// TypeScript parser produces for a JSON object; under a JSON parser they check nothing.
	{ files: ['**/*.json'], languageOptions: { parser: tsParser } },
	{ files: ['**/*.ts'], languageOptions: { parser: tsParser } },
);
