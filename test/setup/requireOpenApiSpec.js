/**
 * The tests check every request against Stripe's OpenAPI spec (test/emulator/openapi.js), so a
 * run without it fails here, once, with where to get it: it never skips silently.
 */
const { loadSpec } = require('../emulator/openapi');

module.exports = function requireOpenApiSpec() {
	try {
		loadSpec({ required: true });
	} catch (error) {
		// Jest prints a thrown error's stack; the message alone says what to do.
		const failure = new Error(error.message);
		failure.stack = `\n${error.message}\n`;
		throw failure;
	}
};
