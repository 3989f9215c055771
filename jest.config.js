/** Unit and engine tests. The real-n8n end-to-end tests have their own config (test/e2e). */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts', '**/*.test.js'],
	testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/e2e/'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'test/tsconfig.json', diagnostics: { warnOnly: false } }] },
	testTimeout: 300000,
	setupFiles: ['<rootDir>/test/setup/captureLogs.ts'],
	globalSetup: '<rootDir>/test/setup/globalSetup.js',
	globalTeardown: '<rootDir>/test/setup/globalTeardown.js',
};
