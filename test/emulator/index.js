// @ts-check
'use strict';
/**
 * Local Stripe-compatible server for the Payment Links API (tests, benchmarks, demo).
 * See README.md in this folder for the full API.
 */
const { startEmulator, Emulator, API_VERSION, KNOWN_VERSIONS } = require('./server');
const { loadSchemas, leafPaths, pathsOfValue } = require('./schema');
const { validate } = require('./validate');

module.exports = { startEmulator, Emulator, API_VERSION, KNOWN_VERSIONS, loadSchemas, leafPaths, pathsOfValue, validate };
