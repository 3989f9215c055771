// End-to-end tests: the example workflows in real n8n 2.41.1 (Node 24) against the bundled
// Stripe emulator. Run with `npm run test:e2e`; the default `npm test` does not pick these up.
/** @type {import('jest').Config} */
module.exports = {
	rootDir: __dirname,
	testMatch: ['<rootDir>/**/*.e2e.test.js'],
	testEnvironment: 'node',
	transform: {},
	// The first run installs n8n (a few minutes); later runs take about a minute or two.
	testTimeout: 20 * 60 * 1000,
	maxWorkers: 1,
	// Fails the run with where to get Stripe's OpenAPI spec when it is missing (see test/emulator/openapi.js).
	globalSetup: '<rootDir>/../setup/requireOpenApiSpec.js',
	verbose: true,
};
