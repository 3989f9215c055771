'use strict';
/**
 * test/fields/allFields.ts (the parameter sets with which the coverage test reaches every leaf
 * path of Stripe's Create and Update params), loaded from plain JavaScript: transpiled once
 * with the TypeScript compiler's transpileModule (no type check, no ts-jest) and compiled as a
 * CommonJS module. Loaded outside any timed region; the bench and the coverage test therefore
 * share one definition of "every field".
 */
const fs = require('fs');
const Module = require('module');
const path = require('path');

const FILE = path.resolve(__dirname, '../../test/fields/allFields.ts');

let cached;

function loadAllFields() {
	if (cached) return cached;
	const ts = require('typescript');
	const { outputText } = ts.transpileModule(fs.readFileSync(FILE, 'utf8'), {
		compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
		fileName: FILE,
	});
	const m = new Module(FILE, module);
	m.filename = FILE;
	m.paths = Module._nodeModulePaths(path.dirname(FILE));
	m._compile(outputText, FILE);
	cached = m.exports;
	return cached;
}

module.exports = { loadAllFields, ALL_FIELDS_FILE: FILE };
