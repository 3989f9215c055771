const path = require('path');
const { task, src, dest, parallel } = require('gulp');

// n8n resolves `file:` icons relative to the compiled .js files, so the SVGs must sit in dist/
// beside them; tsc does not copy non-TypeScript assets.
function copyIcons() {
	const icons = src('icons/**/*.svg').pipe(dest(path.resolve('dist', 'icons')));
	const nodeAssets = src('nodes/**/*.{png,svg}').pipe(dest(path.resolve('dist', 'nodes')));
	return Promise.all([streamDone(icons), streamDone(nodeAssets)]);
}

// Each node's codex (<Name>.node.json: categories, documentation links) must sit beside its
// <Name>.node.js: n8n's loader reads `${nodeFile}on` and otherwise loads the node without it.
function copyCodex() {
	return streamDone(src('nodes/**/*.node.json').pipe(dest(path.resolve('dist', 'nodes'))));
}

function streamDone(stream) {
	return new Promise((resolve, reject) => stream.on('finish', resolve).on('error', reject));
}

task('build:assets', parallel(copyIcons, copyCodex));
