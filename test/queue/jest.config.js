// n8n's queue mode for real: PostgreSQL and Redis from Debian's packages, n8n main plus two
// `n8n worker` processes (2.41.1, Node 24), the bundled Stripe emulator enforcing 25 req/s.
// Run with `npm run test:queue`; neither `npm test` nor `npm run test:e2e` picks it up.
/** @type {import('jest').Config} */
module.exports = {
	rootDir: __dirname,
	testMatch: ['<rootDir>/**/*.queue.test.js'],
	testEnvironment: 'node',
	transform: {},
	// Installing n8n (first run only) and the Debian packages can take several minutes.
	testTimeout: 30 * 60 * 1000,
	maxWorkers: 1,
	verbose: true,
};
